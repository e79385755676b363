package io.circuitlens.kernels;

/** Arithmetic of the backend's matrix products. */
public enum Precision {
    /** IEEE float32 products (every backend). */
    FP32,
    /**
     * TF32 tensor-core products on CUDA (cuBLAS's TF32 math mode): inputs rounded to 10 mantissa bits, float32
     * accumulation; several times faster on Ampere and newer, with relative errors around 1e-3 in each product.
     */
    TF32
}
