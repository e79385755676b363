package io.circuitlens.validation;

import io.circuitlens.attribution.Method;
import io.circuitlens.validation.ValidationResult.MethodRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ioi model (datasets/known-circuits/ioi, attention-only: heads 0.0, 0.1 write the other name at the repeated
 * one, 1.0, 1.1 read it from the end) validated with the exact method (AP) and the cheapest (AtP) in both directions,
 * k = 4 among the 4 heads and 512 neurons.
 */
class IoiValidationTest {
    static ValidationResult v;

    @BeforeAll
    static void validate() {
        v = KnownModels.validate("ioi", Validation.Settings.defaults().methods(List.of(Method.AP, Method.ATP)).randomDraws(5));
        KnownModels.print("ioi", v);
    }

    @Test
    void apAndAtpInBothDirectionsPutTheFourHeadsAboveEveryNeuron() {
        assertEquals(4, v.runs().size());
        for (MethodRun r : v.runs()) {
            String which = r.method().label() + " " + r.direction().label();
            assertEquals(1.0, r.recall(), which);
            assertEquals(4, r.worstRank(), which);
        }
    }

    @Test
    void theFourHeadsCarryTheBehaviourAndRandomCircuitsOfTheirSizeDoNot() {
        // the neurons are inert (MLP output projections fixed at zero), so the heads are the whole mechanism; a random
        // 4 of the 516 components holds all 4 heads with probability 1 / C(516, 4), and the circuit needs both layers
        assertTrue(v.knownFaithfulness() >= 0.9, "known circuit f = " + v.knownFaithfulness());
        assertEquals(KnownModels.torchFaithfulness("ioi"), v.knownFaithfulness(), 1e-3, "the training script's torch measurement");
        assertTrue(Math.abs(v.random().mean()) <= 0.1, "random circuits' mean f = " + v.random().mean());
    }

    @Test
    void everyMethodScoresTheInertNeuronsExactlyZero() {
        for (MethodRun r : v.runs()) {
            for (float x : r.attribution().neurons().data()) assertEquals(0f, x, r.method().label() + " " + r.direction().label());
        }
    }
}
