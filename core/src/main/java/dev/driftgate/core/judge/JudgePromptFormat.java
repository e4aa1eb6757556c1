package dev.driftgate.core.judge;

/**
 * The markers and tags that a judge prompt carries. The rubric templates in config/rubrics put each
 * part between these tags so a real model reads a clearly delimited prompt and the simulator can
 * find the parts again. The markers name the template kind; the simulator keys on them.
 */
public final class JudgePromptFormat {
    /** Present in every single-answer rubric prompt (with or without reference). */
    public static final String RUBRIC_MARKER = "[driftgate-judge:rubric]";
    /** Present in every pairwise prompt. */
    public static final String PAIRWISE_MARKER = "[driftgate-judge:pairwise]";

    public static final String QUESTION = "question";
    public static final String ANSWER = "answer";
    public static final String REFERENCE = "reference";
    public static final String ANSWER_A = "answer_a";
    public static final String ANSWER_B = "answer_b";

    private JudgePromptFormat() {
    }

    public static String open(String tag) {
        return "<" + tag + ">";
    }

    public static String close(String tag) {
        return "</" + tag + ">";
    }

    /** The text between {@code <tag>} and {@code </tag>}, trimmed, or null when absent. */
    public static String section(String prompt, String tag) {
        int start = prompt.indexOf(open(tag));
        if (start < 0) {
            return null;
        }
        start += open(tag).length();
        int end = prompt.indexOf(close(tag), start);
        if (end < 0) {
            return null;
        }
        return prompt.substring(start, end).trim();
    }
}
