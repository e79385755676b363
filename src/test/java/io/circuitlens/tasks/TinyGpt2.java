package io.circuitlens.tasks;

import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;

import java.nio.file.Path;

/** Test helper: a small random GPT-2 with GPT-2's real vocabulary ({@code make-tiny --vocab gpt2}), opened on the CPU. */
final class TinyGpt2 {
    private TinyGpt2() {}

    static LoadedModel open(Path dir) {
        TinyModels.write(new TinyModelSpec(2, 4, 32, 128, 64, "gpt2", 0, DType.F32, false), dir, RealGpt2Vocab.folder());
        return LoadedModel.open(dir.toString(), CpuKernels.create());
    }
}
