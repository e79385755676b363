package io.circuitlens.ablation;

import io.circuitlens.circuit.ComponentKind;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.io.TensorInfo;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.DType;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a circuit as a model folder in the source's Hugging Face layout: config.json, vocab.json and merges.txt
 * copied, model.safetensors with the removed heads and neurons taken out by {@link CircuitWeights} (their mean
 * contributions folded into the output biases), so the folder loads anywhere a GPT-2 loads and its metric equals the
 * source's with those components mean-ablated. Tensor names (hub or {@code transformer.} style) and every other
 * tensor are kept; float tensors are written as F32 (a folded bias would lose precision in F16), others as they were.
 * The source's metadata is kept, plus {@code circuit}: a JSON record given by the caller.
 */
public final class CircuitExport {
    private CircuitExport() {}

    private static final String[] COPIED = {"config.json", "vocab.json", "merges.txt"};

    public static void write(Path source, Gpt2Config cfg, Collection<Component> removed, ComponentMeans means, Path out, String record) {
        try {
            if (Files.exists(out) && Files.isSameFile(source, out)) throw new CircuitLensException(out + ": is the source model folder; choose another");
            if (Files.exists(out) && !Files.isDirectory(out)) throw new CircuitLensException(out + ": exists and is not a folder");
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new CircuitLensException(out + ": cannot create the folder (" + e.getMessage() + ")");
        }
        Path weights = source.resolve("model.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            String prefix = f.contains("wte.weight") ? "" : f.contains("transformer.wte.weight") ? "transformer." : null;
            if (prefix == null) throw new CircuitLensException(weights + ": no 'wte.weight' or 'transformer.wte.weight': not a GPT-2 checkpoint");
            Map<String, float[]> edited = edit(f, prefix, cfg, removed, means);
            Map<String, String> meta = new TreeMap<>(f.metadata());
            meta.put("circuit", record);
            SafetensorsWriter w = new SafetensorsWriter().metadata(meta);
            for (String name : inFileOrder(f)) {
                TensorInfo t = f.info(name);
                if (isFloat(t.dtype())) {
                    // streamed: only the edited tensors sit in memory, so a multi-GB checkpoint exports in little space
                    w.addStreamed(name, DType.F32, t.shape(), o -> o.writeFloats(edited.containsKey(name) ? edited.get(name) : f.readFloats(name)));
                } else {
                    w.addBytes(name, t.dtype(), t.shape(), f.rawBytes(name).toArray(ValueLayout.JAVA_BYTE));
                }
            }
            w.write(out.resolve("model.safetensors"));
        }
        for (String name : COPIED) {
            try {
                Files.copy(source.resolve(name), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new CircuitLensException("cannot copy " + source.resolve(name) + " to " + out + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The edited tensors of every layer that loses a component, by full tensor name. */
    static Map<String, float[]> edit(SafetensorsFile f, String prefix, Gpt2Config cfg, Collection<Component> removed, ComponentMeans means) {
        int d = cfg.dModel();
        Map<String, float[]> out = new HashMap<>();
        Map<Integer, double[]> attnBias = new TreeMap<>();
        Map<Integer, double[]> mlpBias = new TreeMap<>();
        for (Component c : AblationSet.of(removed).components()) {
            String h = prefix + "h." + c.layer() + ".";
            if (c.kind() == ComponentKind.HEADS) {
                CircuitWeights.removeHead(read(f, out, h + "attn.c_attn.weight"), read(f, out, h + "attn.c_attn.bias"),
                        read(f, out, h + "attn.c_proj.weight"), attnBias.computeIfAbsent(c.layer(), l -> new double[d]),
                        d, cfg.dHead(), c.index(), means.head(c.layer(), c.index()));
            } else {
                CircuitWeights.removeNeuron(read(f, out, h + "mlp.c_fc.weight"), read(f, out, h + "mlp.c_fc.bias"),
                        read(f, out, h + "mlp.c_proj.weight"), mlpBias.computeIfAbsent(c.layer(), l -> new double[d]),
                        d, cfg.dMlp(), c.index(), means.neuron(c.layer(), c.index()));
            }
        }
        attnBias.forEach((l, add) -> CircuitWeights.addTo(read(f, out, prefix + "h." + l + ".attn.c_proj.bias"), add));
        mlpBias.forEach((l, add) -> CircuitWeights.addTo(read(f, out, prefix + "h." + l + ".mlp.c_proj.bias"), add));
        return out;
    }

    /** A tensor to edit: read once, then the same array for every edit of it. */
    private static float[] read(SafetensorsFile f, Map<String, float[]> edited, String name) {
        return edited.computeIfAbsent(name, f::readFloats);
    }

    private static boolean isFloat(DType t) {
        return t == DType.F32 || t == DType.F16 || t == DType.BF16 || t == DType.F64;
    }

    /** Tensor names by their position in the source file, so the output is laid out like it. */
    private static List<String> inFileOrder(SafetensorsFile f) {
        return f.names().stream().sorted(Comparator.comparingLong((String n) -> f.info(n).begin()).thenComparing(n -> n)).toList();
    }
}
