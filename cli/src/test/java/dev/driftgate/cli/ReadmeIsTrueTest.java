package dev.driftgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.Environment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README documents every command and every environment variable: a feature that lands without
 * its line in the README fails here, naming what is missing.
 */
class ReadmeIsTrueTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyEnvironmentVariableIsDocumented() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (Field f : Environment.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String name = (String) f.get(null);
                if (!readme.contains(name)) {
                    missing.add(name);
                }
            }
        }
        assertThat(missing).as("environment variables named in core.config.Environment but not in README.md").isEmpty();
    }

    @Test
    void everyCommandIsDocumented() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        collect(DriftgateCli.newCommandLine(), "driftgate", readme, missing);
        assertThat(missing).as("commands of the CLI that README.md does not mention").isEmpty();
    }

    @Test
    void everyConfigKeyIsDocumented() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.ObjectMapper yaml =
                new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<String> missing = new ArrayList<>();
        for (String file : List.of("dataset_config", "scorer_config", "model_version", "shadow_config")) {
            keys(yaml.readTree(Path.of("..", "config", file + ".yaml").toFile()), "", file, readme, missing);
        }
        assertThat(missing).as("config keys that README.md's configuration reference does not name").isEmpty();
    }

    /** Maps whose keys are the user's own (categories, models, tags): documented as `parent.<name>`. */
    private static final java.util.Set<String> FREE_FORM = java.util.Set.of("category_weights", "pricing",
            "candidate_overrides", "default_tags", "alert_history", "categories", "min_per_category");

    private static void keys(com.fasterxml.jackson.databind.JsonNode node, String path, String file, String readme,
                             List<String> missing) {
        node.fields().forEachRemaining(e -> {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (e.getValue().isObject() && !FREE_FORM.contains(e.getKey())) {
                keys(e.getValue(), key, file, readme, missing);
            } else if (!readme.contains("`" + key)) {
                missing.add(file + ".yaml: " + key);
            }
        });
    }

    private static void collect(CommandLine cmd, String path, String readme, List<String> missing) {
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            String full = path + " " + sub.getKey();
            // "driftgate store start" or, in a table row listing siblings, "`store start`"/"`cluster stop`"
            String tail = full.substring(full.indexOf(' ') + 1);
            if (!readme.contains(full) && !readme.contains("`" + tail)) {
                missing.add(full);
            }
            collect(sub.getValue(), full, readme, missing);
        }
    }
}
