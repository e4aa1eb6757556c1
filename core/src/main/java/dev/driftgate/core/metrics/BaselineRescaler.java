package dev.driftgate.core.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * bert_score's rescale_with_baseline: each of P, R and F becomes {@code (x - b) / (1 - b)} with its own
 * baseline b, so that the scores of unrelated text pairs sit near 0 (F is rescaled from the raw F, not
 * recomputed from the rescaled P and R).
 *
 * <p>The baseline file has bert_score's CSV layout: a header naming {@code P,R,F} and optionally
 * {@code LAYER}, one row per layer. With a LAYER column the row of {@code layer} is used (6, the last
 * layer of MiniLM-L6, for our model); without one the file must have exactly one data row.
 */
public final class BaselineRescaler {

    /** The layer BERTScore takes embeddings from: all-MiniLM-L6-v2's last. */
    public static final int MINILM_LAYER = 6;

    private final double p;
    private final double r;
    private final double f;

    public BaselineRescaler(double p, double r, double f) {
        for (double b : new double[] {p, r, f}) {
            if (!(b < 1.0) || Double.isNaN(b)) {
                throw new IllegalArgumentException("a BERTScore baseline must be below 1, got " + b);
            }
        }
        this.p = p;
        this.r = r;
        this.f = f;
    }

    public static BaselineRescaler load(Path file, int layer) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BERTScore baseline file " + file + ": " + e.getMessage(), e);
        }
        if (lines.size() < 2) {
            throw new IllegalArgumentException(file + ": a baseline file needs a header (P,R,F) and a data row");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::strip).toList();
        int layerColumn = header.indexOf("LAYER");
        int[] columns = {header.indexOf("P"), header.indexOf("R"), header.indexOf("F")};
        if (columns[0] < 0 || columns[1] < 0 || columns[2] < 0) {
            throw new IllegalArgumentException(file + ":1: header must name the columns P, R and F, got " + lines.get(0));
        }
        if (layerColumn < 0 && lines.size() != 2) {
            throw new IllegalArgumentException(file + ": without a LAYER column the file must have exactly one data row");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            try {
                if (layerColumn >= 0 && Integer.parseInt(cells[layerColumn].strip()) != layer) {
                    continue;
                }
                return new BaselineRescaler(Double.parseDouble(cells[columns[0]].strip()),
                        Double.parseDouble(cells[columns[1]].strip()), Double.parseDouble(cells[columns[2]].strip()));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a baseline row: " + lines.get(i), e);
            }
        }
        throw new IllegalArgumentException(file + ": no row for LAYER " + layer);
    }

    public Prf rescale(Prf raw) {
        return new Prf((raw.precision() - p) / (1 - p), (raw.recall() - r) / (1 - r), (raw.f1() - f) / (1 - f));
    }
}
