package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.MetricSpec;
import io.circuitlens.kernels.Prepared;

/**
 * The metric kernel on the CPU, in double: one row's logits are widened to double, the metric and (optionally) its
 * gradient computed, and stored as float. Softmaxes keep (max, log Σ exp(z − max)) rather than one sum, so that
 * log-probabilities stay accurate for logits of ±1e4. A KL metric's reference softmaxes are computed once, when the
 * metric is prepared.
 */
final class CpuMetric implements Prepared<MetricSpec> {
    private final MetricSpec spec;
    private final float[] reference;
    private final Softmax[] referenceSoftmax;

    CpuMetric(MetricSpec spec) {
        this.spec = spec;
        if (spec.reference() != null) {
            this.reference = CpuKernels.array(spec.reference());
            int vocab = spec.vocab();
            this.referenceSoftmax = new Softmax[spec.prompts()];
            double[] row = new double[vocab];
            for (int p = 0; p < spec.prompts(); p++) {
                for (int v = 0; v < vocab; v++) row[v] = reference[p * vocab + v];
                referenceSoftmax[p] = Softmax.of(row);
            }
        } else {
            this.reference = null;
            this.referenceSoftmax = null;
        }
    }

    @Override
    public MetricSpec host() {
        return spec;
    }

    @Override
    public void close() {}

    /** Row r of logits against prompt p's targets; grad (same length) is overwritten when not null. */
    double row(double[] z, int p, double[] grad) {
        return switch (spec.kind()) {
            case LOGITS -> linearInLogits(z, p, grad);
            case PROBS -> linearInProbs(z, p, grad);
            case KL, KL_MEAN -> kl(z, p, grad, spec.kind() == MetricSpec.Kind.KL_MEAN);
        };
    }

    /** Σ a_v·z_v; its gradient is a itself. */
    private double linearInLogits(double[] z, int p, double[] grad) {
        double value = 0;
        for (int k = spec.start()[p]; k < spec.start()[p + 1]; k++) value += spec.weights()[k] * z[spec.ids()[k]];
        if (grad != null) {
            java.util.Arrays.fill(grad, 0);
            for (int k = spec.start()[p]; k < spec.start()[p + 1]; k++) grad[spec.ids()[k]] += spec.weights()[k];
        }
        return value;
    }

    /** m = Σ a_v·p_v with p = softmax(z); d m / d z_u = p_u·(a_u − m). */
    private double linearInProbs(double[] z, int p, double[] grad) {
        Softmax softmax = Softmax.of(z);
        double value = 0;
        for (int k = spec.start()[p]; k < spec.start()[p + 1]; k++) value += spec.weights()[k] * softmax.prob(z[spec.ids()[k]]);
        if (grad != null) {
            for (int v = 0; v < z.length; v++) grad[v] = -value * softmax.prob(z[v]);
            for (int k = spec.start()[p]; k < spec.start()[p + 1]; k++) {
                int id = spec.ids()[k];
                grad[id] += spec.weights()[k] * softmax.prob(z[id]);
            }
        }
        return value;
    }

    /** KL(p_ref ‖ p) = Σ_v p_ref(v)·(log p_ref(v) − log p(v)); gradient p − p_ref; both ÷ vocab for the mean. */
    private double kl(double[] z, int p, double[] grad, boolean mean) {
        int vocab = z.length;
        Softmax ref = referenceSoftmax[p];
        Softmax model = Softmax.of(z);
        double scale = mean ? 1.0 / vocab : 1.0;
        double kl = 0;
        int base = p * vocab;
        for (int v = 0; v < vocab; v++) {
            double logRef = ref.logProb(reference[base + v]);
            double logModel = model.logProb(z[v]);
            double pRef = Math.exp(logRef);
            // 0·log 0 = 0: a reference probability that underflows (or a −inf logit) adds nothing
            if (pRef > 0) kl += pRef * (logRef - logModel);
            if (grad != null) grad[v] = (Math.exp(logModel) - pRef) * scale;
        }
        return kl * scale;
    }

    /**
     * The log-normaliser of a softmax in double, kept as (max, log Σ exp(z − max)) rather than one sum: log p(v) is then
     * (z_v − max) − logSum, which stays accurate for logits of ±1e4.
     */
    record Softmax(double max, double logSum) {
        static Softmax of(double[] z) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : z) max = Math.max(max, x);
            if (Double.isInfinite(max)) return new Softmax(max, 0); // all −inf or a +inf logit: nothing finite to do
            double sum = 0;
            for (double x : z) sum += Math.exp(x - max);
            return new Softmax(max, Math.log(sum));
        }

        double logProb(double z) {
            return (z - max) - logSum;
        }

        double prob(double z) {
            return Math.exp((z - max) - logSum);
        }
    }
}
