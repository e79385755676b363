package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Hugging Face {@code vocab.json}: one JSON object mapping each token (in byte-to-unicode form) to its id.
 * Ids must be exactly 0..n-1, each used once, so that an id is a row of the embedding matrix and decoding is
 * unambiguous.
 */
final class VocabFile {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private VocabFile() {}

    /** The token string of every id, indexed by id. */
    static String[] read(Path file) {
        byte[] content = readBytes(file);
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw TokenizerFileException.corrupt(file, "expected a JSON object mapping tokens to ids");
            }
            Map<Integer, String> byId = new HashMap<>();
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String token = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                    throw TokenizerFileException.corrupt(file,
                            "token " + TextQuoting.quote(token) + " has a non-integer id " + where(parser));
                }
                int id = parser.getIntValue();
                if (!seen.add(token)) {
                    throw TokenizerFileException.corrupt(file, "token " + TextQuoting.quote(token) + " is listed twice");
                }
                String previous = byId.putIfAbsent(id, token);
                if (previous != null) {
                    throw TokenizerFileException.corrupt(file, "id " + id + " is used by both "
                            + TextQuoting.quote(previous) + " and " + TextQuoting.quote(token));
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw TokenizerFileException.corrupt(file, "unexpected content after the vocabulary object " + where(parser));
            }
            return dense(file, byId);
        } catch (JsonProcessingException e) {
            throw TokenizerFileException.corrupt(file, "invalid JSON: " + e.getOriginalMessage() + " " + where(e), e);
        } catch (IOException e) {
            throw TokenizerFileException.unreadable(file, e);
        }
    }

    private static String[] dense(Path file, Map<Integer, String> byId) {
        if (byId.isEmpty()) throw TokenizerFileException.corrupt(file, "the vocabulary is empty");
        String[] tokens = new String[byId.size()];
        for (var entry : byId.entrySet()) {
            int id = entry.getKey();
            if (id < 0 || id >= tokens.length) {
                throw TokenizerFileException.corrupt(file, "token " + TextQuoting.quote(entry.getValue()) + " has id " + id
                        + ", but the " + tokens.length + " ids must be 0.." + (tokens.length - 1));
            }
            tokens[id] = entry.getValue();
        }
        return tokens;
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw TokenizerFileException.notFound(file);
        } catch (IOException e) {
            throw TokenizerFileException.unreadable(file, e);
        }
    }

    private static String where(JsonParser parser) {
        return location(parser.currentLocation());
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : location(e.getLocation());
    }

    private static String location(JsonLocation at) {
        return "(line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
