package io.circuitlens.attribution;

import io.circuitlens.circuit.Checkpoint;

import io.circuitlens.tensor.FloatTensor;

import java.util.Map;
import java.util.function.Supplier;

/** The methods' view of a {@link Checkpoint}: ask whether a unit is done; report it done (saving the state then). */
final class Units {
    private final Checkpoint checkpoint;
    private final Supplier<Map<String, FloatTensor>> state;

    Units(Checkpoint checkpoint, Supplier<Map<String, FloatTensor>> state) {
        this.checkpoint = checkpoint;
        this.state = state;
    }

    static Units none() {
        return new Units(Checkpoint.NONE, Map::of);
    }

    boolean isDone(String unit) {
        return checkpoint.isDone(unit);
    }

    void done(String unit) {
        if (checkpoint != Checkpoint.NONE) checkpoint.done(unit, state.get());
    }
}
