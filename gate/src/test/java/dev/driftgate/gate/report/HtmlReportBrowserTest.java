package dev.driftgate.gate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the report in a real headless Chromium from file:// and checks what a reader would see: every
 * chart drew, the tables have rows, no console error or blocked request (the page's CSP forbids any
 * network access), a hostile run id stayed text. The screenshot stays in target/report-screenshots
 * (CI keeps it with the test reports; docs/img/report.png is a copy of it).
 */
class HtmlReportBrowserTest {
    private static final Path OUT = Path.of("target", "report-screenshots").toAbsolutePath();
    private static HeadlessChromium chromium;

    @BeforeAll
    static void findChromium() {
        Optional<HeadlessChromium> found = HeadlessChromium.find(OUT.resolve("chromium"));
        assumeTrue(found.isPresent(), "chromium is not installed (apt-get install -y chromium; .ci/run installs it): "
                + "skipping the browser test of the HTML report");
        chromium = found.get();
    }

    @Test
    void everyChartDrawsWithoutConsoleErrorsAndTheScreenshotIsWritten() throws Exception {
        Path html = write("report.html", new HtmlReport().render(ReportFixtures.sample()));

        HeadlessChromium.Output dom = chromium.dumpDom(html);

        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.stdout()).contains("data-report-ready=\"true\"");
        for (String chart : new String[] {"score-chart", "heatmap", "cost-chart", "shadow-chart"}) {
            assertThat(dom.stdout()).as(chart).containsPattern("<svg[^>]*data-chart=\"" + chart + "\"[^>]*data-drawn=\"true\"");
        }
        // 5 category lines + overall, 5 categories x 2 models, both thresholds
        assertThat(count(dom.stdout(), "class=\"series\"")).isEqualTo(6);
        assertThat(count(dom.stdout(), "class=\"cell\"")).isEqualTo(10);
        assertThat(count(dom.stdout(), "class=\"threshold\"")).isEqualTo(2);
        assertThat(count(dom.stdout(), "class=\"marker\"")).as("model change and prompt change").isEqualTo(2);
        assertThat(dom.stdout()).contains("data-rows=\"10\"").contains("data-rows=\"2\"").contains("data-rows=\"5\"");
        assertThat(count(dom.stdout(), "<script")).as("the hostile run id added no script element").isEqualTo(2);
        assertThat(dom.stdout()).doesNotContain("<img").contains("&lt;script&gt;window.pwned=1");
        assertThat(HeadlessChromium.consoleErrors(dom.stderr())).isEmpty();

        Path png = OUT.resolve("report.png");
        Files.deleteIfExists(png);
        HeadlessChromium.Output shot = chromium.screenshot(html, png);
        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    void anEmptyStoreGivesAPageThatSaysSoWithoutErrors() throws Exception {
        Path html = write("report-empty.html", new HtmlReport().render(ReportFixtures.empty()));

        HeadlessChromium.Output dom = chromium.dumpDom(html);

        assertThat(dom.stdout()).contains("data-report-ready=\"true\"").contains("No runs recorded yet.")
                .contains("No shadow traffic recorded.").doesNotContainPattern("<svg[^>]*data-drawn");
        assertThat(HeadlessChromium.consoleErrors(dom.stderr())).isEmpty();
    }

    private static Path write(String name, String html) throws Exception {
        Files.createDirectories(OUT);
        Path file = OUT.resolve(name);
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    private static int count(String haystack, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(haystack).results().count();
    }
}
