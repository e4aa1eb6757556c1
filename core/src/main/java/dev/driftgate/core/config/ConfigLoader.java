package dev.driftgate.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern GOT_IN_MESSAGE = Pattern.compile("^Cannot coerce [\\w-]+ value \\((.*?)\\) to ");

    private final ObjectMapper yaml;

    public ConfigLoader() {
        // a repeated key would otherwise silently win over the first: refuse it while parsing
        YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        YAMLMapper mapper = YAMLMapper.builder(factory)
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
        refuseTabIndentation(file, text);
        try {
            T value = yaml.readValue(text, type);
            return new Loaded<>(file, text, value);
        } catch (UnrecognizedPropertyException e) {
            String key = pathOf(e);
            throw new ConfigException(file, key, lineOf(text, key, e), "unknown key '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            // inside a nested record the parser's duplicate error arrives wrapped with the path so far
            if (e.getCause() instanceof StreamReadException cause && isDuplicate(cause)) {
                throw duplicate(file, cause);
            }
            String key = pathOf(e);
            throw new ConfigException(file, key, lineOf(text, key, e), describe(e));
        } catch (StreamReadException e) {
            if (isDuplicate(e)) {
                throw duplicate(file, e);
            }
            throw new ConfigException(file, null, lineOf(e), "not valid YAML: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, null, lineOf(e), "not valid YAML: " + e.getOriginalMessage());
        }
    }

    /**
     * SnakeYAML reports a tab in the indentation at the start of the enclosing block, not on the
     * tab's line; YAML never allows tabs there, so find them ourselves and name the right line.
     */
    private static void refuseTabIndentation(String file, String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            if (indent.indexOf('\t') >= 0 && !line.isBlank()) {
                throw new ConfigException(file, null, i + 1, "not valid YAML: a tab in the indentation "
                        + "(YAML indents with spaces only)");
            }
        }
    }

    private static boolean isDuplicate(StreamReadException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    }

    /** The parser stops on the repeated key itself, so its location is the second occurrence. */
    private static ConfigException duplicate(String file, StreamReadException e) {
        JsonStreamContext ctx = e.getProcessor() == null ? null : e.getProcessor().getParsingContext();
        String name = ctx == null ? null : ctx.getCurrentName();
        String parent = ctx == null || ctx.getParent() == null ? "" : ctx.getParent().pathAsPointer().toString();
        String key = (parent.isEmpty() ? "" : parent.substring(1).replace('/', '.') + ".") + name;
        return new ConfigException(file, key, lineOf(e), "duplicate key '" + name + "' (each key may appear once)");
    }

    private static String describe(JsonMappingException e) {
        String msg = e.getOriginalMessage();
        if (msg.contains("Missing required creator property") || msg.contains("Missing creator property")) {
            return "missing key";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "wrong type: expected " + ValueKinds.describe(mismatch.getTargetType()) + got(e);
        }
        // whatever else Jackson says, Java type names mean nothing to the person editing the file
        int cut = msg.indexOf(" at [");
        return ValueKinds.withoutJavaNames(cut > 0 ? msg.substring(0, cut) : msg);
    }

    /** ", got <the value as written>", from the parser when it still stands on it, else from the message. */
    private static String got(JsonMappingException e) {
        if (e.getProcessor() instanceof JsonParser parser && parser.currentToken() != null
                && parser.currentToken().isScalarValue()) {
            try {
                String value = parser.getText();
                return ", got " + (parser.currentToken() == JsonToken.VALUE_STRING ? "\"" + value + "\"" : value);
            } catch (IOException ignored) {
                // fall back to the message
            }
        }
        // Jackson: Cannot coerce Floating-point value (1.5) to `int` value
        Matcher m = GOT_IN_MESSAGE.matcher(e.getOriginalMessage());
        return m.find() ? ", got " + m.group(1) : "";
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
