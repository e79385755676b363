package io.circuitlens.validation;

import io.circuitlens.attribution.Method;
import io.circuitlens.circuit.Direction;
import io.circuitlens.validation.ValidationResult.MethodRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fact model (datasets/known-circuits/fact: subject → attribute held by MLP neurons, attention outputs fixed at
 * zero). Its truth is per data row: the neurons whose resample ablation moves that row's logit diff by at least 10% of
 * its gap (1-7 per row). Each prompt is ranked by its own scores, k = its truth's size, in the noising direction the
 * truth was defined in.
 */
class FactValidationTest {
    static ValidationResult v;

    @BeforeAll
    static void validate() {
        v = KnownModels.validate("fact", Validation.Settings.defaults().methods(List.of(Method.AP, Method.IG, Method.ATP))
                .directions(List.of(Direction.CLEAN_TO_CORRUPTED)).randomDraws(5));
        KnownModels.print("fact", v);
    }

    private static MethodRun run(Method m) {
        return v.runs().stream().filter(r -> r.method() == m).findFirst().orElseThrow();
    }

    @Test
    void theTopNeuronsOfApAndIgAreTheOnesAblationSaysCarryTheFact() {
        assertEquals("k = each prompt's truth size", v.kRule());
        // AP with the clean run as base is the resample ablation the truth was defined by: it must find all of it
        assertTrue(run(Method.AP).recall() >= 0.95, "AP recall " + run(Method.AP).recall());
        // IG integrates the gradient along the same move and agrees on most rows (measured 0.87)
        assertTrue(run(Method.IG).recall() >= 0.8, "IG recall " + run(Method.IG).recall());
    }

    @Test
    void attributionPatchingMissesMoreOfThemThanApAndIg() {
        // AtP is IG with one gradient at the clean end: the neurons switch on or off (a large move), and the
        // linearisation misses some of them (measured 0.83, against 0.87 for IG and 1.00 for AP)
        MethodRun atp = run(Method.ATP);
        System.out.printf("fact: AtP recall %.3f (misses %.1f%% of the per-row truth), AP %.3f, IG %.3f%n", atp.recall(),
                100 * (1 - atp.recall()), run(Method.AP).recall(), run(Method.IG).recall());
        assertTrue(atp.recall() < run(Method.IG).recall() && atp.recall() < run(Method.AP).recall(), "AtP recall " + atp.recall());
        assertTrue(atp.recall() >= 0.6, "AtP still finds most: " + atp.recall());
    }

    @Test
    void theTruthExplainsMoreThanRandomNeuronsButTheLookupIsNotSparse() {
        // under mean ablation the per-row truth keeps about 0.43 of the behaviour: the lookup leans on more neurons
        // than the >= 10% ones (see the card). Random circuits of the same sizes keep about 0.05.
        assertTrue(Math.abs(v.random().mean()) <= 0.1, "random circuits' mean f = " + v.random().mean());
        assertTrue(v.knownFaithfulness() >= v.random().max() + 0.2, "known circuit f = " + v.knownFaithfulness());
    }

    @Test
    void everyMethodScoresTheInertHeadsExactlyZero() {
        // the attention output projections are zero, so no head can move the metric: the control of this model
        for (MethodRun r : v.runs()) {
            for (float x : r.attribution().heads().data()) assertEquals(0f, x, r.method().label());
        }
    }
}
