package dev.driftgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DriftgateCliTest {

    @Test
    void everyDocumentedCommandIsRegisteredOnce() {
        // parallel branches each registered commands; a duplicate fails every command, a lost one hides a feature
        assertThat(DriftgateCli.newCommandLine().getSubcommands().keySet()).contains(
                "eval", "bench-eval", "dataset", "demo", "score", "bench", "sim-llm", "gate", "calibrate", "judge",
                "promote", "baseline", "runs", "gateway", "stream", "shadow", "store", "report", "db", "cluster");
    }

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.of("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("dataset").contains("demo").contains("--verbose");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"dataset", "--help"}, {"dataset", "build", "--help"}, {"demo", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.code()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).startsWith("Usage: driftgate " + (args.length == 3 ? "dataset build" : args[0]));
        }
    }

    @Test
    void unknownOptionsAreInvalidInput() {
        CliRun run = CliRun.of("dataset", "build", "--no-such-flag");
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(run.err()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void verboseRaisesDriftgateLoggersToInfoBeforeOrAfterTheSubcommand() {
        Logger driftgate = (Logger) LoggerFactory.getLogger("dev.driftgate");
        try {
            new DriftgateCli().setVerbose(false);
            assertThat(driftgate.getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(CliRun.of("--verbose", "dataset", "--help").code()).isZero();
            assertThat(driftgate.getEffectiveLevel()).isEqualTo(Level.INFO);
            new DriftgateCli().setVerbose(false);
            assertThat(driftgate.getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(CliRun.of("dataset", "build", "--verbose", "--help").code()).isZero();
            assertThat(driftgate.getEffectiveLevel()).isEqualTo(Level.INFO);
            assertThat(((Logger) LoggerFactory.getLogger("org.flywaydb")).getEffectiveLevel()).isEqualTo(Level.WARN);
        } finally {
            new DriftgateCli().setVerbose(false);
        }
    }

    @Test
    void shippedLogbackConfigIsQuietAndWritesToStderr() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(DriftgateCli.class.getResource("/logback.xml"));
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.driftgate.core.store.Database").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        context.stop();
    }
}
