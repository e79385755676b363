package io.circuitlens.compare;

import io.circuitlens.circuit.ScoreFile;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Direction;

/**
 * The noising and the denoising file of a pair, told apart by the direction in their {@code run} metadata (not by
 * argument order, which is easy to get wrong); {@code swapped} says the user gave them the other way round.
 */
public record DirectionPair(ScoreFile noising, ScoreFile denoising, boolean swapped) {

    public static DirectionPair of(ScoreFile first, ScoreFile second) {
        Direction d1 = direction(first);
        Direction d2 = direction(second);
        if (d1 == d2) {
            throw new CircuitLensException("both " + first.path() + " and " + second.path() + " are " + d1.label() + " ("
                    + (d1 == Direction.CLEAN_TO_CORRUPTED ? "noising" : "denoising")
                    + "); latent needs one clean-to-corrupted and one corrupted-to-clean run");
        }
        return d1 == Direction.CLEAN_TO_CORRUPTED ? new DirectionPair(first, second, false) : new DirectionPair(second, first, true);
    }

    private static Direction direction(ScoreFile f) {
        if (f.run().direction() == null) {
            throw new CircuitLensException(f.path() + ": no direction in its 'run' metadata (write it with circuitlens attribute), "
                    + "so it cannot be told whether it is noising or denoising");
        }
        return f.run().direction();
    }
}
