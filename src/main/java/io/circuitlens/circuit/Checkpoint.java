package io.circuitlens.circuit;

import io.circuitlens.tensor.FloatTensor;

import java.util.Map;

/**
 * Lets a long attribution run resume: the expensive methods finish in units (one layer of one hook for AP and IG,
 * one single-component path), report each finished unit with the results so far, and skip units a previous run
 * already finished. Results of a unit are final once it is reported, so resuming gives the same numbers.
 */
public interface Checkpoint {
    Checkpoint NONE = new Checkpoint() {
        @Override
        public Map<String, FloatTensor> restored() {
            return Map.of();
        }

        @Override
        public boolean isDone(String unit) {
            return false;
        }

        @Override
        public void done(String unit, Map<String, FloatTensor> state) {}
    };

    /** Result tensors saved by an earlier run of the same job (empty when starting fresh). */
    Map<String, FloatTensor> restored();

    boolean isDone(String unit);

    /** Records a finished unit with every result tensor as it stands now. */
    void done(String unit, Map<String, FloatTensor> state);
}
