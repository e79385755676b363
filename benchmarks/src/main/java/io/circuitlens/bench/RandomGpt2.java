package io.circuitlens.bench;

import io.circuitlens.kernels.Kernels;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.model.Gpt2Weights;
import io.circuitlens.model.LayerWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A GPT-2 of any shape with random weights, built in memory (benchmarks need no checkpoint file). */
final class RandomGpt2 {
    private RandomGpt2() {}

    static final Gpt2Config SMALL = new Gpt2Config(12, 12, 768, 1024, 50257, 3072, 1e-5);

    static Gpt2Model create(Gpt2Config c, Kernels k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = c.dModel();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.nLayers(); l++) {
            layers.add(new LayerWeights(ones(k, d), normal(k, rng, d, 0.02), normal(k, rng, d * 3 * d, 0.02), normal(k, rng, 3 * d, 0.02),
                    normal(k, rng, d * d, 0.02), normal(k, rng, d, 0.02), ones(k, d), normal(k, rng, d, 0.02),
                    normal(k, rng, d * c.dMlp(), 0.02), normal(k, rng, c.dMlp(), 0.02), normal(k, rng, c.dMlp() * d, 0.02), normal(k, rng, d, 0.02)));
        }
        Gpt2Weights w = new Gpt2Weights(normal(k, rng, c.dVocab() * d, 0.02), normal(k, rng, c.nCtx() * d, 0.02), layers, ones(k, d),
                normal(k, rng, d, 0.02));
        return new Gpt2Model(c, w, k);
    }

    private static io.circuitlens.kernels.Buf ones(Kernels k, int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return k.upload(a);
    }

    private static io.circuitlens.kernels.Buf normal(Kernels k, SplittableRandom rng, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextGaussian() * std);
        return k.upload(a);
    }
}
