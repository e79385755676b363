package io.circuitlens.tasks;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.hub.LoadedModel;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.nio.file.Path;
import java.util.List;

/**
 * The six built-in circuit tasks: their names, variants, built-in datasets ({@code datasets/<task>.csv}) and
 * loading. Each task reads its own layout, which is EAP-IG's for that task, so their files load too.
 */
public final class Tasks {
    public static final String IOI = "ioi";
    public static final String GENDER_BIAS = "gender-bias";
    public static final String GREATER_THAN = GreaterThanTask.NAME;
    public static final String CAPITAL_COUNTRY = "capital-country";
    /** The generic pairs file: clean,corrupted,correct,incorrect with the answers as text. */
    public static final String PAIRS = "pairs";
    public static final String SVA = SvaTask.NAME;
    public static final String HYPERNYMY = HypernymyTask.NAME;

    /** Every task name, in the order shown to users. */
    public static final List<String> NAMES = List.of(IOI, GENDER_BIAS, GREATER_THAN, CAPITAL_COUNTRY, SVA, HYPERNYMY);

    private Tasks() {}

    /** Returns {@code task} if it names a task, else an error listing them. */
    public static String checkName(String task) {
        if (!NAMES.contains(task)) {
            throw new CircuitLensException("unknown task '" + task + "'; tasks: " + String.join(", ", NAMES));
        }
        return task;
    }

    /** The variants a task offers besides its default (only ioi has one: "hard"). */
    public static List<String> variants(String task) {
        return checkName(task).equals(IOI) ? List.of(SingleAnswerTask.IOI_HARD) : List.of();
    }

    /** {@code variant} unless it is null or empty (the default), after checking the task offers it. */
    public static String checkVariant(String task, String variant) {
        checkName(task);
        if (variant == null || variant.isEmpty()) return null;
        if (!variants(task).contains(variant)) {
            List<String> offered = variants(task);
            throw new CircuitLensException("task " + task + " has no variant '" + variant + "'"
                    + (offered.isEmpty() ? " (it has none)" : "; variants: " + String.join(", ", offered)));
        }
        return variant;
    }

    /** The built-in dataset of a task: {@code datasets/<task>.csv}. */
    public static Path builtinCsv(String task) {
        return DatasetsDir.find().resolve(checkName(task) + ".csv");
    }

    /**
     * Loads a task's pairs for a model: {@code csvOrNull} (null: the built-in dataset), its first {@code limit} rows
     * ({@code <= 0}: all), tokenised with the model's tokenizer, BOS first when {@code bos}; {@code variant} null for
     * the default or one of {@link #variants}. Errors are one line naming the file and row.
     */
    public static TaskPairs load(String task, Path csvOrNull, LoadedModel model, int limit, boolean bos, String variant) {
        return load(task, csvOrNull, model.tokenizer(), model.config().nCtx(), limit, bos, variant);
    }

    /** {@link #load(String, Path, LoadedModel, int, boolean, String)} with only a tokenizer and a context length. */
    public static TaskPairs load(String task, Path csvOrNull, Gpt2Tokenizer tok, int nCtx, int limit, boolean bos,
                                 String variant) {
        checkName(task);
        String v = checkVariant(task, variant);
        Path file = csvOrNull == null ? builtinCsv(task) : csvOrNull;
        TaskCsv csv = TaskCsv.read(file, task, limit);
        return switch (task) {
            case IOI -> SingleAnswerTask.load(SingleAnswerTask.IOI, csv, tok, nCtx, bos,
                    SingleAnswerTask.IOI_HARD.equals(v) ? "corrupted_hard" : "corrupted");
            case GENDER_BIAS -> SingleAnswerTask.load(SingleAnswerTask.GENDER_BIAS, csv, tok, nCtx, bos, "corrupted");
            case GREATER_THAN -> withFile(file, () -> GreaterThanTask.load(csv, tok, nCtx, bos));
            case CAPITAL_COUNTRY -> SingleAnswerTask.load(SingleAnswerTask.CAPITAL_COUNTRY, csv, tok, nCtx, bos, "corrupted");
            case SVA -> SvaTask.load(csv, tok, nCtx, bos, DatasetsDir.find().resolve("wordlists"));
            case HYPERNYMY -> HypernymyTask.load(csv, tok, nCtx, bos);
            default -> throw new IllegalStateException(task);
        };
    }

    /**
     * Loads a generic pairs file ({@code clean,corrupted,correct,incorrect} in any column order, extra columns ignored;
     * answers as text, each one token): the first {@code limit} rows ({@code <= 0}: all), BOS first when {@code bos}.
     * Its default metric is logit-diff.
     */
    public static TaskPairs loadPairs(Path file, Gpt2Tokenizer tok, int nCtx, int limit, boolean bos) {
        return SingleAnswerTask.load(SingleAnswerTask.PAIRS, TaskCsv.read(file, PAIRS, limit), tok, nCtx, bos, "corrupted");
    }

    /** {@link #loadPairs(Path, Gpt2Tokenizer, int, int, boolean)} for a model. */
    public static TaskPairs loadPairs(Path file, LoadedModel model, int limit, boolean bos) {
        return loadPairs(file, model.tokenizer(), model.config().nCtx(), limit, bos);
    }

    /** Prefixes the file to errors that do not name it yet (the year tokens are checked once, not per row). */
    private static TaskPairs withFile(Path file, java.util.function.Supplier<TaskPairs> load) {
        try {
            return load.get();
        } catch (CircuitLensException e) {
            if (e.getMessage().startsWith(file.toString())) throw e;
            throw new CircuitLensException(file + ": " + e.getMessage(), e);
        }
    }
}
