package io.circuitlens.kernels;

/**
 * A next-token metric as the backend evaluates it, per row at the row's last real token, against the targets of the
 * row's prompt (rows map to prompts through a {@link RowMap}). Every metric of the project is one of:
 * <ul>
 *   <li>{@link Kind#LOGITS}: Σ_k a_k·z[id_k] over the prompt's weighted answer tokens (logit difference, answer sets,
 *       greater-than's logit form); d/dz = a.</li>
 *   <li>{@link Kind#PROBS}: Σ_k a_k·p[id_k] with p = softmax(z) over the whole vocabulary (probability difference,
 *       greater-than); d/dz_u = p_u·(a_u − m).</li>
 *   <li>{@link Kind#KL} / {@link Kind#KL_MEAN}: KL(p_ref ‖ p) over the vocabulary against the prompt's row of
 *       {@code reference} (logits [prompts, vocab] kept on the backend, e.g. the clean run's), ÷ vocab for the mean;
 *       d/dz = p − p_ref (÷ vocab).</li>
 * </ul>
 * Answer tokens are stored as CSR: prompt p's tokens are ids[start[p] .. start[p+1]) with the same weights. A token
 * listed twice counts twice. Backends compute in double and store float32.
 */
public record MetricSpec(Kind kind, int prompts, int vocab, int[] start, int[] ids, double[] weights, Buf reference) {
    public enum Kind { LOGITS, PROBS, KL, KL_MEAN }

    public MetricSpec {
        boolean answers = kind == Kind.LOGITS || kind == Kind.PROBS;
        if (answers) {
            if (start.length != prompts + 1 || ids.length != weights.length || start[prompts] != ids.length) {
                throw new IllegalArgumentException("answer table does not match " + prompts + " prompts");
            }
            for (int id : ids) {
                if (id < 0 || id >= vocab) throw new IllegalArgumentException("answer token " + id + " outside vocab " + vocab);
            }
        } else if (reference == null || reference.size() < (long) prompts * vocab) {
            throw new IllegalArgumentException("KL needs reference logits [" + prompts + ", " + vocab + "]");
        }
    }

    public static MetricSpec answers(boolean probabilities, int prompts, int vocab, int[] start, int[] ids, double[] weights) {
        return new MetricSpec(probabilities ? Kind.PROBS : Kind.LOGITS, prompts, vocab, start.clone(), ids.clone(), weights.clone(), null);
    }

    /**
     * The vocabulary columns the metric reads, ascending: the answer tokens of a {@link Kind#LOGITS} metric (the only
     * logits it needs), or null when it needs the whole row (a softmax or KL).
     */
    public int[] columns() {
        if (kind != Kind.LOGITS) return null;
        return java.util.Arrays.stream(ids).distinct().sorted().toArray();
    }

    /** The same metric on logits computed only at {@code columns} (the layout {@link #columns()} gives). */
    public MetricSpec onColumns(int[] columns) {
        if (kind != Kind.LOGITS) throw new IllegalStateException(kind + " metrics read the whole vocabulary");
        int[] at = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            at[i] = java.util.Arrays.binarySearch(columns, ids[i]);
            if (at[i] < 0) throw new IllegalArgumentException("answer token " + ids[i] + " is not among the computed columns");
        }
        return new MetricSpec(kind, prompts, columns.length, start, at, weights, null);
    }

    public static MetricSpec kl(boolean mean, int prompts, int vocab, Buf reference) {
        return new MetricSpec(mean ? Kind.KL_MEAN : Kind.KL, prompts, vocab, null, null, null, reference);
    }
}
