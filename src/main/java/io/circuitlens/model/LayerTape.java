package io.circuitlens.model;

import io.circuitlens.kernels.Buf;

/**
 * What the backward pass needs from one layer of the forward pass (activation gradients only, so no weights'
 * inputs beyond these): the inputs of both layer norms with their scales, the fused qkv, the attention pattern and
 * the MLP pre-activation. Fields of the attention half are null when the pass started at this layer's resid_mid.
 */
record LayerTape(Buf residPre, Buf scale1, Buf qkv, Buf pattern, Buf mlpIn, Buf scale2, Buf pre) {}
