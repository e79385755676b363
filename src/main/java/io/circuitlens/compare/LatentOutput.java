package io.circuitlens.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.tensor.LongTensor;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * latent's numbers as safetensors and JSON. Tensors: {@code noising_full_effect}, {@code denoising_full_effect} F32
 * [1]; for each kind K: {@code K.noising_fraction}, {@code K.denoising_fraction}, {@code K.asymmetry} F32
 * [layers, width] and {@code K.only_in} I64 [layers, width] (+1 noising only, −1 denoising only, 0 neither).
 * Metadata {@code latent}: which file is which, the convention, thresholds, definitions and notes (JSON).
 */
public final class LatentOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many of the most asymmetric components the JSON lists per kind. */
    public static final int MOST_ASYMMETRIC = 10;

    private LatentOutput() {}

    public static SafetensorsWriter safetensors(LatentAnalysis a) {
        SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("latent", header(a).toString()));
        w.add("noising_full_effect", Tensors.floats(new double[] {a.noisingFull()}, 1));
        w.add("denoising_full_effect", Tensors.floats(new double[] {a.denoisingFull()}, 1));
        for (LatentKind k : a.kinds()) {
            String p = k.kind().tensor() + ".";
            int layers = k.noisingScores().layers();
            int width = k.noisingScores().width();
            w.add(p + "noising_fraction", Tensors.floats(k.noising(), layers, width));
            w.add(p + "denoising_fraction", Tensors.floats(k.denoising(), layers, width));
            w.add(p + "asymmetry", Tensors.floats(k.asymmetry(), layers, width));
            long[] only = new long[k.onlyIn().length];
            for (int i = 0; i < only.length; i++) only[i] = k.onlyIn()[i];
            w.add(p + "only_in", new LongTensor(new int[] {layers, width}, only));
        }
        return w;
    }

    public static String json(LatentAnalysis a) {
        ObjectNode root = header(a);
        JsonNumbers.put(root, "noising_full_effect", a.noisingFull());
        JsonNumbers.put(root, "denoising_full_effect", a.denoisingFull());
        for (LatentKind k : a.kinds()) {
            ObjectNode o = root.putObject(k.kind().tensor());
            components(o.putArray("noising_only"), k, k.only(1));
            components(o.putArray("denoising_only"), k, k.only(-1));
            components(o.putArray("most_asymmetric"), k, k.mostAsymmetric(MOST_ASYMMETRIC));
        }
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers: cannot happen
        }
    }

    private static void components(ArrayNode out, LatentKind k, int[] flat) {
        int width = k.noisingScores().width();
        for (int i : flat) {
            ObjectNode e = out.addObject().put("component", k.label(i)).put("layer", i / width).put("index", i % width);
            JsonNumbers.put(e, "noising", k.noising()[i]);
            JsonNumbers.put(e, "denoising", k.denoising()[i]);
            JsonNumbers.put(e, "asymmetry", k.asymmetry()[i]);
        }
    }

    private static ObjectNode header(LatentAnalysis a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("noising", a.pair().noising().path().toString());
        o.put("denoising", a.pair().denoising().path().toString());
        o.put("method_noising", String.valueOf(a.pair().noising().run().method()));
        o.put("method_denoising", String.valueOf(a.pair().denoising().run().method()));
        o.put("large", a.large()).put("small", a.small());
        ObjectNode d = o.putObject("definitions");
        d.put("convention", Definitions.CONVENTION).put("fractions", Definitions.FRACTIONS)
                .put("asymmetry", Definitions.ASYMMETRY).put("one_direction", Definitions.ONE_DIRECTION);
        ArrayNode notes = o.putArray("notes");
        a.notes().forEach(notes::add);
        return o;
    }
}
