package io.circuitlens.model;

import io.circuitlens.hub.LoadedModel;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.hub.TinyModelSpec;

import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.cpu.CpuKernels;
import io.circuitlens.kernels.cpu.Parallel;
import io.circuitlens.tensor.DType;

import java.nio.file.Path;

/** Tiny models for tests, written by make-tiny's library entry point. */
public final class TestModels {
    private TestModels() {}

    /** 3 layers, 6 heads, d_model 48: odd sizes that catch stride and head-indexing bugs. */
    public static TinyModelSpec odd() {
        return new TinyModelSpec(3, 6, 48, 192, 64, "byte", 7, DType.F32, false);
    }

    public static Kernels cpu() {
        return new CpuKernels(new Parallel(2));
    }

    public static LoadedModel open(TinyModelSpec spec, Path dir, Kernels kernels) {
        TinyModels.write(spec, dir, null);
        return LoadedModel.open(dir.toString(), kernels);
    }
}
