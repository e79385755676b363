package io.circuitlens.kernels;

/**
 * A compiled patch: segment i covers dst[dstOffset[i] .. + length[i]) and reads src[srcOffset[i] .. + length[i]),
 * with its own alpha (so row i of a batch can be interpolated with a different alpha than row j). Every hook
 * layout (per position, per head, per neuron, attention rows) reduces to such contiguous segments, which is what
 * lets one kernel execute every declarative patch on either backend.
 */
public record PatchSegments(long[] dstOffset, long[] srcOffset, int[] length, float[] alpha) {
    public PatchSegments {
        int n = dstOffset.length;
        if (srcOffset.length != n || length.length != n || alpha.length != n) {
            throw new IllegalArgumentException("segment arrays differ in length");
        }
    }

    public int count() {
        return dstOffset.length;
    }
}
