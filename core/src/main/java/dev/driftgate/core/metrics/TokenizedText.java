package dev.driftgate.core.metrics;

/**
 * A text as MiniLM's WordPiece tokenizer sees it: ids with [CLS] first and [SEP] last, at most
 * {@link MiniLmEncoder#MAX_TOKENS} long; {@code truncated} says the text had to be cut to fit.
 */
public record TokenizedText(long[] ids, boolean truncated) {

    public int length() {
        return ids.length;
    }

    /** Only [CLS] and [SEP]: bert_score treats such a text as empty. */
    public boolean isEmpty() {
        return ids.length <= 2;
    }
}
