package io.circuitlens.model;

import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.hub.TinyModelSpec;

import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The README's library example, on a tiny model with enough layers and heads for "head 9.9". */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleRuns() {
        TinyModels.write(new TinyModelSpec(10, 10, 40, 160, 128, "byte", 1, DType.F32, false), tmp, null);
        try (Kernels k = CpuKernels.create(); LoadedModel lm = LoadedModel.open(tmp.toString(), k)) {
            Batch clean = lm.tokenize(List.of("When Mary and John went to the store, John gave a drink to"), true);
            Batch corrupt = lm.tokenize(List.of("When Mary and John went to the store, Mary gave a drink to"), true);
            ActivationCache src = lm.model().forward(corrupt,
                    ForwardOptions.lastLogits().withCache(HookFilter.of("blocks.*.attn.hook_z"))).cache();
            PatchPlan plan = PatchPlan.builder()
                    .set(HookName.parse("blocks.9.attn.hook_z"), 0, Selection.of(-1), Selection.of(9), src, 0).build();
            float[] logits = lm.model().forward(clean, ForwardOptions.lastLogits().withPatches(plan)).lastLogits(0);
            float[] plain = lm.model().forward(clean, ForwardOptions.lastLogits()).lastLogits(0);
            assertEquals(257, logits.length);
            assertNotEquals(plain[0], logits[0]);
        }
    }
}
