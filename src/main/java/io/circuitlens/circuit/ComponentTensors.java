package io.circuitlens.circuit;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.LongTensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Component lists as tensors in result files: an ordered list as {@code <prefix>_kind} (0 head, 1 neuron),
 * {@code <prefix>_layer} and {@code <prefix>_index} I64 [K]; a set as masks {@code heads_<name>} [n_layer, n_head]
 * and {@code neurons_<name>} [n_layer, d_mlp] (F32, 1 = in the set).
 */
public final class ComponentTensors {
    private ComponentTensors() {}

    public static Map<String, LongTensor> ordered(String prefix, List<Component> comps) {
        int k = comps.size();
        long[] kind = new long[k];
        long[] layer = new long[k];
        long[] index = new long[k];
        for (int i = 0; i < k; i++) {
            kind[i] = comps.get(i).kind().ordinal();
            layer[i] = comps.get(i).layer();
            index[i] = comps.get(i).index();
        }
        Map<String, LongTensor> out = new LinkedHashMap<>();
        out.put(prefix + "_kind", new LongTensor(new int[] {k}, kind));
        out.put(prefix + "_layer", new LongTensor(new int[] {k}, layer));
        out.put(prefix + "_index", new LongTensor(new int[] {k}, index));
        return out;
    }

    /** Masks for the kinds present in {@code scope} (a kind with no candidates gets no tensor). */
    public static Map<String, FloatTensor> masks(String name, Gpt2Config cfg, Collection<Component> set, Collection<Component> scope) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (ComponentKind g : ComponentKind.values()) {
            if (scope.stream().noneMatch(c -> c.kind() == g)) continue;
            int per = g.perLayer(cfg);
            FloatTensor t = FloatTensor.zeros(cfg.nLayers(), per);
            for (Component c : set) if (c.kind() == g) t.data()[c.layer() * per + c.index()] = 1f;
            out.put(g.tensor() + "_" + name, t);
        }
        return out;
    }

    /** The components marked in a file's {@code heads_<name>} / {@code neurons_<name>} masks, canonical order. */
    public static List<Component> readMasks(Path file, String name, Gpt2Config cfg) {
        List<Component> out = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            boolean any = false;
            for (ComponentKind g : ComponentKind.values()) {
                String key = g.tensor() + "_" + name;
                if (!f.contains(key)) continue;
                any = true;
                int per = g.perLayer(cfg);
                FloatTensor t = f.readFloatTensor(key);
                if (t.rank() != 2 || t.dim(0) != cfg.nLayers() || t.dim(1) != per) {
                    throw new CircuitLensException(file + ": '" + key + "' has shape " + java.util.Arrays.toString(t.shape())
                            + " but the model needs [" + cfg.nLayers() + ", " + per + "]");
                }
                for (int i = 0; i < t.data().length; i++) if (t.data()[i] != 0) out.add(new Component(g, i / per, i % per));
            }
            if (!any) throw new CircuitLensException(file + ": has no 'heads_" + name + "' or 'neurons_" + name + "' tensor (is it a prune result?)");
        }
        return out;
    }
}
