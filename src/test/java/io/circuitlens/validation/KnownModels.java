package io.circuitlens.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.circuitlens.Backend;
import io.circuitlens.CircuitLens;
import io.circuitlens.Task;
import io.circuitlens.runs.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The committed models of {@code datasets/known-circuits} (induction, fact, ioi): their folders, pairs and truth. */
final class KnownModels {
    private KnownModels() {}

    static Path dir(String name) {
        return Path.of("datasets/known-circuits", name);
    }

    static Path truthFile(String name) {
        return dir(name).resolve("truth.json");
    }

    /** The model's pairs.csv as a generic pairs task (logit diff of correct vs incorrect at the last token). */
    static Task task(String name) {
        return Task.pairs(dir(name).resolve("pairs.csv"));
    }

    static CircuitLens open(String name) {
        return CircuitLens.open(dir(name).toString(), Backend.defaults().threads(2));
    }

    /** truth.json as JSON, for the training record (accuracy counts, metric means) the training script left there. */
    static JsonNode truthJson(String name) {
        try {
            return new ObjectMapper().readTree(truthFile(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The truth's faithfulness under mean ablation as the training script measured it with its own torch model
     * (truth.json "circuit_check"): an independent computation for circuitlens' known-circuit faithfulness to match.
     */
    static double torchFaithfulness(String name) {
        return truthJson(name).get("circuit_check").get("faithfulness").asDouble();
    }

    static ValidationResult validate(String name, Validation.Settings settings) {
        try (CircuitLens lens = open(name)) {
            return Validation.run(lens, task(name), TruthFile.read(truthFile(name), lens.config()), settings, Progress.NONE);
        }
    }

    /** One line per method run, for the test log: what the assertions were checked against. */
    static void print(String name, ValidationResult v) {
        System.out.printf("%s: %s; known circuit f = %.3f; %d random circuits f mean %.3f max %.3f%n", name, v.kRule(),
                v.knownFaithfulness(), v.random().draws(), v.random().mean(), v.random().max());
        for (ValidationResult.MethodRun r : v.runs()) {
            System.out.printf("  %-8s %-18s precision %.3f recall %.3f f %.3f mean rank %.1f worst %d%n", r.method().label(),
                    r.direction().label(), r.precision(), r.recall(), r.faithfulness(), r.meanRank(), r.worstRank());
        }
    }
}
