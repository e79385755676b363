package io.circuitlens.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter tensors of a GPT-2 checkpoint in Hugging Face naming (hub style, without the {@code transformer.}
 * prefix) with the shapes the config implies. HF stores linear layers as {@code Conv1D}, i.e. weights [in, out].
 */
public final class Gpt2Parameters {
    private Gpt2Parameters() {}

    /** A named tensor and its expected shape. */
    public record Spec(String name, int[] shape) {}

    public static List<Spec> all(Gpt2Config c) {
        int d = c.dModel();
        List<Spec> out = new ArrayList<>();
        out.add(new Spec("wte.weight", new int[] {c.dVocab(), d}));
        out.add(new Spec("wpe.weight", new int[] {c.nCtx(), d}));
        for (int l = 0; l < c.nLayers(); l++) {
            String h = "h." + l + ".";
            out.add(new Spec(h + "ln_1.weight", new int[] {d}));
            out.add(new Spec(h + "ln_1.bias", new int[] {d}));
            out.add(new Spec(h + "attn.c_attn.weight", new int[] {d, 3 * d}));
            out.add(new Spec(h + "attn.c_attn.bias", new int[] {3 * d}));
            out.add(new Spec(h + "attn.c_proj.weight", new int[] {d, d}));
            out.add(new Spec(h + "attn.c_proj.bias", new int[] {d}));
            out.add(new Spec(h + "ln_2.weight", new int[] {d}));
            out.add(new Spec(h + "ln_2.bias", new int[] {d}));
            out.add(new Spec(h + "mlp.c_fc.weight", new int[] {d, c.dMlp()}));
            out.add(new Spec(h + "mlp.c_fc.bias", new int[] {c.dMlp()}));
            out.add(new Spec(h + "mlp.c_proj.weight", new int[] {c.dMlp(), d}));
            out.add(new Spec(h + "mlp.c_proj.bias", new int[] {d}));
        }
        out.add(new Spec("ln_f.weight", new int[] {d}));
        out.add(new Spec("ln_f.bias", new int[] {d}));
        return out;
    }
}
