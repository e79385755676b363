package io.circuitlens.bench;

/**
 * One GEMM case of the benchmark, written {@code MxNxK_OP} or {@code MxNxK_OP_ldLD}: OP is two letters, N or T for
 * op(A) and op(B) (T = stored transposed), and LD, when given, is the row stride of both operands as for one attention
 * head read out of a [T, 3·768] qkv buffer. numpy_gemm.py parses the same names.
 */
public record GemmShape(int m, int n, int k, boolean transA, boolean transB, int ld) {

    public static GemmShape parse(String name) {
        String[] parts = name.split("_");
        String[] dims = parts[0].split("x");
        if (dims.length != 3 || parts.length < 2 || parts[1].length() != 2) {
            throw new IllegalArgumentException(
                    "bad GEMM shape '" + name + "', expected like 512x768x768_NN or 64x64x64_NT_ld2304");
        }
        int ld = parts.length > 2 ? Integer.parseInt(parts[2].substring("ld".length())) : 0;
        return new GemmShape(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                parts[1].charAt(0) == 'T', parts[1].charAt(1) == 'T', ld);
    }

    public double flops() {
        return 2.0 * m * n * k;
    }

    /** Stored rows and columns of A and B and their strides (at least the row length). */
    public int aRows() {
        return transA ? k : m;
    }

    public int lda() {
        return Math.max(ld, transA ? m : k);
    }

    public int bRows() {
        return transB ? n : k;
    }

    public int ldb() {
        return Math.max(ld, transB ? k : n);
    }
}
