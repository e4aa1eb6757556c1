package dev.driftgate.local.sim;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config/simulator.yaml: the models served, where the golden dataset is (relative paths resolve
 * against the working directory), and the size of the request thread pool.
 */
public record SimulatorConfig(String dataset, int threads, List<SimModel> models) {

    public SimulatorConfig {
        threads = threads <= 0 ? 256 : threads;
        models = models == null ? List.of() : List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("simulator config lists no models");
        }
        Map<String, SimModel> seen = new LinkedHashMap<>();
        for (SimModel m : models) {
            if (seen.put(m.name(), m) != null) {
                throw new IllegalArgumentException("simulator model '" + m.name() + "' is defined twice");
            }
        }
    }

    public static SimulatorConfig load(Path file) {
        // a repeated key would silently win over the first: refuse it like config/*.yaml
        ObjectMapper yaml = YAMLMapper.builder(YAMLFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            return yaml.readValue(Files.readAllBytes(file), SimulatorConfig.class);
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + where + " at " + keyPath(e) + ": "
                    + (root.getMessage() == null ? e.getOriginalMessage() : root.getMessage()), e);
        } catch (StreamReadException e) {
            // getOriginalMessage: without Jackson's "at [Source: (byte[])...]" tail
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + where + ": not valid YAML: "
                    + e.getOriginalMessage().replace("Duplicate field", "duplicate key"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read simulator config " + file + ": " + e.getMessage(), e);
        }
    }

    /** models[0].quality, in the file's words; Jackson's reference chain names Java classes. */
    private static String keyPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "the top level" : sb.toString();
    }

        public SimModel model(String name) {
        for (SimModel m : models) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
