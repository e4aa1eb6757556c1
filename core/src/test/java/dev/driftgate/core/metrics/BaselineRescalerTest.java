package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineRescalerTest {

    @TempDir
    Path dir;

    @Test
    void picksTheRowOfTheLayerAndRescalesEachMeasure() throws IOException {
        Path file = write("LAYER,P,R,F\n0,0.1,0.1,0.1\n6,0.5,0.25,0.4\n");
        Prf rescaled = BaselineRescaler.load(file, 6).rescale(new Prf(0.8, 0.55, 0.7));
        assertThat(rescaled.precision()).isCloseTo(0.6, within(1e-12));   // (0.8-0.5)/0.5
        assertThat(rescaled.recall()).isCloseTo(0.4, within(1e-12));      // (0.55-0.25)/0.75
        assertThat(rescaled.f1()).isCloseTo(0.5, within(1e-12));          // (0.7-0.4)/0.6
    }

    @Test
    void aFileWithoutLayerColumnHasOneRow() throws IOException {
        Prf rescaled = BaselineRescaler.load(write("P,R,F\n0.5,0.5,0.5\n"), 6).rescale(new Prf(0.5, 1.0, 0.0));
        assertThat(rescaled).isEqualTo(new Prf(0.0, 1.0, -1.0));
    }

    @Test
    void badFilesAreRejectedWithFileAndLine() throws IOException {
        assertThatThrownBy(() -> BaselineRescaler.load(write("A,B\n1,2\n"), 6))
                .hasMessageContaining(":1: header must name the columns P, R and F");
        assertThatThrownBy(() -> BaselineRescaler.load(write("LAYER,P,R,F\n6,x,0.1,0.1\n"), 6))
                .hasMessageContaining(":2: not a baseline row");
        assertThatThrownBy(() -> BaselineRescaler.load(write("LAYER,P,R,F\n5,0.1,0.1,0.1\n"), 6))
                .hasMessageContaining("no row for LAYER 6");
        assertThatThrownBy(() -> BaselineRescaler.load(write("P,R,F\n1.0,0.1,0.1\n"), 6))
                .hasMessageContaining("below 1");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "baseline", ".csv");
        Files.writeString(file, content);
        return file;
    }
}
