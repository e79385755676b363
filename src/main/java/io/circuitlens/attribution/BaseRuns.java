package io.circuitlens.attribution;

import io.circuitlens.circuit.Direction;

import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Run;
import io.circuitlens.runs.RunSetup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The clean and corrupted runs every method starts from: their metrics, and caches (on the backend) of the residual
 * stream (where patched passes start) and of the hooks the components live at (the values moved to and from).
 */
final class BaseRuns implements AutoCloseable {
    final Run clean;
    final Run corrupted;
    private final Direction direction;

    BaseRuns(Run clean, Run corrupted, Direction direction) {
        this.clean = clean;
        this.corrupted = corrupted;
        this.direction = direction;
    }

    static BaseRuns of(PatchedRuns engine, RunSetup setup, Collection<HookType> hooks, Direction direction) {
        List<String> patterns = new ArrayList<>(List.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid"));
        for (HookType h : hooks) patterns.add("blocks.*." + h.suffix());
        HookFilter keep = HookFilter.of(patterns.toArray(String[]::new));
        Run clean = engine.run(setup.clean(), keep, PatchPlan.empty(), true);
        try {
            return new BaseRuns(clean, engine.run(setup.corrupted(), keep, PatchPlan.empty(), false), direction);
        } catch (RuntimeException e) {
            clean.close();
            throw e;
        }
    }

    ActivationCache base() {
        return (direction.baseIsClean() ? clean : corrupted).cache();
    }

    ActivationCache source() {
        return (direction.baseIsClean() ? corrupted : clean).cache();
    }

    float[] baseMetric() {
        return (direction.baseIsClean() ? clean : corrupted).metric();
    }

    @Override
    public void close() {
        clean.close();
        corrupted.close();
    }
}
