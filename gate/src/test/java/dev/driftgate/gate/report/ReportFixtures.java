package dev.driftgate.gate.report;

import dev.driftgate.core.report.GateDecision;
import dev.driftgate.core.report.ReportData;
import dev.driftgate.core.report.RunPoint;
import dev.driftgate.core.report.ShadowCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report with two model versions, a prompt-template change, decisions, shadow rows and one hostile name. */
final class ReportFixtures {
    static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=alert(1)>";
    static final List<String> CATEGORIES = List.of("factual_qa", "instruction_following", "reasoning", "safety",
            "summarization");

    private ReportFixtures() {
    }

    static ReportData sample() {
        Instant t0 = Instant.parse("2026-11-01T09:00:00Z");
        List<RunPoint> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String model = i < 6 ? "openai/gpt-4o-mini" : "openai/gpt-4.1-mini";
            String prompt = i < 3 ? "v1" : "v2";
            Map<String, Double> cats = new LinkedHashMap<>();
            for (int c = 0; c < CATEGORIES.size(); c++) {
                cats.put(CATEGORIES.get(c), 0.78 + 0.012 * c + 0.006 * (i % 4) + (i >= 6 ? 0.03 : 0));
            }
            String id = i == 4 ? HOSTILE : "run-2026-11-%02d".formatted(i + 1);
            runs.add(new RunPoint(id, t0.plus(Duration.ofDays(i)), "completed", i == 5 ? "production" : "ci",
                    model, prompt, 0.81 + 0.01 * (i % 3) + (i >= 6 ? 0.02 : 0), cats, 0.0123 * (1 + i % 3)));
        }
        List<GateDecision> decisions = List.of(
                new GateDecision("run-2026-11-10", "run-2026-11-06", "pass", List.of(), t0.plus(Duration.ofDays(9))),
                new GateDecision("run-2026-11-09", "run-2026-11-06", "blocked",
                        List.of("reasoning dropped 0.061 below production (delta 0.05)", HOSTILE), t0.plus(Duration.ofDays(8))));
        List<ShadowCategory> shadow = CATEGORIES.stream()
                .map(c -> new ShadowCategory(c, "openai/gpt-4.1-mini", 120, 0.82, 0.84, -0.05, 0.02, 0.07, 0.01))
                .toList();
        return new ReportData("driftgate report", t0.plus(Duration.ofDays(10)), new ReportData.Thresholds(0.80, 0.72),
                runs, decisions, shadow);
    }

    static ReportData empty() {
        return new ReportData("driftgate report", Instant.parse("2026-11-01T09:00:00Z"),
                new ReportData.Thresholds(0.80, 0.72), List.of(), List.of(), List.of());
    }
}
