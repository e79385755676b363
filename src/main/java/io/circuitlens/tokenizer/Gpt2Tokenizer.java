package io.circuitlens.tokenizer;

import io.circuitlens.common.TextQuoting;

import io.circuitlens.common.CircuitLensException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GPT-2's byte-level BPE tokenizer, loaded from Hugging Face {@code vocab.json} + {@code merges.txt}, giving the same
 * ids as OpenAI's encoder and Hugging Face's GPT-2 tokenizer.
 *
 * <p>Encoding: the text is first split at each literal {@code <|endoftext|>}, which becomes its special token (as in
 * Hugging Face and TransformerLens); each part in between is cut into pieces by GPT-2's pre-tokenizer pattern, and
 * each piece's UTF-8 bytes are merged by BPE. Decoding concatenates the tokens' bytes and reads them as UTF-8,
 * replacing invalid sequences with U+FFFD (Python's {@code errors="replace"}).
 *
 * <p>Immutable after loading except for an internal bounded word cache, so one instance can be shared by threads.
 */
public final class Gpt2Tokenizer {
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String VOCAB_FILE = "vocab.json";
    public static final String MERGES_FILE = "merges.txt";

    private final Path vocabFile;
    private final String[] tokens;
    private final int[] byteTokenIds;
    private final BpeMerger merger;
    private final int endOfTextId;
    private final WordCache cache = new WordCache();

    private Gpt2Tokenizer(Path vocabFile, String[] tokens, int[] byteTokenIds, BpeMerger merger, int endOfTextId) {
        this.vocabFile = vocabFile;
        this.tokens = tokens;
        this.byteTokenIds = byteTokenIds;
        this.merger = merger;
        this.endOfTextId = endOfTextId;
    }

    /** Loads {@code vocab.json} and {@code merges.txt} from a model folder. */
    public static Gpt2Tokenizer fromModelFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CircuitLensException("model folder not found: " + dir);
        }
        return load(dir.resolve(VOCAB_FILE), dir.resolve(MERGES_FILE));
    }

    /** Loads a tokenizer; a missing or corrupt file gives a {@link CircuitLensException} naming it. */
    public static Gpt2Tokenizer load(Path vocabJson, Path mergesTxt) {
        String[] tokens = VocabFile.read(vocabJson);
        Map<String, Integer> ids = new HashMap<>(tokens.length * 2);
        for (int id = 0; id < tokens.length; id++) {
            ids.put(tokens[id], id);
        }
        int[] byteTokenIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.valueOf(ByteUnicodeMap.charOf(b)));
            if (id == null) {
                throw TokenizerFileException.corrupt(vocabJson, String.format(
                        "no token for byte 0x%02X (\"%c\"), so this is not a byte-level BPE vocabulary",
                        b, ByteUnicodeMap.charOf(b)));
            }
            byteTokenIds[b] = id;
        }
        MergeTable table = mergeTable(MergesFile.read(mergesTxt), ids, mergesTxt, vocabJson);
        int endOfText = ids.getOrDefault(END_OF_TEXT, -1);
        return new Gpt2Tokenizer(vocabJson, tokens, byteTokenIds, new BpeMerger(table), endOfText);
    }

    private static MergeTable mergeTable(List<MergesFile.Rule> rules, Map<String, Integer> ids, Path mergesTxt,
                                         Path vocabJson) {
        int[] left = new int[rules.size()];
        int[] right = new int[rules.size()];
        int[] merged = new int[rules.size()];
        for (int rank = 0; rank < rules.size(); rank++) {
            MergesFile.Rule rule = rules.get(rank);
            left[rank] = requireToken(ids, rule.left(), rule, mergesTxt, vocabJson);
            right[rank] = requireToken(ids, rule.right(), rule, mergesTxt, vocabJson);
            merged[rank] = requireToken(ids, rule.left() + rule.right(), rule, mergesTxt, vocabJson);
        }
        return new MergeTable(left, right, merged);
    }

    private static int requireToken(Map<String, Integer> ids, String token, MergesFile.Rule rule, Path mergesTxt,
                                    Path vocabJson) {
        Integer id = ids.get(token);
        if (id == null) {
            throw TokenizerFileException.corrupt(mergesTxt, "line " + rule.line() + " uses token "
                    + TextQuoting.quote(token) + ", which is not in " + vocabJson.getFileName());
        }
        return id;
    }

    /** Token ids of {@code text}, without a BOS token. */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        IdBuffer out = new IdBuffer(text.length() / 3 + 4);
        int from = 0;
        if (endOfTextId >= 0) {
            for (int at = text.indexOf(END_OF_TEXT); at >= 0; at = text.indexOf(END_OF_TEXT, from)) {
                encodeOrdinary(text.substring(from, at), out);
                out.add(endOfTextId);
                from = at + END_OF_TEXT.length();
            }
        }
        encodeOrdinary(from == 0 ? text : text.substring(from), out);
        return out.toArray();
    }

    /** Token ids of {@code text}, preceded by {@link #bosId()} if {@code prependBos}. */
    public int[] encode(String text, boolean prependBos) {
        if (!prependBos) return encode(text);
        int bos = bosId();
        int[] body = encode(text);
        int[] ids = new int[body.length + 1];
        ids[0] = bos;
        System.arraycopy(body, 0, ids, 1, body.length);
        return ids;
    }

    private void encodeOrdinary(String text, IdBuffer out) {
        for (String piece : PreTokenizer.split(text)) {
            out.addAll(cache.get(piece, this::bpe));
        }
    }

    private int[] bpe(String piece) {
        byte[] bytes = Utf8.encode(piece);
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = byteTokenIds[bytes[i] & 0xFF];
        }
        return merger.merge(symbols);
    }

    /** The text of {@code ids}; invalid UTF-8 (e.g. half of a multi-byte character) becomes U+FFFD. */
    public String decode(int[] ids) {
        // each token's bytes are worked out when decoded, not for all 50,257 at load time
        byte[][] pieces = new byte[ids.length][];
        int length = 0;
        for (int i = 0; i < ids.length; i++) {
            pieces[i] = bytesOf(tokens[checkId(ids[i])]);
            length += pieces[i].length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, bytes, at, piece.length);
            at += piece.length;
        }
        return Utf8.decode(bytes, length);
    }

    /** The decoded text of one token (a token holding part of a UTF-8 character decodes to U+FFFD). */
    public String token(int id) {
        return decode(new int[] {id});
    }

    /**
     * The id {@code text} encodes to (without BOS) if that is exactly one token; otherwise a
     * {@link CircuitLensException} saying how it splits.
     */
    public int singleToken(String text) {
        int[] ids = encode(text);
        if (ids.length == 1) return ids[0];
        throw new CircuitLensException("answer " + TextQuoting.quote(text, 120) + " is " + ids.length
                + " tokens " + idList(ids) + ", not a single token");
    }

    /** Id of {@code <|endoftext|>}, which GPT-2 uses as BOS. */
    public int bosId() {
        if (endOfTextId < 0) {
            throw new CircuitLensException("tokenizer vocabulary " + vocabFile + " has no " + END_OF_TEXT
                    + " token, which GPT-2 uses as the BOS token");
        }
        return endOfTextId;
    }

    /** Number of tokens in the vocabulary; ids are 0..vocabSize()-1. */
    public int vocabSize() {
        return tokens.length;
    }

    private int checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new CircuitLensException("token id " + id + " is outside the vocabulary (0.." + (tokens.length - 1) + ")");
        }
        return id;
    }

    /** A token's bytes: each character stands for one byte, except in tokens (like added ones) stored as plain text. */
    private static byte[] bytesOf(String token) {
        byte[] bytes = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = ByteUnicodeMap.byteOf(token.charAt(i));
            if (b < 0) return Utf8.encode(token);
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    private static String idList(int[] ids) {
        if (ids.length <= 16) return Arrays.toString(ids);
        String head = Arrays.toString(Arrays.copyOf(ids, 16));
        return head.substring(0, head.length() - 1) + ", ...]";
    }

    /** Growable int array for building encodings. */
    private static final class IdBuffer {
        private int[] ids;
        private int size;

        IdBuffer(int capacity) {
            ids = new int[capacity];
        }

        void add(int id) {
            if (size == ids.length) ids = Arrays.copyOf(ids, size * 2 + 1);
            ids[size++] = id;
        }

        void addAll(int[] more) {
            if (size + more.length > ids.length) ids = Arrays.copyOf(ids, Math.max(size * 2, size + more.length));
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
