package dev.driftgate.local.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
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
        ObjectMapper yaml = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            return yaml.readValue(Files.readAllBytes(file), SimulatorConfig.class);
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + where + " at " + e.getPathReference() + ": "
                    + (root.getMessage() == null ? e.getOriginalMessage() : root.getMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read simulator config " + file + ": " + e.getMessage(), e);
        }
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
