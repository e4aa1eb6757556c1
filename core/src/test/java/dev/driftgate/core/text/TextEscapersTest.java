package dev.driftgate.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each output format has one escaper; hostile values come out as data, never as markup or control. */
class TextEscapersTest {
    static final String HOSTILE = "a|b <img src=x onerror=alert(1)> <script>x</script> @octo-org/admins "
            + "[click](https://evil.example) ![i](http://evil.example/i.png) `tick` www.evil.example "
            + "https://u:pw@h.example <!channel> & \u001b[2J\r\n## forged";

    @Test
    void markdownTextIsInertOnOneLine() {
        String md = MarkdownText.text(HOSTILE);
        assertThat(md).doesNotContain("<img", "<script", "<!channel", "@octo", "[click](", "![i](", "https://",
                "http://", "www.evil", "pw@", "\n", "\r", "\u001b").doesNotContainPattern("(?<!\\\\)\\|")
                .doesNotContainPattern("(?<!\\\\)`");
        assertThat(md).contains("a\\|b", "&lt;img", "&amp;", "\\[click\\]");
        assertThat(MarkdownText.text("factual_qa")).isEqualTo("factual_qa");
        assertThat(MarkdownText.text(null)).isEmpty();
    }

    @Test
    void markdownCodeSpanCannotBeLeft() {
        assertThat(MarkdownText.code("ci`-1|x\ny")).isEqualTo("`ci'-1\\|x y`");
        assertThat(MarkdownText.code(null)).isEqualTo("–");
    }

    @Test
    void slackTextEscapesItsThreeCharactersAndControls() {
        assertThat(SlackText.escape(HOSTILE)).doesNotContain("<!channel>", "<img", "\u001b", "pw@")
                .contains("&lt;!channel&gt;", "&amp;");
        assertThat(SlackText.escape("line one\nline two")).isEqualTo("line one\nline two");
    }

    @Test
    void terminalTextShowsControlsInsteadOfObeyingThem() {
        assertThat(TerminalText.safe("ok\u001b[2J\r\n2026-01-01 INFO forged\u202eevil\u0085"))
                .isEqualTo("ok\\x1b[2J\\x0d\\x0a2026-01-01 INFO forged\\u202eevil\\x85");
        assertThat(TerminalText.safe("plain café ü")).isEqualTo("plain café ü");
        assertThat(TerminalText.safe(null)).isEmpty();
    }

    @Test
    void namesRefuseControlsNewlinesAndLengthNamingTheField() {
        assertThat(Names.requireModel("--model", "openai/gpt-4o-mini")).isEqualTo("openai/gpt-4o-mini");
        assertThatThrownBy(() -> Names.requireModel("--model", "openai/x\u001b[31m"))
                .hasMessage("--model: must not contain control characters, newlines or surrounding spaces, "
                        + "got 'openai/x\\x1b[31m'");
        assertThatThrownBy(() -> Names.requireModel("current_model", "openai/x\nINFO forged"))
                .hasMessageStartingWith("current_model: ").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Names.requireModel("--model", "openai/" + "m".repeat(300)))
                .hasMessage("--model: must be at most 200 characters, got 307");
        assertThat(Names.requireTags("--tag", Map.of("env", "ci", "team", "search quality"))).hasSize(2);
        assertThatThrownBy(() -> Names.requireTags("--tag", Map.of("env", "ci\r\nfake")))
                .hasMessageStartingWith("--tag: tag env: must not contain control characters");
        assertThatThrownBy(() -> Names.requireTags("--tag", Map.of("e nv\u001b", "ci")))
                .hasMessage("--tag: tag key 'e nv\\x1b' must be 1-64 letters, digits, '_', '.' or '-'");
    }
}
