package dev.driftgate.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Loads config/*.yaml into immutable records and refuses anything doubtful at start: unknown or
 * missing keys, wrong types, weights that do not sum to 1, thresholds outside [0,1], weights for
 * undefined categories. Every error names the file, the key path and the line.
 */
public final class ConfigLoader {
    public static final String DATASET = "dataset_config.yaml";
    public static final String SCORER = "scorer_config.yaml";
    public static final String MODEL_VERSION = "model_version.yaml";
    public static final String SHADOW = "shadow_config.yaml";

    private final ObjectMapper yaml;

    public ConfigLoader() {
        YAMLMapper mapper = YAMLMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // "0.5" (a string) is not a number and 1.5 is not an int: no silent coercion.
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.yaml = mapper;
    }

    /**
     * SHA-256 over the judge rubric files under {@code <dir>/rubrics} (sorted names and contents); empty
     * string when there is no such directory.
     */
    public static String rubricsHash(Path dir) {
        Path rubrics = dir.resolve("rubrics");
        if (!java.nio.file.Files.isDirectory(rubrics)) {
            return "";
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(rubrics)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                all.append(f.getFileName()).append('\u0000')
                        .append(java.nio.file.Files.readString(f, StandardCharsets.UTF_8)).append('\u0000');
            }
            return sha256(all.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the rubric files in " + rubrics + ": " + e.getMessage(), e);
        }
    }

    /** Loads and cross-validates the four files of {@code dir}. */
    public DriftgateConfig load(Path dir) {
        Loaded<DatasetConfig> dataset = read(dir.resolve(DATASET), DatasetConfig.class);
        Loaded<ScorerConfig> scorer = read(dir.resolve(SCORER), ScorerConfig.class);
        Loaded<ModelVersionConfig> model = read(dir.resolve(MODEL_VERSION), ModelVersionConfig.class);
        Loaded<ShadowConfig> shadow = read(dir.resolve(SHADOW), ShadowConfig.class);
        new ConfigValidator(dataset, scorer, model, shadow).validate();
        ModelVersionConfig mv = model.value();
        if (mv.systemPromptHash() == null) {
            mv = new ModelVersionConfig(mv.currentModel(), mv.baselineModel(), mv.promptTemplateVersion(),
                    mv.systemPrompt(), sha256(mv.systemPrompt() == null ? "" : mv.systemPrompt()).substring(0, 16),
                    mv.lastUpdated(), mv.updatedBy());
        }
        // The rubric files shape every judge score, so a rubric edit must change the config hash too.
        String hash = sha256(dataset.text() + "\u0000" + scorer.text() + "\u0000" + model.text() + "\u0000"
                + shadow.text() + "\u0000" + rubricsHash(dir));
        return new DriftgateConfig(dataset.value(), scorer.value(), mv, shadow.value(), hash);
    }

    /** A parsed file with its text, so validators can point at lines. */
    record Loaded<T>(String file, String text, T value) {
        int lineOf(String keyPath) {
            return new YamlKeyLocator(text).lineOf(keyPath);
        }

        ConfigException error(String keyPath, String reason) {
            return new ConfigException(file, keyPath, lineOf(keyPath), reason);
        }
    }

    <T> Loaded<T> read(Path path, Class<T> type) {
        String file = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, null, 0, "cannot read: " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new ConfigException(file, null, 0, "file is empty");
        }
        try {
            T value = yaml.readValue(text, type);
            return new Loaded<>(file, text, value);
        } catch (UnrecognizedPropertyException e) {
            String key = pathOf(e);
            throw new ConfigException(file, key, lineOf(text, key, e), "unknown key '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String key = pathOf(e);
            throw new ConfigException(file, key, lineOf(text, key, e), describe(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, null, lineOf(e), "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String describe(JsonMappingException e) {
        String msg = e.getOriginalMessage();
        if (msg.contains("Missing required creator property") || msg.contains("Missing creator property")) {
            return "missing key";
        }
        if (msg.contains("Cannot coerce") || msg.contains("Cannot deserialize value of type")) {
            int cut = msg.indexOf(" at [");
            return "wrong type: " + (cut > 0 ? msg.substring(0, cut) : msg);
        }
        return msg;
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .map(ConfigLoader::toSnake)
                .collect(Collectors.joining("."));
    }

    /** Record components are camelCase in Java but snake_case in the file. */
    private static String toSnake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The line of the key path in the text. Jackson's own location is not used first because for
     * records it points at the end of the enclosing mapping (the creator runs once all keys are read);
     * for a missing key the locator gives the line of the deepest parent that exists.
     */
    private static int lineOf(String text, String keyPath, JsonProcessingException e) {
        int line = keyPath.isEmpty() ? 0 : new YamlKeyLocator(text).lineOf(keyPath);
        return line > 0 ? line : lineOf(e);
    }

    private static int lineOf(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    }

    /** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
