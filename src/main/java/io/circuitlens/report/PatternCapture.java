package io.circuitlens.report;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.HookFilter;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.List;

/** Runs the model once on a prompt, caching only the asked layers' {@code attn.hook_pattern}, for the pattern view. */
public final class PatternCapture {
    private PatternCapture() {}

    public static AttentionPatterns run(LoadedModel lm, String text, boolean bos, List<ComponentRef> heads) {
        if (heads.isEmpty()) throw new CircuitLensException("give the heads whose patterns to draw, e.g. --heads 9.6,9.9");
        for (ComponentRef h : heads) {
            if (h.kind() != ComponentKind.HEADS) throw new CircuitLensException(h.label() + " is a neuron; attention patterns belong to heads (L.H)");
            if (h.layer() >= lm.config().nLayers() || h.index() >= lm.config().nHeads()) {
                throw new CircuitLensException("head " + h.label() + " is not in " + lm.folder() + " (" + lm.config().nLayers() + " layers x "
                        + lm.config().nHeads() + " heads)");
            }
        }
        Batch batch = lm.tokenize(List.of(text), bos);
        String[] hooks = heads.stream().map(h -> "blocks." + h.layer() + ".attn.hook_pattern").distinct().toArray(String[]::new);
        int t = batch.length(0);
        List<AttentionPatterns.Head> out = new ArrayList<>();
        try (ForwardResult r = lm.model().forward(batch, ForwardOptions.lastLogits().withCache(HookFilter.of(hooks)))) {
            for (ComponentRef h : heads) {
                FloatTensor p = r.cache().get("blocks." + h.layer() + ".attn.hook_pattern", 0); // [head, query, key]
                float[] one = new float[t * t];
                System.arraycopy(p.data(), h.index() * t * t, one, 0, t * t);
                out.add(new AttentionPatterns.Head(h.layer(), h.index(), one));
            }
        }
        List<String> tokens = new ArrayList<>();
        for (int id : batch.tokens()[0]) tokens.add(lm.tokenizer().token(id));
        return new AttentionPatterns(text, tokens, out);
    }
}
