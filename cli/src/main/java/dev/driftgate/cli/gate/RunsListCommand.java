package dev.driftgate.cli.gate;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.store.RunStore.RunSummary;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftgate runs list [--limit N]}: a table of the most recent runs, newest first. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List recent runs, newest first.", "Exit codes: 0 listed, 1 bad option, 2 run store unavailable."})
public final class RunsListCommand extends EnvironmentAware implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    private int limit = 20;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (1-1000, default: ${DEFAULT-VALUE}).")
    void setLimit(int value) {
        if (value < 1 || value > 1000) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 1000, was " + value);
        }
        this.limit = value;
    }

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RunSummary> runs;
        try (StoreOption.Opened opened = store.openRunStore(environment())) {
            runs = opened.store().recentRuns(limit);
        } catch (Exception e) {
            spec.commandLine().getErr().println("driftgate runs list: run store unavailable: "
                    + StoreOption.redact(e.getMessage(), environment()));
            return ExitCodes.UNDECIDED;
        }
        if (runs.isEmpty()) {
            out.println("no runs recorded yet (run `driftgate eval`)");
            return ExitCodes.OK;
        }
        out.println(render(runs));
        return ExitCodes.OK;
    }

    static String render(List<RunSummary> runs) {
        String[] header = {"RUN ID", "STARTED (UTC)", "STATUS", "MODEL", "DATASET", "OVERALL", "TAGS"};
        List<String[]> rows = runs.stream().map(r -> new String[] {
                r.runId(), TIME.format(r.startedAt()), r.status().wire(), nz(r.model()), nz(r.datasetVersion()),
                Double.isNaN(r.overall()) ? "-" : String.format(Locale.ROOT, "%.4f", r.overall()),
                r.tags() == null ? "" : new TreeMap<>(r.tags()).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))}).toList();
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

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}
