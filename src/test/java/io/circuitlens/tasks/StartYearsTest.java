package io.circuitlens.tasks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.hub.TinyModelSpec;
import io.circuitlens.hub.TinyModels;
import io.circuitlens.tensor.DType;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The greater-than task needs the two-digit years as single tokens. */
class StartYearsTest {
    @Test
    void yearTokensNeedSingleTokenYears(@TempDir Path dir) {
        TinyModels.write(new TinyModelSpec(1, 2, 16, 64, 64, "byte", 0, DType.F32, false), dir, null);
        Gpt2Tokenizer byteVocab = Gpt2Tokenizer.fromModelFolder(dir);
        var e = assertThrows(CircuitLensException.class, () -> StartYears.yearTokens(byteVocab));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("\"00\" is 2 tokens"), e.getMessage());
    }
}
