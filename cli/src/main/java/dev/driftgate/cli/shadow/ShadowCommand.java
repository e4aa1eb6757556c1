package dev.driftgate.cli.shadow;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.shadow.ShadowOutcomes;
import dev.driftgate.core.store.Database;
import dev.driftgate.flink.shadow.SampledCount;
import dev.driftgate.core.store.EventLatencyReader;
import dev.driftgate.flink.shadow.ShadowReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code driftgate shadow report}: how the candidate fares on shadow traffic, and whether to promote it. */
@Command(name = "shadow", description = "Shadow traffic results.", subcommands = {ShadowCommand.Report.class})
public final class ShadowCommand {

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Per category: n, mean delta with 95% CI, win/tie/loss, judge failure rate; and the"
                    + " promotion decision from shadow_config.yaml promotion.*. Exit 0 promote, 1 blocked, 2 undecided.")
    static final class Report extends EnvironmentAware implements Callable<Integer> {
        @Option(names = "--since", defaultValue = "24h", converter = SinceConverter.class,
                description = "How far back: 30m, 24h, 7d (default ${DEFAULT-VALUE}).")
        Duration since;

        @Option(names = "--model", description = "Candidate model (default: shadow_config.yaml candidate_model).")
        String model;

        @Mixin
        ConfigDirOption.WithLegacyAlias config = new ConfigDirOption.WithLegacyAlias();

        @Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL (default: env DRIFTGATE_DB_URL).")
        String jdbcUrl;

        @Option(names = "--bootstrap-servers", description = "Kafka, to count the events sampled in the period from"
                + " the requests topic's offsets (default: env DRIFTGATE_KAFKA_BOOTSTRAP; without it: unknown).")
        String bootstrapServers;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        private long sampled(Environment env, String topic, Instant from) {
            String servers = bootstrapServers != null ? bootstrapServers : env.get(Environment.KAFKA_BOOTSTRAP).orElse(null);
            return ShadowCommand.sampled(servers, topic, from, spec.commandLine().getErr());
        }

        @Override
        public Integer call() throws Exception {
            DriftgateConfig cfg = new ConfigLoader().load(config.dir());
            // --jdbc-url, else DRIFTGATE_DB_URL, else the embedded store under the state dir (as `stream --local` fills it)
            Environment env = jdbcUrl == null ? environment() : environment().with(Map.of(Environment.DB_URL, jdbcUrl));
            PrintWriter out = spec.commandLine().getOut();
            String candidate = model != null ? model : cfg.shadow().candidateModel();
            Instant from = Instant.now().minus(since);
            if (!store.exists(env)) {
                out.println("no shadow store under " + store.stateDir().resolve(env) + " (run `driftgate stream --local`"
                        + " first, or set " + Environment.DB_URL + ")");
                return ExitCodes.UNDECIDED;
            }
            ShadowReport.Report r;
            ShadowOutcomes outcomes;
            String where;
            java.util.Optional<EventLatencyReader.EventLatency> latency;
            try (Database db = store.open(env)) {
                where = StoreOption.redact(db.describe(), env);
                r = new ShadowReport(db.dataSource(), cfg.shadow().promotion()).build(candidate, from);
                outcomes = ShadowOutcomes.since(db.dataSource(), from);
                // how far behind the job runs: scores that arrive hours late are not evidence for today's decision
                latency = new EventLatencyReader(db.dataSource()).since(candidate, from);
            }
            long sampled = sampled(env, cfg.shadow().kafka().requestsTopic(), from);
            String accounting = outcomes.render(sampled);
            if (r.categories().isEmpty()) {
                out.println("no shadow evals for " + candidate + " since " + from + " in " + where);
                if (sampled >= 0 || outcomes.accounted() > 0) { // e.g. everything was dead-lettered
                    out.print(accounting);
                }
                return ExitCodes.UNDECIDED;
            }
            out.print(ShadowReport.render(r));
            out.print(accounting);
            latency.ifPresent(l -> out.println(l.describe()));
            return switch (r.decision()) {
                case PROMOTE -> ExitCodes.OK;
                case BLOCK -> ExitCodes.INVALID_OR_BLOCKED;
                case UNDECIDED -> ExitCodes.UNDECIDED;
            };
        }
    }

    /** -1 (unknown) without Kafka; a broker that cannot be asked is reported, not fatal to the report. */
    static long sampled(String bootstrapServers, String topic, Instant from, PrintWriter err) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return -1;
        }
        try {
            return SampledCount.since(bootstrapServers, topic, from);
        } catch (RuntimeException e) {
            err.println("cannot count sampled events on " + topic + ": " + e.getMessage());
            return -1;
        }
    }

    /** 30m, 24h, 7d, or an ISO-8601 duration (PT90M). */
    static final class SinceConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException();
                };
                if (n <= 0) {
                    throw new IllegalArgumentException();
                }
                return d;
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a positive duration like 30m, 24h or 7d");
            }
        }
    }
}
