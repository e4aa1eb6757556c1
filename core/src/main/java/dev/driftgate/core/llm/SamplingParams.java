package dev.driftgate.core.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * The sampling parameters of a chat call as the client gave them; null means "not given", so the
 * provider's default applies, and a replay with the same nulls gets the same defaults.
 * {@code responseFormat} is OpenAI's {@code response_format.type} ({@code text}, {@code json_object});
 * {@code seed} is 32-bit because LangChain4j forwards no more;
 * {@code toolsPresent} records whether the client sent tools (driftgate does not forward them).
 */
public record SamplingParams(Double temperature, Double topP, Integer maxTokens, List<String> stop, Integer seed,
                             String responseFormat, boolean toolsPresent) {
    public static final SamplingParams DEFAULTS = new SamplingParams(null, null, null, null, null, null, false);

    public SamplingParams {
        stop = stop == null ? null : new ArrayList<>(stop); // not List.copyOf: Flink's Kryo copies it
    }

    public boolean jsonResponse() {
        return "json_object".equals(responseFormat);
    }
}
