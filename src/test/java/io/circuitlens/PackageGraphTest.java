package io.circuitlens;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The architecture as the compiled classes show it, read with {@code jdeps}: dependencies point down the layers
 * (the engine never reaches up to tasks, methods or the CLI), so there is no package cycle.
 */
class PackageGraphTest {
    /** Bottom to top; a package may use its own layer's packages and those below (but never form a cycle). */
    static final List<List<String>> LAYERS = List.of(
            List.of("common"),
            List.of("tensor", "tokenizer", "kernels", "data"),
            List.of("io", "kernels.cpu", "kernels.cuda", "metrics"),
            List.of("model", "kernels.backends"),
            List.of("hub"),
            List.of("runs", "circuit"),
            List.of("tasks"),
            List.of("attribution", "ablation", "compare"),
            List.of("report", ""),
            List.of("validation"),
            List.of("cli"));

    @Test
    void dependenciesPointDownAndFormNoCycle() {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.containsKey("model") && graph.containsKey("cli"), "jdeps found the packages: " + graph.keySet());
        Map<String, Integer> layer = new HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) for (String p : LAYERS.get(i)) layer.put(p, i);
        List<String> upward = new ArrayList<>();
        for (var e : graph.entrySet()) {
            Integer from = layer.get(e.getKey());
            assertTrue(from != null, "package io.circuitlens." + e.getKey() + " has no place in the layers; add it to LAYERS");
            for (String to : e.getValue()) {
                Integer target = layer.get(to);
                assertTrue(target != null, "package io.circuitlens." + to + " has no place in the layers");
                if (target > from) upward.add(name(e.getKey()) + " -> " + name(to));
            }
        }
        assertEquals(List.of(), upward, "dependencies that point up the layers");
        assertEquals(List.of(), cycles(graph), "package cycles");
        // the engine does not know where models come from or how text becomes tokens
        assertTrue(!graph.get("model").contains("hub") && !graph.get("model").contains("tokenizer"), "model -> " + graph.get("model"));
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "io.circuitlens" : "io.circuitlens." + pkg;
    }

    /** package → packages it uses, both relative to io.circuitlens ("" for the root package). */
    static Map<String, Set<String>> packageGraph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-e", "io\\.circuitlens.*",
                "target/classes");
        assertEquals(0, rc, out.toString());
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[1].equals("->") || !f[0].startsWith("io.circuitlens") || !f[2].startsWith("io.circuitlens")) continue;
            String from = relative(f[0]);
            String to = relative(f[2]);
            g.computeIfAbsent(from, k -> new TreeSet<>());
            if (!from.equals(to)) g.get(from).add(to);
        }
        return g;
    }

    private static String relative(String pkg) {
        return pkg.equals("io.circuitlens") ? "" : pkg.substring("io.circuitlens.".length());
    }

    /** Strongly connected components of more than one package (Tarjan). */
    static List<List<String>> cycles(Map<String, Set<String>> g) {
        List<List<String>> out = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> on = new java.util.HashSet<>();
        int[] next = {0};
        for (String v : g.keySet()) if (!index.containsKey(v)) connect(v, g, index, low, stack, on, next, out);
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low, List<String> stack,
                                Set<String> on, int[] next, List<List<String>> out) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.add(v);
        on.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, on, next, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (on.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> comp = new ArrayList<>();
            String w;
            do {
                w = stack.removeLast();
                on.remove(w);
                comp.add(w);
            } while (!w.equals(v));
            if (comp.size() > 1) out.add(comp);
        }
    }
}
