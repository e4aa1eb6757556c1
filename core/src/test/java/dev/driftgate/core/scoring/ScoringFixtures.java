package dev.driftgate.core.scoring;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;

/** Hand-made example results for the scoring tests. */
final class ScoringFixtures {
    private ScoringFixtures() {
    }

    static JudgeVerdict verdict(double overall) {
        return new JudgeVerdict(overall, overall, overall, overall, "ok", 1, 5, false, null, null);
    }

    static ExampleResult unscored(String id, String category, double bert, double rouge, JudgeVerdict judge) {
        return new ExampleResult(id, category, "prompt " + id, "ref", "resp", new Prf(rouge, rouge, rouge),
                new Prf(bert, bert, bert), judge, Double.NaN, 10, 20, false, null, null);
    }

    static ExampleResult scored(String id, String category, double composite) {
        return new ExampleResult(id, category, "p", "r", "a", new Prf(composite, composite, composite),
                new Prf(composite, composite, composite), verdict(composite), composite, 1, 1, false, null, null);
    }

    static ExampleResult failed(String id, String category, String stage) {
        return new ExampleResult(id, category, "p", "r", null, null, null, null, Double.NaN, 1, 0, true, stage,
                "HTTP 500 after 5 attempts");
    }
}
