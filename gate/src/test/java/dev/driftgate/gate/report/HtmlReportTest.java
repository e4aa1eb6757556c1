package dev.driftgate.gate.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The file itself, without a browser: self-contained, and data never becomes markup. */
class HtmlReportTest {
    @Test
    void theFileFetchesNothingAndForbidsFetching() {
        String html = new HtmlReport().render(ReportFixtures.sample());

        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:|//)")
                .doesNotContain("@import").doesNotContainPattern("url\\(")
                .contains("Content-Security-Policy").contains("default-src 'none'");
    }

    @Test
    void embeddedDataCannotCloseTheScriptElement() {
        String html = new HtmlReport().render(ReportFixtures.sample());

        assertThat(html).doesNotContain("<script>window.pwned").contains("\\u003cscript\\u003ewindow.pwned");
        assertThat(html.split("</script>", -1)).hasSize(3);
    }
}
