package io.circuitlens.model;

import io.circuitlens.kernels.Buf;

/**
 * What the backward pass needs from one layer of the forward pass (activation gradients only, so no weights'
 * inputs beyond these): the inputs of both layer norms with their scales, the fused qkv, the attention pattern and
 * the MLP pre-activation. {@code from} is where the pass entered the layer (RESID_PRE for a whole layer); what it did
 * not compute is null, and the backward pass ends there. qkv and pattern cover the whole prompts (see
 * {@link PassWindows}); the rest holds the rows the layer computed.
 */
record LayerTape(HookType from, Buf residPre, Buf scale1, Buf qkv, Buf pattern, Buf mlpIn, Buf scale2, Buf pre) {}
