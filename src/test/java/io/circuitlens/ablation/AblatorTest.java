package io.circuitlens.ablation;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.Components;

import io.circuitlens.attribution.Attribution;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.attribution.Method;
import io.circuitlens.runs.Progress;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.io.SafetensorsWriter;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.tensor.FloatTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.circuitlens.ablation.Close.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** The four ablations on a tiny model, against cases whose answer is known without the ablation code. */
class AblatorTest {
    @TempDir
    static Path tmp;
    static EvalModel m;

    @BeforeAll
    static void open() {
        m = EvalModel.create(tmp.resolve("m"));
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void theFullModelMetricIsTheUnpatchedRun() {
        try (Ablator a = m.ablator(Ablation.ZERO)) {
            float[] expected = m.cleanMetric(m.lm().model());
            assertArrayEquals(expected, a.metricClean());
            assertTrue(Stats.of(a.metricClean()).std() > 0, "the test model gives different metrics per prompt");
            assertArrayEquals(a.metricClean(), a.ablate(List.of()), "an empty ablation is the full model");
        }
    }

    /** A head whose W_O rows are 0 and a neuron whose W_proj row is 0 write nothing, so ablating them changes nothing. */
    @Test
    void ablatingComponentsWithZeroOutputWeightsChangesNothing() throws IOException {
        Path dir = tmp.resolve("silent");
        io.circuitlens.hub.TinyModels.write(EvalModel.SPEC, dir, null);
        int d = EvalModel.SPEC.dModel();
        int dHead = d / EvalModel.SPEC.heads();
        Path file = dir.resolve("model.safetensors");
        Path copy = dir.resolve("orig.safetensors");
        Files.copy(file, copy);
        try (SafetensorsFile f = SafetensorsFile.open(copy)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (String name : f.names()) {
                FloatTensor t = f.readFloatTensor(name);
                if (name.equals("h.1.attn.c_proj.weight")) java.util.Arrays.fill(t.data(), 2 * dHead * d, 3 * dHead * d, 0f); // head 1.2
                if (name.equals("h.0.mlp.c_proj.weight")) java.util.Arrays.fill(t.data(), 5 * d, 6 * d, 0f); // neuron m0.5
                w.add(name, t);
            }
            w.write(file);
        }
        Files.delete(copy);
        try (EvalModel silent = EvalModel.open(dir, EvalModel.PAIRS, 4, true)) {
            List<Component> both = List.of(silent.c("1.2"), silent.c("m0.5"));
            for (AblationSpec spec : List.of(AblationSpec.of(Ablation.ZERO), AblationSpec.of(Ablation.MEAN),
                    new AblationSpec(Ablation.MEAN, MeanOver.CLEAN, 1), AblationSpec.of(Ablation.RESAMPLE),
                    new AblationSpec(Ablation.AMPLIFY, MeanOver.CORRUPTED, 3))) {
                try (Ablator a = silent.ablator(spec, EvalModel.LARGE, silent.everything())) {
                    assertClose(a.metricClean(), a.ablate(both), 1e-5, spec.describe());
                    // a live head next to it does change the metric, so the check above is not vacuous
                    assertNotEquals(Stats.mean(a.metricClean()), Stats.mean(a.ablate(List.of(silent.c("1.1")))), 1e-4, spec.describe());
                }
            }
        }
    }

    /**
     * One single-token corrupted prompt (no BOS): the mean over the corrupted prompts and their positions is that one
     * activation, so mean ablation sets exactly what resample ablation copies, and the metrics agree bit for bit.
     */
    @Test
    void meanOverOneSingleTokenPromptIsPatchingThatPrompt() throws IOException {
        Path pairs = tmp.resolve("one-token.csv");
        Files.writeString(pairs, "clean,corrupted,correct,incorrect\n\"a\",\"b\",c,d\n");
        try (EvalModel one = EvalModel.open(tmp.resolve("m"), pairs, 0, false)) {
            assertEquals(1, one.task().clean().length(0));
            for (List<Component> comps : List.of(List.of(one.c("0.3")), List.of(one.c("m1.7")), one.everything())) {
                try (Ablator mean = one.ablator(AblationSpec.of(Ablation.MEAN), EvalModel.LARGE, one.everything());
                     Ablator resample = one.ablator(AblationSpec.of(Ablation.RESAMPLE), EvalModel.LARGE, one.everything())) {
                    assertArrayEquals(resample.ablate(comps), mean.ablate(comps), Components.labels(comps, 3));
                    assertNotEquals(mean.metricClean()[0], mean.ablate(comps)[0]);
                }
            }
        }
    }

    /** The means are plain averages over every token of every prompt, read back from a cached run. */
    @Test
    void meansAverageOverPromptsAndPositions() {
        var cfg = m.lm().config();
        var hooks = List.of(HookName.of(1, HookType.Z), HookName.of(0, HookType.MLP_POST));
        ComponentMeans means = ComponentMeans.compute(m.lm().model(), m.task().corrupted(), hooks, MemoryBudget.of(1)); // one prompt per pass
        try (ForwardResult r = m.lm().model().forward(m.task().corrupted(),
                ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.1.attn.hook_z", "blocks.0.mlp.hook_post")))) {
            double[] z = new double[cfg.dHead()];
            double post = 0;
            long tokens = 0;
            for (int p = 0; p < m.task().size(); p++) {
                FloatTensor zp = r.cache().get("blocks.1.attn.hook_z", p);
                FloatTensor pp = r.cache().get("blocks.0.mlp.hook_post", p);
                for (int t = 0; t < zp.dim(0); t++) {
                    for (int j = 0; j < cfg.dHead(); j++) z[j] += zp.get(t, 2, j);
                    post += pp.get(t, 9);
                }
                tokens += zp.dim(0);
            }
            assertEquals(tokens, means.tokens());
            float[] head = means.head(1, 2);
            for (int j = 0; j < z.length; j++) assertEquals(z[j] / tokens, head[j], 1e-6);
            assertEquals(post / tokens, means.neuron(0, 9), 1e-6);
            assertArrayEquals(new int[] {cfg.nHeads(), cfg.dHead()}, means.value(HookName.of(1, HookType.Z)).shape());
        }
    }

    /** Resampling one component is noising activation patching: AP's score is the metric change. */
    @Test
    void resampleEqualsActivationPatchingFromTheCorruptedRun() {
        Map<String, FloatTensor> ap = Attribution.run(m.setup(EvalModel.LARGE), AttributionOptions.of(Method.AP,
                List.of(Granularity.HEADS, Granularity.NEURONS)), Progress.NONE);
        List<Component> comps = m.everything();
        try (Ablator a = m.ablator(Ablation.RESAMPLE)) {
            float[][] deltas = SingleAblations.run(a, comps, Progress.NONE);
            var cfg = m.lm().config();
            for (var e : SingleAblations.tensors(cfg, comps, deltas, m.task().size()).entrySet()) {
                assertClose(ap.get(e.getKey()).data(), e.getValue().data(), 2e-5, e.getKey());
            }
            assertClose(ap.get("metric_corrupted").data(), a.metricCorrupted(), 1e-6, "corrupted metric");
        }
    }

    @Test
    void amplifyByOneChangesNothingAndByZeroIsZeroAblation() {
        List<Component> comps = List.of(m.c("0.1"), m.c("1.3"), m.c("m0.4"), m.c("m1.20"));
        try (Ablator one = m.ablator(new AblationSpec(Ablation.AMPLIFY, MeanOver.CORRUPTED, 1), EvalModel.LARGE, m.everything());
             Ablator none = m.ablator(new AblationSpec(Ablation.AMPLIFY, MeanOver.CORRUPTED, 0), EvalModel.LARGE, m.everything());
             Ablator zero = m.ablator(Ablation.ZERO);
             Ablator twice = m.ablator(new AblationSpec(Ablation.AMPLIFY, MeanOver.CORRUPTED, 2), EvalModel.LARGE, m.everything())) {
            assertClose(one.metricClean(), one.ablate(comps), 1e-5, "x1");
            assertArrayEquals(zero.ablate(comps), none.ablate(comps), "x0 sets exactly 0");
            assertNotEquals(Stats.mean(twice.metricClean()), Stats.mean(twice.ablate(comps)), 1e-4);
        }
    }

    /** Rows of one batched job, from a state with components already removed, against one ablation at a time. */
    @Test
    void batchedRoundsEqualOneAtATime() {
        List<Component> base = List.of(m.c("0.2"), m.c("m0.3"), m.c("1.0"));
        List<Component> candidates = m.everything().stream().filter(c -> c.kind() == ComponentKind.HEADS || c.index() < 5).toList();
        for (Ablation kind : Ablation.values()) {
            try (Ablator big = m.ablator(kind);
                 Ablator small = m.ablator(AblationSpec.of(kind), 1, m.everything()); // one row per pass
                 AblatedState state = big.state(base); AblatedState smallState = small.state(base)) {
                List<List<Component>> extras = candidates.stream().map(List::of).toList();
                float[][] batched = big.evaluateFrom(state, extras, Progress.NONE);
                float[][] tiny = small.evaluateFrom(smallState, extras, Progress.NONE);
                for (int i = 0; i < candidates.size(); i++) {
                    List<Component> all = new ArrayList<>(base);
                    all.add(candidates.get(i));
                    float[] alone = big.ablate(all);
                    assertClose(alone, batched[i], 1e-5, kind + " " + candidates.get(i).label());
                    assertClose(alone, tiny[i], 1e-5, kind + " small passes " + candidates.get(i).label());
                }
                assertClose(big.ablate(base), state.metric(), 1e-5, kind + " state");
            }
        }
    }

    @Test
    void componentsOutsideTheScopeAreRefused() {
        try (Ablator a = m.ablator(AblationSpec.of(Ablation.MEAN), EvalModel.LARGE, List.of(m.c("0.1")))) {
            a.ablate(List.of(m.c("0.3"))); // same hook: its mean was computed too
            assertThrows(IllegalArgumentException.class, () -> a.ablate(List.of(m.c("1.1"))));
        }
    }
}
