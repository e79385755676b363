package io.circuitlens.validation;

import io.circuitlens.Ablations;
import io.circuitlens.AttributionResult;
import io.circuitlens.CircuitLens;
import io.circuitlens.Task;
import io.circuitlens.ablation.Ablation;
import io.circuitlens.ablation.AblationSpec;
import io.circuitlens.ablation.CircuitFaithfulness;
import io.circuitlens.ablation.Ranking;
import io.circuitlens.ablation.Stats;
import io.circuitlens.attribution.AttributionOptions;
import io.circuitlens.attribution.Method;
import io.circuitlens.attribution.Quadrature;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;
import io.circuitlens.circuit.Components;
import io.circuitlens.circuit.Direction;
import io.circuitlens.circuit.Granularity;
import io.circuitlens.circuit.ScoreFile;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.runs.Progress;
import io.circuitlens.validation.ValidationResult.MethodRun;
import io.circuitlens.validation.ValidationResult.RandomCircuits;
import io.circuitlens.validation.ValidationResult.TruthRank;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Attribution methods scored against a known circuit: the seed study's comparison (which components a method puts
 * on top, and whether they form a faithful circuit) made against a right answer instead of against another method.
 *
 * <p>For each method and direction the model's heads and neurons are attributed on the task and ranked together by
 * signed importance (noising scores negated, denoising kept: {@link ScoreFile}), since a component the behaviour
 * uses should come out on top with the right sign. The top k (k = the truth's size unless given) is compared with the
 * truth: precision |top ∩ truth| / k, recall |top ∩ truth| / |truth|, and the rank of every true component. Its
 * faithfulness is {@link io.circuitlens.ablation.Faithfulness}'s f = (m(circuit) − m(empty)) / (m(full) − m(empty))
 * with every other head and neuron ablated (mean over the corrupted prompts unless asked otherwise).
 *
 * <p>With a truth per data row the ranking, top k and circuit are each prompt's own (from its own scores): precision
 * and recall are averaged over the prompts, and the faithfulness keeps each prompt's circuit on that prompt.
 *
 * <p>Two references come with every result: the known circuit's own faithfulness (how much of the behaviour the truth
 * explains under this ablation) and that of seeded random circuits of the truth's size (what a method that knew
 * nothing would score).
 */
public final class Validation {
    private Validation() {}

    /**
     * @param k           top-k size; 0 for the truth's size (per prompt with a truth per row)
     * @param randomDraws random circuits to draw for the reference
     */
    public record Settings(List<Method> methods, List<Direction> directions, int k, AblationSpec ablation, Quadrature quadrature,
                           int randomDraws, long seed) {
        public Settings {
            methods = List.copyOf(methods);
            directions = List.copyOf(directions);
            if (methods.isEmpty() || directions.isEmpty()) throw new CircuitLensException("no methods or no directions to validate");
            if (k < 0) throw new CircuitLensException("k must not be negative, got " + k);
            if (randomDraws < 1) throw new CircuitLensException("at least one random circuit is needed, got " + randomDraws);
        }

        /** Every method in both directions, k = the truth's size, mean ablation over the corrupted prompts, 20 random circuits. */
        public static Settings defaults() {
            return new Settings(List.of(Method.values()), List.of(Direction.values()), 0, AblationSpec.of(Ablation.MEAN),
                    Quadrature.of(Quadrature.DEFAULT_RULE, 50), 20, 1);
        }

        public Settings methods(List<Method> m) {
            return new Settings(m, directions, k, ablation, quadrature, randomDraws, seed);
        }

        public Settings directions(List<Direction> d) {
            return new Settings(methods, d, k, ablation, quadrature, randomDraws, seed);
        }

        public Settings k(int topK) {
            return new Settings(methods, directions, topK, ablation, quadrature, randomDraws, seed);
        }

        public Settings ablation(AblationSpec spec) {
            return new Settings(methods, directions, k, spec, quadrature, randomDraws, seed);
        }

        public Settings quadrature(Quadrature q) {
            return new Settings(methods, directions, k, ablation, q, randomDraws, seed);
        }

        public Settings randomDraws(int draws) {
            return new Settings(methods, directions, k, ablation, quadrature, draws, seed);
        }
    }

