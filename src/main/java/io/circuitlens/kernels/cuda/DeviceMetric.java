package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.MetricSpec;

/**
 * A {@link MetricSpec} on the device. Answer metrics upload their CSR tables once (weights as double, start and ids
 * as int32: 12 bytes a token); KL metrics keep a pointer to the reference logits (already on the device) and the
 * reference softmaxes' (max, log Σ exp) per prompt, computed on the device by metricReference when prepared.
 */
final class DeviceMetric extends DeviceTables<MetricSpec> {
    final boolean answers;
    final long reference;

    DeviceMetric(MetricSpec spec, DevicePool pool) {
        super(spec, pool, bytes(spec));
        this.answers = spec.ids() != null;
        this.reference = answers ? 0 : ((CudaBuf) spec.reference()).address();
    }

    private static long bytes(MetricSpec m) {
        return m.ids() != null ? 12L * m.ids().length + 4L * m.start().length : 16L * m.prompts();
    }

    /** weights (double), start, ids: what an answer metric uploads. */
    byte[] table() {
        MetricSpec m = host();
        return new HostTable(bytes(m)).doubles(m.weights()).ints(m.start()).ints(m.ids()).bytes();
    }

    long weights() {
        return answers ? at(0) : 0;
    }

    long start() {
        return answers ? at(8L * host().ids().length) : 0;
    }

    long ids() {
        return answers ? at(8L * host().ids().length + 4L * host().start().length) : 0;
    }

    /** double [prompts, 2] of a KL metric: (max, log Σ exp) of each reference row. */
    long referenceStats() {
        return answers ? 0 : at(0);
    }
}
