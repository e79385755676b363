package io.circuitlens.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.attribution.ComponentList.Component;
import io.circuitlens.attribution.Granularity;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.FloatTensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Component scores from an {@code attribute} (or {@code ablation-table}) result: {@code heads} [N, n_layer, n_head] and
 * {@code neurons} [N, n_layer, d_mlp] (or already averaged, without N), averaged over prompts.
 *
 * <p>Importance. In an attribution file a positive score means moving the component raised the metric. Noising runs
 * (clean-to-corrupted) and ablation tables give a component that carries the behaviour a negative score (taking it
 * away lowers the metric); denoising runs (corrupted-to-clean) a positive one. The signed importance is therefore
 * sign·score with sign −1 for noising/ablation files and +1 for denoising files ({@link Sign#AUTO}, read from the
 * file's {@code run} record; +1 when it records neither); {@link Sign#KEEP} and {@link Sign#FLIP} override it. The
 * absolute importance is |score|.
 */
public final class ScoreFile {
    /** How raw scores turn into signed importance. */
    public enum Sign {
        AUTO, KEEP, FLIP;

        public static Sign parse(String s) {
            return switch (s) {
                case "auto" -> AUTO;
                case "keep" -> KEEP;
                case "flip" -> FLIP;
                default -> throw new CircuitLensException("--sign must be auto, keep or flip, got '" + s + "'");
            };
        }
    }

    private final Path path;
    private final Gpt2Config cfg;
    private final double[] heads;
    private final double[] neurons;
    private final double sign;
    private final String signReason;

    private ScoreFile(Path path, Gpt2Config cfg, double[] heads, double[] neurons, double sign, String signReason) {
        this.path = path;
        this.cfg = cfg;
        this.heads = heads;
        this.neurons = neurons;
        this.sign = sign;
        this.signReason = signReason;
    }

    public static ScoreFile read(Path path, Gpt2Config cfg, Sign mode) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            double[] heads = f.contains("heads") ? averaged(path, f.readFloatTensor("heads"), "heads", cfg.nLayers(), cfg.nHeads()) : null;
            double[] neurons = f.contains("neurons") ? averaged(path, f.readFloatTensor("neurons"), "neurons", cfg.nLayers(), cfg.dMlp()) : null;
            if (heads == null && neurons == null) throw new CircuitLensException(path + ": has no 'heads' or 'neurons' scores");
            double sign;
            String reason;
            switch (mode) {
                case KEEP -> {
                    sign = 1;
                    reason = "--sign keep";
                }
                case FLIP -> {
                    sign = -1;
                    reason = "--sign flip";
                }
                default -> {
                    JsonNode run = runRecord(path, f.metadata().get("run"));
                    String direction = run.path("direction").asText("");
                    String method = run.path("method").asText("");
                    if (direction.equals("corrupted-to-clean")) {
                        sign = 1;
                        reason = "denoising scores (corrupted-to-clean): higher = more important";
                    } else if (direction.equals("clean-to-corrupted") || method.equals("ablation")) {
                        sign = -1;
                        reason = (method.equals("ablation") ? "ablation" : "noising (clean-to-corrupted)") + " scores: lower = more important";
                    } else {
                        sign = 1;
                        reason = "no direction recorded: higher = more important";
                    }
                }
            }
            return new ScoreFile(path, cfg, heads, neurons, sign, reason);
        }
    }

    private static JsonNode runRecord(Path path, String json) {
        if (json == null) return new ObjectMapper().createObjectNode();
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new CircuitLensException(path + ": the 'run' metadata is not JSON (" + e.getMessage() + ")");
        }
    }

    /** Mean over prompts of [N, layers, comps] (or the tensor itself if [layers, comps]), checked against the model. */
    private static double[] averaged(Path path, FloatTensor t, String name, int layers, int comps) {
        int[] s = t.shape();
        boolean perPrompt = s.length == 3;
        if (!(perPrompt || s.length == 2) || s[s.length - 2] != layers || s[s.length - 1] != comps) {
            throw new CircuitLensException(path + ": '" + name + "' has shape " + Arrays.toString(s) + " but the model needs [N, " + layers
                    + ", " + comps + "]");
        }
        int n = perPrompt ? s[0] : 1;
        if (n == 0) throw new CircuitLensException(path + ": '" + name + "' holds no prompts");
        double[] out = new double[layers * comps];
        for (int p = 0; p < n; p++) for (int i = 0; i < out.length; i++) out[i] += t.data()[p * out.length + i];
        for (int i = 0; i < out.length; i++) out[i] /= n;
        return out;
    }

    public Path path() {
        return path;
    }

    public boolean has(Granularity g) {
        return (g == Granularity.HEADS ? heads : neurons) != null;
    }

    /** The prompt-averaged raw score. */
    public double score(Component c) {
        double[] t = c.granularity() == Granularity.HEADS ? heads : neurons;
        if (t == null) {
            throw new CircuitLensException(path + ": has no '" + c.granularity().output() + "' scores (needed for " + c.label() + ")");
        }
        return t[c.layer() * (c.granularity() == Granularity.HEADS ? cfg.nHeads() : cfg.dMlp()) + c.index()];
    }

    /** sign·score: larger means more important. */
    public double signed(Component c) {
        return sign * score(c);
    }

    public double abs(Component c) {
        return Math.abs(score(c));
    }

    public double sign() {
        return sign;
    }

    /** Why the sign is what it is (printed with results). */
    public String signReason() {
        return signReason;
    }
}
