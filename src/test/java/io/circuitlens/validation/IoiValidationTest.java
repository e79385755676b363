package io.circuitlens.validation;

import io.circuitlens.attribution.Method;
import io.circuitlens.validation.ValidationResult.MethodRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ioi model (datasets/known-circuits/ioi: heads 0.0, 0.1 write the other name at the repeated one, 1.0, 1.1 read
 * it from the end) validated with the exact method (AP) and the cheapest (AtP) in both directions, k = 4 among the 4
 * heads and 512 neurons.
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
    void theHeadsAloneKeepMostButNotAllOfTheBehaviour() {
        // the 512 neurons matter together (mean-ablating all of them lowers the logit diff by a third, measured f =
        // 0.68) though none reaches 0.4% alone: the truth is the circuit of heads, not everything the model uses
        assertTrue(v.knownFaithfulness() >= 0.5 && v.knownFaithfulness() < 0.9, "known circuit f = " + v.knownFaithfulness());
        assertTrue(Math.abs(v.random().mean()) <= 0.1, "random circuits' mean f = " + v.random().mean());
    }
}
