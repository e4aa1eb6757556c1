package dev.driftgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SharedOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConfigDirOption.WithLegacyAlias config = new ConfigDirOption.WithLegacyAlias();

        @Mixin
        StoreOption store = new StoreOption();
    }

    private static Probe parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe;
    }

    @Test
    void configDirDefaultsToConfigAndTakesTheOldSpellingToo() {
        assertThat(parse().config.dir()).isEqualTo(Path.of("config"));
        assertThat(parse().config.given()).isFalse();
        assertThat(parse("--config-dir", "etc/dg").config.dir()).isEqualTo(Path.of("etc/dg"));
        assertThat(parse("--config", "old").config.dir()).isEqualTo(Path.of("old"));
        assertThat(parse("--config", "old").config.given()).isTrue();
    }

    @Test
    void stateDirIsTheFlagThenDriftgateHomeThenDotDriftgate() {
        Environment home = Environment.of(Map.of(Environment.HOME, "/srv/dg"));
        assertThat(parse().store.stateDir().resolve(Environment.of(Map.of()))).isEqualTo(Path.of(".driftgate"));
        assertThat(parse().store.stateDir().resolve(home)).isEqualTo(Path.of("/srv/dg"));
        assertThat(parse("--state-dir", "here").store.stateDir().resolve(home)).isEqualTo(Path.of("here"));
    }

    @Test
    void aStoreExistsWithADatabaseUrlOrAnEmbeddedDataDirectory() {
        Environment external = Environment.of(Map.of(Environment.DB_URL, "jdbc:postgresql://db/x"));
        assertThat(parse("--state-dir", "no/such/dir").store.exists(external)).isTrue();
        assertThat(parse("--state-dir", "no/such/dir").store.exists(Environment.of(Map.of()))).isFalse();
    }

    @Test
    void redactRemovesPasswordsFromUrlsAndTheConfiguredPassword() {
        Environment env = Environment.of(Map.of(Environment.DB_PASSWORD, "s3cret"));
        assertThat(StoreOption.redact("jdbc:postgresql://u:p@h/db?password=abc&x=1 auth s3cret failed", env))
                .isEqualTo("jdbc:postgresql://***@h/db?password=***&x=1 auth *** failed");
    }

    @Test
    void everyCommandThatReadsConfigShowsConfigDirAndHidesTheOldSpelling() {
        for (String[] args : new String[][] {{"eval"}, {"bench-eval"}, {"dataset", "build"}, {"demo"}, {"score"},
                {"sim-llm"}, {"gate"}, {"gateway"}, {"stream"}, {"shadow", "report"}}) {
            String[] help = java.util.Arrays.copyOf(args, args.length + 1);
            help[args.length] = "--help";
            CliRun run = CliRun.of(help);
            assertThat(run.out()).as(String.join(" ", args)).contains("--config-dir=DIR").doesNotContain("--config=");
        }
        assertThat(CliRun.of("sim-llm", "--help").out()).contains("--sim-config=FILE");
    }
}
