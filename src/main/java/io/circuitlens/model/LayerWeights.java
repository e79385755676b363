package io.circuitlens.model;

import io.circuitlens.kernels.Buf;

/** One transformer block's parameters on the backend. Linear weights are [in, out] (HF Conv1D layout). */
public record LayerWeights(Buf ln1W, Buf ln1B, Buf qkvW, Buf qkvB, Buf outW, Buf outB,
                           Buf ln2W, Buf ln2B, Buf fcW, Buf fcB, Buf projW, Buf projB) {}
