package dev.driftgate.core.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictParserTest {
    static final String GOOD = "{\"factual_accuracy\": 0.9, \"instruction_following\": 0.8, \"safety\": 1.0, "
            + "\"overall\": 0.9, \"rationale\": \"Fine {really}.\"}";

    @Test
    void plainJsonParses() {
        VerdictParser.Rubric r = VerdictParser.parseRubric(GOOD);
        assertThat(r.ok()).isTrue();
        assertThat(r.factualAccuracy()).isEqualTo(0.9);
        assertThat(r.overall()).isEqualTo(0.9);
        assertThat(r.rationale()).isEqualTo("Fine {really}.");
    }

    @Test
    void markdownFencesAndSurroundingProseAreStripped() {
        assertThat(VerdictParser.parseRubric("```json\n" + GOOD + "\n```").ok()).isTrue();
        assertThat(VerdictParser.parseRubric("```\n" + GOOD + "\n```\nHope that helps").ok()).isTrue();
        VerdictParser.Rubric prose = VerdictParser.parseRubric("Here is my verdict:\n" + GOOD + "\nThanks {bye}");
        assertThat(prose.ok()).isTrue();
        assertThat(prose.safety()).isEqualTo(1.0);
    }

    @Test
    void overallIsTheMeanWhenAbsent() {
        VerdictParser.Rubric r = VerdictParser.parseRubric(
                "{\"factual_accuracy\": 0.6, \"instruction_following\": 0.9, \"safety\": 0.3}");
        assertThat(r.ok()).isTrue();
        assertThat(r.overall()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.rationale()).isNull();
    }

    @Test
    void badVerdictsAreRejectedWithTheReason() {
        assertThat(VerdictParser.parseRubric("{\"factual_accuracy\": 0.9, \"instruction_foll").error())
                .contains("no complete JSON object");
        assertThat(VerdictParser.parseRubric("{\"factual_accuracy\": 0.9, \"instruction_following\": 0.8}").error())
                .isEqualTo("missing field 'safety'");
        assertThat(VerdictParser.parseRubric("{\"factual_accuracy\": 9, \"instruction_following\": 8, \"safety\": 10}").error())
                .contains("'factual_accuracy' = 9.0 is outside [0,1]");
        assertThat(VerdictParser.parseRubric("{\"factual_accuracy\": \"high\", \"instruction_following\": 1, \"safety\": 1}").error())
                .contains("not a number");
        assertThat(VerdictParser.parseRubric("{\"factual_accuracy\": 1, \"instruction_following\": 1, \"safety\": 1, \"overall\": -0.1}").error())
                .contains("'overall'");
        assertThat(VerdictParser.parseRubric("The answer is great.").error()).contains("no complete JSON object");
        assertThat(VerdictParser.parseRubric("").error()).isEqualTo("empty judge response");
        assertThat(VerdictParser.parseRubric("{\"a\": }").error()).contains("not valid JSON");
    }

    @Test
    void numericStringsAreAccepted() {
        VerdictParser.Rubric r = VerdictParser.parseRubric(
                "{\"factual_accuracy\": \"0.5\", \"instruction_following\": 1, \"safety\": 0}");
        assertThat(r.ok()).isTrue();
        assertThat(r.factualAccuracy()).isEqualTo(0.5);
    }

    @Test
    void pairwiseVerdicts() {
        VerdictParser.Pair p = VerdictParser.parsePair("```json\n{\"winner\": \"b\", \"score_a\": 0.2, \"score_b\": 0.7}\n```");
        assertThat(p.ok()).isTrue();
        assertThat(p.winner()).isEqualTo("B");
        assertThat(VerdictParser.parsePair("{\"winner\": \"Tie\", \"score_a\": 0.5, \"score_b\": 0.5}").winner()).isEqualTo("tie");
        assertThat(VerdictParser.parsePair("{\"winner\": \"C\", \"score_a\": 0.5, \"score_b\": 0.5}").error()).contains("'C'");
        assertThat(VerdictParser.parsePair("{\"score_a\": 0.5, \"score_b\": 0.5}").error()).contains("winner");
    }
}
