package dev.driftgate.cli.judge;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.cli.score.ScoreJudgeFactory;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.agreement.HumanLabel;
import dev.driftgate.core.judge.agreement.JudgeAgreement;
import dev.driftgate.core.store.AgreementStore;
import dev.driftgate.core.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate judge agreement --labels FILE}: the configured judge rates every human-labelled
 * answer; Cohen's kappa per rubric dimension (quadratic-weighted on a 5-level scale; unweighted for
 * pairwise preferences) with a bootstrap 95% interval, printed and stored in judge_agreement (V8) per
 * judge model and rubric version.
 */
@Command(name = "agreement", mixinStandardHelpOptions = true,
        description = {"Cohen's kappa of the LLM judge against human labels, per rubric dimension.",
                "Labels: JSONL {id, prompt, answer, reference?, scores: {dimension: 0..1}} or "
                        + "{id, prompt, answer, answer_b, preference: A|B|tie}.",
                "Exit codes: 0 measured (and stored), 1 invalid labels, 2 no judge or the store failed."})
public final class JudgeAgreementCommand extends EnvironmentAware implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--labels", required = true, paramLabel = "FILE") Path labels;
    @Option(names = "--judge", paramLabel = "MODEL", description = "Judge model (default: judge.model of the config).")
    String judgeModel;
    @Option(names = "--resamples", defaultValue = "2000", description = "Bootstrap resamples for the interval.")
    int resamples;
    @Option(names = "--no-store", description = "Print only; do not record in the run store.") boolean noStore;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();
    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DriftgateConfig config = new ConfigLoader().load(configDir.dir());
        byte[] raw;
        List<HumanLabel> parsed = new ArrayList<>();
        try {
            raw = Files.readAllBytes(labels);
            int line = 0;
            for (String text : new String(raw, StandardCharsets.UTF_8).split("\n")) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                HumanLabel l = Json.mapper().readValue(text, HumanLabel.class);
                if (l.id() == null || l.answer() == null || (l.scores() == null) == (l.preference() == null)) {
                    err.println("driftgate judge agreement: " + labels + " line " + line
                            + ": needs id, answer and exactly one of scores or preference");
                    return ExitCodes.INVALID_OR_BLOCKED;
                }
                parsed.add(l);
            }
        } catch (IOException e) {
            err.println("driftgate judge agreement: " + labels + ": " + e.getMessage());
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        Optional<ScoreJudgeFactory> factory = ScoreJudgeFactory.find();
        if (factory.isEmpty()) {
            err.println("driftgate judge agreement: no judge available in this build");
            return ExitCodes.UNDECIDED;
        }
        String model = judgeModel != null ? judgeModel : config.scorer().judge().model();
        String rubric = config.scorer().judge().rubricTemplateVersion();
        Judge judge = factory.get().create(model, config, configDir.dir(), environment().asMap());
        List<JudgeAgreement.Row> rows;
        try {
            rows = new JudgeAgreement(resamples, 42).measure(judge, parsed);
        } catch (IllegalArgumentException e) {
            err.println("driftgate judge agreement: " + labels + ": " + e.getMessage());
            return ExitCodes.INVALID_OR_BLOCKED;
        } finally {
            if (judge instanceof AutoCloseable c) {
                c.close();
            }
        }
        out.printf("Judge %s, rubric %s, %d labelled item(s) from %s%n", model, rubric, parsed.size(), labels);
        out.printf("%-22s %-10s %4s %8s %17s%n", "dimension", "weighting", "n", "kappa", "95% CI");
        rows.forEach(r -> out.println(r.render()));
        if (!noStore) {
            try (Database db = store.open(environment())) {
                new AgreementStore(db.dataSource()).record(model, rubric, sha256(raw), rows);
                out.println("recorded in judge_agreement");
            } catch (Exception e) {
                err.println("driftgate judge agreement: could not record: " + StoreOption.redact(e.getMessage(), environment()));
                out.flush();
                return ExitCodes.UNDECIDED;
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