    public static ValidationResult run(CircuitLens lens, Task task, KnownCircuit truth, Settings s, Progress progress) {
        List<Component> scope = new ArrayList<>(Components.allHeads(lens.config()));
        scope.addAll(Components.allNeurons(lens.config()));
        try (Ablations ablations = lens.ablations(task, s.ablation(), scope)) {
            int[] rows = ablations.pairs().rows();
            List<Set<Component>> known = new ArrayList<>();
            for (int row : rows) known.add(truth.circuit(row));
            List<Scored> scored = new ArrayList<>();
            for (Method m : s.methods()) {
                for (Direction d : s.directions()) {
                    AttributionOptions opt = AttributionOptions.of(m, List.of(Granularity.HEADS, Granularity.NEURONS)).withDirection(d)
                            .withQuadrature(s.quadrature());
                    AttributionResult r = lens.attribution(task, opt).progress(progress).run();
                    scored.add(score(r, scope, known, truth.perRow(), s.k()));
                }
            }
            // every circuit (the methods', the truth's, the random ones) in one batched ablation
            List<List<Set<Component>>> batches = new ArrayList<>();
            for (Scored x : scored) batches.add(x.circuits);
            batches.add(known);
            Random rng = new Random(s.seed());
            for (int i = 0; i < s.randomDraws(); i++) batches.add(randomLike(known, scope, truth.perRow(), rng));
            long t0 = System.nanoTime();
            List<CircuitFaithfulness.Result> f = CircuitFaithfulness.run(ablations.ablator(), scope, batches, progress);
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<MethodRun> runs = new ArrayList<>();
            for (int i = 0; i < scored.size(); i++) runs.add(scored.get(i).run(f.get(i).f()));
            double[] draws = new double[s.randomDraws()];
            for (int i = 0; i < draws.length; i++) draws[i] = f.get(scored.size() + 1 + i).f();
            RandomCircuits random = new RandomCircuits(draws.length, s.seed(), Arrays.stream(draws).average().orElse(Double.NaN),
                    Arrays.stream(draws).max().orElse(Double.NaN), draws);
            String kRule = s.k() > 0 ? "k = " + s.k() + " (given)"
                    : truth.perRow() ? "k = each prompt's truth size" : "k = " + known.getFirst().size() + " (the truth's size)";
            return new ValidationResult(truth, rows, List.copyOf(scope), kRule, s.ablation(), Stats.mean(ablations.metricClean()),
                    Stats.mean(ablations.metricCorrupted()), runs, f.get(scored.size()).f(), random, seconds);
        }
    }

    /** A method's rankings, top-k sets and retrieval numbers, waiting for its faithfulness. */
    private record Scored(AttributionResult result, int[] k, double precision, double recall, List<List<TruthRank>> ranks,
                          List<Set<Component>> circuits) {
        MethodRun run(double faithfulness) {
            return new MethodRun(result.options().method(), result.options().direction(), k, precision, recall, faithfulness,
                    result.seconds(), ranks, result);
        }
    }

    private static Scored score(AttributionResult r, List<Component> scope, List<Set<Component>> known, boolean perRow, int k) {
        Map<ComponentKind, ComponentScores> tables = new EnumMap<>(ComponentKind.class);
        tables.put(ComponentKind.HEADS, r.heads());
        tables.put(ComponentKind.NEURONS, r.neurons());
        String name = r.options().method().label() + " " + r.options().direction().label();
        ScoreFile.Importance importance = new ScoreFile(Path.of(name), r.record(), tables, r.metricClean(), r.metricCorrupted())
                .importance(ScoreFile.Sign.AUTO);
        int n = known.size();
        List<ToDoubleFunction<Component>> rankBy = new ArrayList<>();
        if (perRow) {
            for (int p = 0; p < n; p++) rankBy.add(promptImportance(tables, p, importance.sign()));
        } else {
            rankBy.add(importance::signed);
        }
        int[] ks = new int[rankBy.size()];
        List<List<TruthRank>> ranks = new ArrayList<>();
        List<Set<Component>> circuits = new ArrayList<>();
        double precision = 0;
        double recall = 0;
        int counted = 0;
        for (int i = 0; i < rankBy.size(); i++) {
            Set<Component> truth = known.get(i);
            List<Component> ranking = Ranking.order(scope, rankBy.get(i), Ranking.Order.MOST_FIRST);
            ks[i] = k > 0 ? Math.min(k, scope.size()) : truth.size();
            Set<Component> top = new LinkedHashSet<>(ranking.subList(0, ks[i]));
            List<TruthRank> place = new ArrayList<>();
            for (Component c : truth) place.add(new TruthRank(c, ranking.indexOf(c) + 1));
            ranks.add(place);
            circuits.add(top);
            if (!truth.isEmpty()) {
                int hits = (int) top.stream().filter(truth::contains).count();
                precision += ks[i] == 0 ? 0 : (double) hits / ks[i];
                recall += (double) hits / truth.size();
                counted++;
            }
        }
        if (!perRow) circuits = Collections.nCopies(n, circuits.getFirst());
        return new Scored(r, ks, precision / counted, recall / counted, ranks, circuits);
    }

    /** Prompt p's signed importance: sign · its own score. */
    private static ToDoubleFunction<Component> promptImportance(Map<ComponentKind, ComponentScores> tables, int p, double sign) {
        Map<ComponentKind, double[]> row = new EnumMap<>(ComponentKind.class);
        tables.forEach((kind, t) -> row.put(kind, t.prompt(p)));
        return c -> sign * row.get(c.kind())[c.layer() * tables.get(c.kind()).width() + c.index()];
    }

    /** Random circuits of the truth's sizes: one set for every prompt with a global truth, one per prompt otherwise. */
    private static List<Set<Component>> randomLike(List<Set<Component>> known, List<Component> scope, boolean perRow, Random rng) {
        List<Set<Component>> out = new ArrayList<>();
        for (Set<Component> truth : perRow ? known : known.subList(0, 1)) {
            List<Component> shuffled = new ArrayList<>(scope);
            Collections.shuffle(shuffled, rng);
            out.add(new LinkedHashSet<>(shuffled.subList(0, truth.size())));
        }
        return perRow ? out : Collections.nCopies(known.size(), out.getFirst());
    }
}
