package io.circuitlens.cli;

import io.circuitlens.common.CircuitLensException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads one prompt per line, UTF-8, keeping leading and trailing spaces (they change GPT-2's tokens). */
final class PromptFile {
    private PromptFile() {}

    static List<String> read(Path file) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            while ((line = r.readLine()) != null) lines.add(line);
        } catch (NoSuchFileException e) {
            throw new CircuitLensException(file + ": file not found");
        } catch (CharacterCodingException e) {
            throw new CircuitLensException(file + ": not valid UTF-8 (after line " + lines.size() + ")");
        } catch (IOException e) {
            throw new CircuitLensException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (lines.isEmpty()) throw new CircuitLensException(file + ": no prompts (the file is empty)");
        return lines;
    }
}
