package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;

import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookName;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;
import io.circuitlens.model.StartPoint;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RowGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Activation patching (exact): score = metric(base run with one component moved to its source value) − metric(base
 * run). Every (prompt, component) is one row of a batched pass that starts at the component's sublayer from the cached
 * base run, so all heads or neurons of a layer cost a few large passes instead of one full forward each. A layer's
 * components are done in blocks, each a unit a resumed run need not redo.
 */
final class ActivationPatching {
    /** Components per resumable unit: a killed run over all neurons of GPT-2 small loses at most this block. */
    static final int BLOCK = 256;

    private ActivationPatching() {}

    /** Components [first, last) of one layer of one table. */
    record Unit(ScoreTable table, int layer, int first, int last) {
        String name() {
            return "ap/" + table.granularity.output() + "/" + layer + "/" + first + "-" + last;
        }
    }

    static List<Unit> units(List<ScoreTable> tables, Gpt2Config cfg, IntPredicate layers) {
        List<Unit> out = new ArrayList<>();
        for (ScoreTable t : tables) {
            int comps = t.granularity.perComponent() ? t.granularity.components(cfg) : 1;
            for (int layer = 0; layer < cfg.nLayers(); layer++) {
                if (!layers.test(layer)) continue;
                for (int c = 0; c < comps; c += BLOCK) out.add(new Unit(t, layer, c, Math.min(comps, c + BLOCK)));
            }
        }
        return out;
    }

    /** The rows of a unit: (prompt, component, position) with position −1 where the granularity has no position axis. */
    private record Rows(int[] prompt, int[] component, int[] position) {}

    private static Rows rows(Unit u, Batch base) {
        List<int[]> rows = new ArrayList<>();
        for (int p = 0; p < base.size(); p++) {
            for (int c = u.first(); c < u.last(); c++) {
                if (u.table().granularity.perPosition()) {
                    for (int pos = 0; pos < base.length(p); pos++) rows.add(new int[] {p, c, pos});
                } else {
                    rows.add(new int[] {p, c, -1});
                }
            }
        }
        return new Rows(rows.stream().mapToInt(r -> r[0]).toArray(), rows.stream().mapToInt(r -> r[1]).toArray(),
                rows.stream().mapToInt(r -> r[2]).toArray());
    }

    static long rowCount(Unit u, Batch base) {
        return rows(u, base).prompt().length;
    }

    static void run(PatchedRuns engine, Batch base, BaseRuns runs, Unit u, int maxLen, Progress progress) {
        Granularity g = u.table().granularity;
        HookName hook = HookName.of(u.layer(), g.hook());
        Rows rows = rows(u, base);
        PatchedRuns.Plans plans = (group, from, map) -> {
            PatchPlan.Builder plan = PatchPlan.builder();
            for (int i = 0; i < map.rows(); i++) {
                int r = from + i;
                Selection positions = rows.position()[r] < 0 ? Selection.all() : Selection.of(rows.position()[r]);
                Selection comps = g.perComponent() ? Selection.of(rows.component()[r]) : Selection.all();
                plan.set(hook, i, positions, comps, runs.source(), rows.prompt()[r]);
            }
            return plan.build();
        };
        RowGroup group = new RowGroup(StartPoint.stageFor(hook, runs.base()), RowMap.listed(rows.prompt()), runs.unchangedBefore(hook));
        float[] values = engine.run(null, runs.base(), List.of(group), plans, null, progress)[0];
        for (int r = 0; r < values.length; r++) {
            int p = rows.prompt()[r];
            int unit = rows.component()[r] * (g.perPosition() ? maxLen : 1) + Math.max(0, rows.position()[r]);
            u.table().set(p, u.layer(), unit, (double) values[r] - runs.baseMetric()[p]);
        }
    }
}
