package io.circuitlens.ablation;

import io.circuitlens.circuit.Components;

import io.circuitlens.circuit.Component;
import io.circuitlens.io.SafetensorsFile;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.model.HookName;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.circuitlens.ablation.Close.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** An exported circuit runs like the source model with its removed components mean-ablated. */
class CircuitExportTest {
    @TempDir
    Path tmp;

    @Test
    void exportedModelReproducesTheMeanAblatedMetric() {
        check(EvalModel.SPEC, MeanOver.CORRUPTED, "0.1,1.3,1.0,m0.2,m1.7,m1.8");
    }

    /** State-dict keys (with lm_head and the mask buffers), F16 weights and mean over the clean prompts. */
    @Test
    void otherKeyStylesAndDtypesExportToo() {
        check(new TinyModelSpec(2, 4, 32, 24, 64, "byte", 5, DType.F16, true), MeanOver.CLEAN, "heads,m0.0");
    }

    private void check(TinyModelSpec spec, MeanOver over, String removedSpec) {
        Path src = tmp.resolve("src");
        Path out = tmp.resolve("circuit");
        TinyModels.write(spec, src, null);
        try (EvalModel m = EvalModel.open(src, EvalModel.PAIRS, 4, true)) {
            List<Component> removed = Components.parse(removedSpec, m.lm().config());
            Set<HookName> hooks = removed.stream().map(Component::hook).collect(Collectors.toSet());
            ComponentMeans means = ComponentMeans.compute(m.lm().model(), over == MeanOver.CLEAN ? m.task().clean() : m.task().corrupted(), hooks, MemoryBudget.of(EvalModel.LARGE));
            CircuitExport.write(src, m.lm().config(), removed, means, out, "{\"removed\":\"" + removedSpec + "\"}");
            float[] ablated;
            float[] full;
            try (Ablator a = m.ablator(new AblationSpec(Ablation.MEAN, over, 2), EvalModel.LARGE, removed)) {
                ablated = a.ablate(removed);
                full = a.metricClean();
            }
            for (String f : List.of("config.json", "vocab.json", "merges.txt")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
            try (EvalModel exported = EvalModel.open(out, EvalModel.PAIRS, 4, true)) {
                float[] metric = m.cleanMetric(exported.lm().model());
                assertClose(ablated, metric, 1e-4, "exported vs mean-ablated");
                assertTrue(maxDiff(full, ablated) > 1e-2, "the ablation matters, so the agreement means something");
            }
            try (SafetensorsFile a = SafetensorsFile.open(src.resolve("model.safetensors"));
                 SafetensorsFile b = SafetensorsFile.open(out.resolve("model.safetensors"))) {
                assertEquals(a.names(), b.names(), "same tensors under the same names");
                assertEquals("{\"removed\":\"" + removedSpec + "\"}", b.metadata().get("circuit"));
                String p = spec.stateDictKeys() ? "transformer." : "";
                assertArrayEquals(a.readFloats(p + "wte.weight"), b.readFloats(p + "wte.weight"));
                assertEquals(DType.F32, b.info(p + "h.0.mlp.c_fc.weight").dtype());
            }
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
