package dev.driftgate.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Credentials in URLs and messages never survive {@link Redaction}; ordinary text does. */
class RedactionTest {

    @Test
    void userinfoInAUrlIsMasked() {
        assertThat(Redaction.redact("jdbc:postgresql://admin:hunter2@db.internal:5432/driftgate"))
                .isEqualTo("jdbc:postgresql://***@db.internal:5432/driftgate");
        assertThat(Redaction.redact("model at https://bot:s3cr3t-pw@llm.example/v1 failed"))
                .isEqualTo("model at https://***@llm.example/v1 failed");
        assertThat(Redaction.redact("https://only-a-user@llm.example/v1")).isEqualTo("https://***@llm.example/v1");
    }

    @Test
    void bareUserinfoAsDriversEchoItIsMasked() {
        assertThat(Redaction.redact("UnknownHostException: admin:hunter2@db.internal"))
                .isEqualTo("UnknownHostException: ***@db.internal").doesNotContain("hunter2");
    }

    @Test
    void secretParametersAreMasked() {
        assertThat(Redaction.redact("jdbc:postgresql://db:5432/x?user=u&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=u&password=***&ssl=true");
        assertThat(Redaction.redact("jdbc:postgresql://db/x?PASSWORD=abc")).isEqualTo("jdbc:postgresql://db/x?PASSWORD=***");
        assertThat(Redaction.redact("https://h/v1?api_key=k1&access_token=t1&sig=s1&X-Amz-Signature=s2&page=2"))
                .isEqualTo("https://h/v1?api_key=***&access_token=***&sig=***&X-Amz-Signature=***&page=2");
        assertThat(Redaction.redact("driver said: password=hunter2 user=u")).isEqualTo("driver said: password=*** user=u");
    }

    @Test
    void knownSecretsAreMaskedAndShortOnesIgnored() {
        assertThat(Redaction.redact("auth failed for token ghp_abcdef", List.of("ghp_abcdef"))).isEqualTo("auth failed for token ***");
        assertThat(Redaction.redact("a cat", List.of("a"))).isEqualTo("a cat");
    }

    @Test
    void ordinaryTextIsUntouched() {
        String text = "Connection to 127.0.0.1:5432 refused; see https://github.com/acme/widgets/pull/42 "
                + "and mail ops@example.com; ratio 3:1; keyboard=qwerty";
        assertThat(Redaction.redact(text)).isEqualTo(text);
        assertThat(Redaction.redact(null)).isNull();
    }
}
