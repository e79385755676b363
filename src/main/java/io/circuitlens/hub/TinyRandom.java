package io.circuitlens.hub;


/**
 * A fully specified random stream (SplitMix64 and Box–Muller), so that {@code make-tiny} writes the same weights
 * for the same seed on every JVM: committed reference fixtures depend on it.
 */
final class TinyRandom {
    private long state;
    private double spare = Double.NaN;

    TinyRandom(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in (0, 1]. */
    double nextUniform() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    double nextGaussian() {
        if (!Double.isNaN(spare)) {
            double g = spare;
            spare = Double.NaN;
            return g;
        }
        double r = Math.sqrt(-2 * Math.log(nextUniform()));
        double t = 2 * Math.PI * nextUniform();
        spare = r * Math.sin(t);
        return r * Math.cos(t);
    }
}
