package io.circuitlens.report;

import java.nio.file.Path;
import io.circuitlens.circuit.RunRecord;

/** Where a result came from: its file, the kind of command that wrote it, and the fields of its {@code run} record. */
public record ResultMeta(Path file, ResultKind kind, RunRecord run) {

    /** The file name without folders: how pictures and the report name a result. */
    public String name() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** A run-record field as text, or null when the record lacks it. */
    public String get(String key) {
        return run.text(key);
    }

    public String method() {
        return run.method();
    }

    public String direction() {
        return run.text("direction");
    }

    /** "n_layer=12 n_head=12 ..." as the writing command recorded it (null for files without a record). */
    public String modelConfig() {
        return run.text("model_config");
    }

    /** "ig, clean-to-corrupted, logit-diff" for attributions; "curve, mean ablation, logit-diff" for the others. */
    public String describe() {
        StringBuilder b = new StringBuilder(kind == ResultKind.ATTRIBUTION && method() != null ? method() : kind.command());
        if (direction() != null) b.append(", ").append(direction());
        if (get("ablation") != null) b.append(", ").append(get("ablation")).append(" ablation");
        if (get("metric") != null) b.append(", ").append(get("metric"));
        return b.toString();
    }

    /** A short name for legends: "ig (noising)", "ap (denoising)", or the file name for ablation studies. */
    public String shortLabel() {
        if (kind != ResultKind.ATTRIBUTION || method() == null) return name();
        String d = direction();
        if (d == null) return method();
        return method() + (d.equals("clean-to-corrupted") ? " (noising)" : " (denoising)");
    }
}
