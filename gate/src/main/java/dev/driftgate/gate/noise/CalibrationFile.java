package dev.driftgate.gate.noise;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code baselines/calibration.json}: the calibration next to the baselines, as code a team reviews and
 * commits. Written atomically (temp file + move); read strictly (unknown fields refused).
 */
public final class CalibrationFile {
    public static final Path DEFAULT = Path.of("baselines", "calibration.json");

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private CalibrationFile() {
    }

    public static void write(Path file, NoiseCalibration calibration) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".calibration", ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), calibration);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static NoiseCalibration read(Path file) {
        try {
            return JSON.readValue(file.toFile(), NoiseCalibration.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration " + file + ": " + e.getMessage(), e);
        }
    }
}
