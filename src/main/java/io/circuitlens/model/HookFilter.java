package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which hook points to cache: exact TransformerLens names, globs ({@code blocks.*.attn.hook_z}, {@code *hook_resid_post})
 * or regular expressions prefixed with {@code re:}. Memory is spent only on hooks that match.
 */
public final class HookFilter implements Predicate<HookName> {
    private static final HookFilter NONE = new HookFilter(List.of(), "none");
    private static final HookFilter ALL = new HookFilter(List.of(Pattern.compile(".*")), "all");

    private final List<Pattern> patterns;
    private final String description;

    private HookFilter(List<Pattern> patterns, String description) {
        this.patterns = patterns;
        this.description = description;
    }

    public static HookFilter none() {
        return NONE;
    }

    public static HookFilter all() {
        return ALL;
    }

    public static HookFilter of(HookName... names) {
        return of(java.util.Arrays.stream(names).map(HookName::toString).toArray(String[]::new));
    }

    /** Each pattern is an exact name, a glob with '*', or {@code re:REGEX}. */
    public static HookFilter of(String... patterns) {
        List<Pattern> compiled = new java.util.ArrayList<>();
        for (String p : patterns) {
            try {
                compiled.add(p.startsWith("re:") ? Pattern.compile(p.substring(3)) : globToRegex(p));
            } catch (PatternSyntaxException e) {
                throw new CircuitLensException("bad hook pattern '" + p + "': " + e.getDescription());
            }
        }
        return new HookFilter(List.copyOf(compiled), String.join(",", patterns));
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public boolean test(HookName hook) {
        if (patterns.isEmpty()) return false;
        String name = hook.toString();
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return description;
    }
}
