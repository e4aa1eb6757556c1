package dev.driftgate.gate.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.report.ReportData;
import dev.driftgate.core.text.HtmlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * Renders {@link ReportData} as one self-contained HTML file: CSS, JavaScript and data inline, no
 * URL to fetch, so it opens from a CI artifact or an e-mail with no server and no network. The charts
 * are drawn by report.js from the embedded JSON (escaped by {@link HtmlText#scriptJson}); the only
 * text written here is escaped by {@link HtmlText#text}. A Content-Security-Policy forbids every
 * network request, so a future edit that adds one fails loudly in the browser test.
 */
public final class HtmlReport {
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

    public String render(ReportData data) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data not serialisable", e);
        }
        String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(
                data.generatedAt().atOffset(ZoneOffset.UTC).withNano(0)) + " UTC";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="%s">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                %s</style>
                </head>
                <body>
                <header><h1>%s</h1><p>generated %s &middot; %d runs &middot; %d gate decisions &middot; %d shadow series</p></header>
                <main>
                <section class="wide"><div id="cards" class="cards"></div></section>
                <section class="wide"><h2>Score over time per category (dashed: thresholds; purple: model or prompt-template change)</h2><div id="score-chart"></div></section>
                <section><h2>Category &times; model version (mean composite)</h2><div id="heatmap"></div></section>
                <section><h2>Cost per run</h2><div id="cost-chart"></div></section>
                <section class="wide"><h2>Recent runs</h2><div id="runs-table"></div></section>
                <section class="wide"><h2>Gate decisions</h2><div id="decisions-table"></div></section>
                <section class="wide"><h2>Shadow traffic: production vs shadow per category</h2><div id="shadow-chart"></div><div id="shadow-table"></div></section>
                </main>
                <script type="application/json" id="report-data">%s</script>
                <script>
                %s</script>
                </body>
                </html>
                """.formatted(CSP, HtmlText.text(data.title()), resource("report.css"), HtmlText.text(data.title()),
                generated, data.runs().size(), data.decisions().size(), data.shadow().size(),
                HtmlText.scriptJson(json), resource("report.js"));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + HtmlReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
