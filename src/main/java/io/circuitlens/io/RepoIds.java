package io.circuitlens.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hugging Face repo ids as used in the hub cache. The canonical GPT-2 checkpoints moved from bare names ("gpt2") to
 * organisations ("openai-community/gpt2"); a cache may hold either spelling depending on how it was filled.
 */
final class RepoIds {
    private RepoIds() {}

    // Same character rules as the Hub: an optional namespace, letters, digits, '-', '_', '.'.
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?");

    /** Bare legacy name → organisation ids it is also known by. */
    private static final Map<String, List<String>> ALIASES = Map.of(
            "gpt2", List.of("openai-community/gpt2"),
            "gpt2-medium", List.of("openai-community/gpt2-medium"),
            "gpt2-large", List.of("openai-community/gpt2-large"),
            "gpt2-xl", List.of("openai-community/gpt2-xl"),
            // The Hub now redirects distilgpt2 to distilbert/; keep the openai-community spelling as well.
            "distilgpt2", List.of("distilbert/distilgpt2", "openai-community/distilgpt2"));

    static boolean isValid(String id) {
        return VALID.matcher(id).matches() && !id.contains("--") && !id.contains("..") && !id.endsWith(".");
    }

    /** {@code id} first, then every alias of it (in either direction). */
    static List<String> candidates(String id) {
        List<String> out = new ArrayList<>();
        out.add(id);
        ALIASES.forEach((bare, orgs) -> {
            if (bare.equals(id)) {
                orgs.forEach(o -> addOnce(out, o));
            } else if (orgs.contains(id)) {
                addOnce(out, bare);
                orgs.forEach(o -> addOnce(out, o));
            }
        });
        return out;
    }

    /** Cache folder name: {@code models--openai-community--gpt2}. */
    static String folderName(String id) {
        return "models--" + id.replace("/", "--");
    }

    private static void addOnce(List<String> list, String s) {
        if (!list.contains(s)) list.add(s);
    }
}
