package dev.driftgate.core.store;

import dev.driftgate.core.store.RunStore.RunSummary;
import dev.driftgate.core.text.TerminalText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The table {@code driftgate runs list} prints, newest first. Stored values go through
 * {@link TerminalText}: runs recorded before names were validated (or written to the store by
 * anything else) must not move the cursor, recolour the terminal or forge lines.
 */
public final class RunTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private RunTable() {
    }

    public static String render(List<RunSummary> runs) {
        String[] header = {"RUN ID", "STARTED (UTC)", "STATUS", "MODEL", "DATASET", "OVERALL", "TAGS"};
        List<String[]> rows = runs.stream().map(r -> new String[] {
                safe(r.runId()), TIME.format(r.startedAt()), r.status().wire(), safe(r.model()), safe(r.datasetVersion()),
                Double.isNaN(r.overall()) ? "-" : String.format(Locale.ROOT, "%.4f", r.overall()),
                r.tags() == null ? "" : new TreeMap<>(r.tags()).entrySet().stream()
                        .map(e -> TerminalText.safe(e.getKey()) + "=" + TerminalText.safe(e.getValue()))
                        .collect(Collectors.joining(","))}).toList();
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        rows.forEach(r -> line(sb, r, widths));
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, String[] cells, int[] widths) {
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
        }
        sb.append('\n');
    }

    /** "-" for a missing value, the value made printable otherwise. */
    private static String safe(String s) {
        return s == null ? "-" : TerminalText.safe(s);
    }
}
