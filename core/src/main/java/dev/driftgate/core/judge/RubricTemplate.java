package dev.driftgate.core.judge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The versioned judge prompts: config/rubrics/&lt;version&gt;.txt (one answer, with or without
 * reference) and &lt;version&gt;-pairwise.txt. Placeholders are {{question}}, {{answer}},
 * {{answer_a}}, {{answer_b}} and {{reference_section}}; each template must carry its marker
 * ({@link JudgePromptFormat}) so the simulator recognises it.
 */
public record RubricTemplate(String version, String rubric, String pairwise) {
    private static final String QUESTION = "{{question}}";
    private static final String ANSWER = "{{answer}}";
    private static final String ANSWER_A = "{{answer_a}}";
    private static final String ANSWER_B = "{{answer_b}}";
    private static final String REFERENCE_SECTION = "{{reference_section}}";

    public RubricTemplate {
        requireAll(version + ".txt", rubric, List.of(JudgePromptFormat.RUBRIC_MARKER, QUESTION, ANSWER, REFERENCE_SECTION));
        requireAll(version + "-pairwise.txt", pairwise,
                List.of(JudgePromptFormat.PAIRWISE_MARKER, QUESTION, ANSWER_A, ANSWER_B, REFERENCE_SECTION));
    }

    /** Reads {@code <dir>/<version>.txt} and {@code <dir>/<version>-pairwise.txt}. */
    public static RubricTemplate load(Path rubricsDir, String version) {
        if (version == null || !version.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("judge.rubric_template_version '" + version
                    + "' must be a plain file name such as rubric-v1");
        }
        return new RubricTemplate(version, read(rubricsDir.resolve(version + ".txt")),
                read(rubricsDir.resolve(version + "-pairwise.txt")));
    }

    public String single(String question, String answer, String reference) {
        return fill(rubric, Map.of(QUESTION, question, ANSWER, answer, REFERENCE_SECTION, referenceSection(reference)));
    }

    public String pair(String question, String answerA, String answerB, String reference) {
        return fill(pairwise, Map.of(QUESTION, question, ANSWER_A, answerA, ANSWER_B, answerB,
                REFERENCE_SECTION, referenceSection(reference)));
    }

    /** One pass over the template, so text inside an answer that looks like a placeholder stays as is. */
    private static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 1024);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            int close = open < 0 ? -1 : template.indexOf("}}", open);
            if (open < 0 || close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String key = template.substring(open, close + 2);
            String value = values.get(key);
            out.append(template, i, open).append(value != null ? value : key);
            i = close + 2;
        }
        return out.toString();
    }

    private static String referenceSection(String reference) {
        if (reference == null) {
            return "There is no reference answer: judge the answer on its own against the question.";
        }
        return "Reference answer (treat it as correct):\n" + JudgePromptFormat.open(JudgePromptFormat.REFERENCE)
                + "\n" + reference + "\n" + JudgePromptFormat.close(JudgePromptFormat.REFERENCE);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read judge rubric template " + file.toAbsolutePath()
                    + " (judge.rubric_template_version in scorer_config.yaml names it)", e);
        }
    }

    private static void requireAll(String name, String text, List<String> needed) {
        if (text == null) {
            throw new IllegalArgumentException("judge rubric template " + name + " is missing");
        }
        for (String n : needed) {
            if (!text.contains(n)) {
                throw new IllegalArgumentException("judge rubric template " + name + " lacks " + n);
            }
        }
    }
}
