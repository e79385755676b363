package io.circuitlens.ablation;

/**
 * The weight edits that take a head or neuron out of a GPT-2 layer while keeping its mean contribution (Hugging Face
 * Conv1D layout, weights [in, out], row-major). A removed head's q, k and v are 0 (so its output z is 0) and its W_O
 * rows are 0; its mean output mean_z·W_O[h] goes into the attention output bias, so the layer adds at every position
 * exactly what mean ablation sets. A removed neuron's input column and bias are 0 (gelu_new(0) = 0) and its output row
 * is 0; mean_post·W_proj[n] goes into the MLP output bias. The bias additions are accumulated in double by the caller.
 */
final class CircuitWeights {
    private CircuitWeights() {}

    /**
     * @param cAttnW [d, 3d] (q | k | v columns), @param cAttnB [3d], @param cProjW [d, d] (rows h·d_head.. are head h's
     * W_O), @param biasAdd [d]: receives mean_z·W_O[h]
     */
    static void removeHead(float[] cAttnW, float[] cAttnB, float[] cProjW, double[] biasAdd, int d, int dHead, int h, float[] meanZ) {
        for (int part = 0; part < 3; part++) {
            int col0 = part * d + h * dHead;
            for (int i = 0; i < d; i++) java.util.Arrays.fill(cAttnW, i * 3 * d + col0, i * 3 * d + col0 + dHead, 0f);
            java.util.Arrays.fill(cAttnB, col0, col0 + dHead, 0f);
        }
        for (int j = 0; j < dHead; j++) {
            int row = (h * dHead + j) * d;
            for (int o = 0; o < d; o++) {
                biasAdd[o] += (double) meanZ[j] * cProjW[row + o];
                cProjW[row + o] = 0f;
            }
        }
    }

    /**
     * @param fcW [d, d_mlp], @param fcB [d_mlp], @param projW [d_mlp, d], @param biasAdd [d]: receives mean_post·W_proj[n]
     */
    static void removeNeuron(float[] fcW, float[] fcB, float[] projW, double[] biasAdd, int d, int dMlp, int n, float meanPost) {
        for (int i = 0; i < d; i++) fcW[i * dMlp + n] = 0f;
        fcB[n] = 0f;
        for (int o = 0; o < d; o++) {
            biasAdd[o] += (double) meanPost * projW[n * d + o];
            projW[n * d + o] = 0f;
        }
    }

    static void addTo(float[] bias, double[] add) {
        for (int o = 0; o < bias.length; o++) bias[o] = (float) (bias[o] + add[o]);
    }
}
