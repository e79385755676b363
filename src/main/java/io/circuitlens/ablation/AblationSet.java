package io.circuitlens.ablation;

import io.circuitlens.circuit.ComponentKind;

import io.circuitlens.model.StartPoint;

import io.circuitlens.circuit.Components;

import io.circuitlens.circuit.Component;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.HookName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of components grouped by the hook they act through (heads of a layer share {@code attn.hook_z}), so that
 * one patch per hook ablates all of them; {@link #startStage} is where a pass ablating them starts.
 */
final class AblationSet {
    static final AblationSet EMPTY = new AblationSet(new TreeMap<>(), List.of());

    private final SortedMap<HookName, int[]> byHook;
    private final List<Component> components;

    private AblationSet(SortedMap<HookName, int[]> byHook, List<Component> components) {
        this.byHook = byHook;
        this.components = components;
    }

    /** The components of {@code comps} that are not in {@code minus}, without duplicates. */
    static AblationSet of(Collection<Component> comps, AblationSet minus) {
        Map<HookName, TreeSet<Integer>> m = new TreeMap<>();
        for (Component c : comps) {
            if (minus.contains(c)) continue;
            m.computeIfAbsent(c.hook(), h -> new TreeSet<>()).add(c.index());
        }
        SortedMap<HookName, int[]> byHook = new TreeMap<>();
        List<Component> list = new ArrayList<>();
        m.forEach((hook, idx) -> {
            byHook.put(hook, idx.stream().mapToInt(Integer::intValue).toArray());
            for (int i : idx) list.add(new Component(kindAt(hook), hook.layer(), i));
        });
        return new AblationSet(byHook, List.copyOf(list));
    }

    static AblationSet of(Collection<Component> comps) {
        return of(comps, EMPTY);
    }

    private static ComponentKind kindAt(HookName hook) {
        return hook.type() == ComponentKind.HEADS.hook() ? ComponentKind.HEADS : ComponentKind.NEURONS;
    }

    boolean contains(Component c) {
        int[] idx = byHook.get(c.hook());
        return idx != null && java.util.Arrays.binarySearch(idx, c.index()) >= 0;
    }

    boolean isEmpty() {
        return byHook.isEmpty();
    }

    /** Forward-order hooks with the sorted indices ablated there. */
    SortedMap<HookName, int[]> byHook() {
        return Collections.unmodifiableSortedMap(byHook);
    }

    /** The components in canonical forward order. */
    List<Component> components() {
        return components;
    }

    /**
     * The stage a pass ablating this set on top of {@code state} starts at (Integer.MAX_VALUE when empty): the latest
     * one from which its earliest hook is recomputed, given what the state cached.
     */
    int startStage(ActivationCache state) {
        return byHook.isEmpty() ? Integer.MAX_VALUE : StartPoint.stageFor(byHook.firstKey(), state);
    }
}
