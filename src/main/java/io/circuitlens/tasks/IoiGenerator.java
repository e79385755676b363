package io.circuitlens.tasks;

import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates IOI rows from {@code wordlists/ioi/}: a template, two names A and B introduced together (either may be
 * the indirect object), the repeated subject S, a place and an object. The ABC corruption puts a third name where S
 * is repeated; the hard one puts the indirect object there. A row is kept when both answers are single tokens and
 * all three prompts tokenise to the same length.
 */
final class IoiGenerator {
    private IoiGenerator() {}

    static GeneratedDataset generate(WordLists lists, Gpt2Tokenizer tok, int n, long seed, String variant) {
        List<String> names = lists.lines("names.txt");
        List<String> places = lists.lines("places.txt");
        List<String> objects = lists.lines("objects.txt");
        List<String> templates = lists.lines("templates.txt");
        boolean hard = SingleAnswerTask.IOI_HARD.equals(variant);
        if (names.stream().distinct().count() < 3) {
            throw new io.circuitlens.common.CircuitLensException("the ioi names list needs at least 3 different names");
        }
        return RowSampler.sample(SingleAnswerTask.IOI.name(), SingleAnswerTask.IOI.columns(), n, seed, (rng, kept) -> {
            int t = rng.nextInt(templates.size());
            String a = RowSampler.pick(rng, names);
            String b = distinct(rng, names, a, null);
            String c = distinct(rng, names, a, b);
            boolean aIsIo = rng.nextBoolean();
            String io = aIsIo ? a : b;
            String s = aIsIo ? b : a;
            String place = RowSampler.pick(rng, places);
            String object = RowSampler.pick(rng, objects);
            String template = templates.get(t);
            String clean = fill(template, a, b, s, place, object);
            String abc = fill(template, a, b, c, place, object);
            String toIo = fill(template, a, b, io, place, object);
            Drop drop = null;
            int ioId = SpacedWords.single(tok, io);
            int sId = SpacedWords.single(tok, s);
            if (ioId < 0 || sId < 0) {
                drop = Drop.ANSWER_NOT_SINGLE_TOKEN;
            } else {
                int len = tok.encode(clean).length;
                if (tok.encode(abc).length != len || tok.encode(toIo).length != len) drop = Drop.UNEQUAL_LENGTH;
            }
            List<String> row = new ArrayList<>(List.of(clean, hard ? toIo : abc, toIo, Integer.toString(ioId),
                    Integer.toString(sId), " " + io, " " + s, Integer.toString(t + 1)));
            return new RowSampler.Candidate(clean + "\u0000" + abc, row, drop);
        }, hard ? List.of("variant hard: the corrupted column holds the hard corruption too") : List.of());
    }

    /** A name from the list other than {@code x} and {@code y}. */
    private static String distinct(Random rng, List<String> names, String x, String y) {
        while (true) {
            String name = RowSampler.pick(rng, names);
            if (!name.equals(x) && !name.equals(y)) return name;
        }
    }

    private static String fill(String template, String a, String b, String s, String place, String object) {
        return template.replace("{A}", a).replace("{B}", b).replace("{S}", s).replace("{PLACE}", place)
                .replace("{OBJECT}", object);
    }
}
