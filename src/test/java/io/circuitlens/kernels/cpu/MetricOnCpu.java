package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.metrics.Metric;

/**
 * Evaluates a metric definition with the CPU backend's metric kernel, for tests: one row of double logits through the
 * kernel's double arithmetic (what finite differences need), or a batch of float rows through the kernel itself.
 * {@code reference} is the clean next-token logits [prompts][vocab] a KL metric compares with (null otherwise).
 */
public final class MetricOnCpu {
    private MetricOnCpu() {}

    public static double row(Metric m, double[] z, int prompt, double[] grad, float[][] reference) {
        return new CpuMetric(m.spec(z.length, referenceBuf(reference))).row(z, prompt, grad);
    }

    public static void batch(Metric m, float[] logits, int vocab, int[] rowPrompt, float[] values, float[] grad, float[][] reference) {
        try (CpuKernels k = new CpuKernels(new Parallel(2))) {
            Buf logitsBuf = k.upload(logits);
            Buf valuesBuf = k.alloc(rowPrompt.length);
            Buf gradBuf = grad == null ? null : k.alloc((long) rowPrompt.length * vocab);
            k.metric(k.prepare(m.spec(vocab, referenceBuf(reference))), logitsBuf, k.prepare(RowMap.listed(rowPrompt)), valuesBuf, gradBuf);
            k.download(valuesBuf, 0, values, 0, rowPrompt.length);
            if (grad != null) k.download(gradBuf, 0, grad, 0, rowPrompt.length * vocab);
        }
    }

    private static Buf referenceBuf(float[][] reference) {
        if (reference == null) return null;
        int vocab = reference[0].length;
        float[] flat = new float[reference.length * vocab];
        for (int p = 0; p < reference.length; p++) System.arraycopy(reference[p], 0, flat, p * vocab, vocab);
        return new CpuBuf(flat, false);
    }
}
