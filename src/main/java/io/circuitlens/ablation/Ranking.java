package io.circuitlens.ablation;

import io.circuitlens.circuit.ScoreFile;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.circuit.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Orders components by an importance. Ties keep the input order (so with canonically ordered input: heads before
 * neurons, then by layer and index); a NaN importance counts as the least important.
 */
public final class Ranking {
    private Ranking() {}

    /** Which importance: sign·score ({@link ScoreFile#signed}) or |score|. */
    public enum Rank {
        SIGNED, ABS;

        public static Rank parse(String s) {
            return switch (s) {
                case "signed" -> SIGNED;
                case "abs" -> ABS;
                default -> throw new CircuitLensException("the ranking must be signed or abs, got '" + s + "'");
            };
        }

        public String label() {
            return this == SIGNED ? "signed" : "abs";
        }

        public ToDoubleFunction<Component> of(ScoreFile.Importance scores) {
            return this == SIGNED ? scores::signed : scores::abs;
        }
    }

    /** Which end comes first. */
    public enum Order {
        LEAST_FIRST, MOST_FIRST;

        public static Order parse(String s) {
            return switch (s) {
                case "least-first" -> LEAST_FIRST;
                case "most-first" -> MOST_FIRST;
                default -> throw new CircuitLensException("the order must be least-first or most-first, got '" + s + "'");
            };
        }

        public String label() {
            return this == LEAST_FIRST ? "least-first" : "most-first";
        }
    }

    public static List<Component> order(List<Component> comps, ToDoubleFunction<Component> importance, Order order) {
        List<Component> out = new ArrayList<>(comps);
        Comparator<Component> byImportance = Comparator.comparingDouble(c -> {
            double v = importance.applyAsDouble(c);
            return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        });
        out.sort(order == Order.LEAST_FIRST ? byImportance : byImportance.reversed()); // List.sort is stable
        return out;
    }
}
