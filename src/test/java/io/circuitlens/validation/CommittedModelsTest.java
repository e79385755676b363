package io.circuitlens.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.circuitlens.Ablations;
import io.circuitlens.CircuitLens;
import io.circuitlens.ablation.Ablation;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.Stats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The committed known-circuit models still do their tasks when circuitlens runs them: on pairs.csv the clean logit
 * diff is positive and the corrupted one negative on as many rows as the training script measured with its own torch
 * model (truth.json "pairs"), with the same means. An engine change that breaks loading or the forward pass of these
 * models fails here, before any validation number moves.
 */
class CommittedModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"induction", "fact", "ioi"})
    void theModelStillDoesItsTask(String name) {
        JsonNode expected = KnownModels.truthJson(name).get("pairs");
        try (CircuitLens lens = KnownModels.open(name);
             Ablations runs = lens.ablations(KnownModels.task(name), AblationSpec.of(Ablation.ZERO), List.of())) {
            float[] clean = runs.metricClean();
            float[] corrupted = runs.metricCorrupted();
            assertEquals(expected.get("rows").asInt(), clean.length);
            int positive = 0;
            int negative = 0;
            for (float m : clean) positive += m > 0 ? 1 : 0;
            for (float m : corrupted) negative += m < 0 ? 1 : 0;
            assertEquals(clean.length, positive, name + ": every clean prompt answers correctly");
            assertEquals(expected.get("clean_rows_positive").asInt(), positive, name);
            assertEquals(expected.get("corrupted_rows_negative").asInt(), negative, name);
            // torch float32 against circuitlens: the card's |Δlogit| is ~1e-5; the record keeps 4 decimals
            assertEquals(expected.get("metric_clean_mean").asDouble(), Stats.mean(clean), 2e-3, name);
            assertEquals(expected.get("metric_corrupted_mean").asDouble(), Stats.mean(corrupted), 2e-3, name);
        }
    }
}
