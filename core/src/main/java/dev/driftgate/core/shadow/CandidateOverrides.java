package dev.driftgate.core.shadow;

import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.llm.SamplingParams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a candidate is sent differently from production, when that difference is the thing being
 * tested (shadow_config.yaml {@code candidate_overrides.<model>}). Null fields keep production's
 * value; {@code systemPrompt} replaces production's system messages. The applied overrides are
 * written with every shadow_evals row, so no comparison hides a changed request.
 */
public record CandidateOverrides(String systemPrompt, Double temperature, Double topP, Integer maxTokens)
        implements Serializable {
    public static final CandidateOverrides NONE = new CandidateOverrides(null, null, null, null);

    public Conversation apply(Conversation production) {
        List<ChatTurn> messages = new ArrayList<>(production.messages().size() + 1);
        if (systemPrompt != null) {
            messages.add(ChatTurn.system(systemPrompt));
        }
        for (ChatTurn t : production.messages()) {
            if (systemPrompt == null || !t.inSystemRole()) {
                messages.add(t);
            }
        }
        SamplingParams p = production.params();
        return new Conversation(messages, new SamplingParams(
                temperature != null ? temperature : p.temperature(), topP != null ? topP : p.topP(),
                maxTokens != null ? maxTokens : p.maxTokens(), p.stop(), p.seed(), p.responseFormat(),
                p.toolsPresent()));
    }

    /** The overrides that are set, by their shadow_config.yaml names: what the row records. */
    public Map<String, Object> asMap() {
        Map<String, Object> set = new LinkedHashMap<>();
        if (systemPrompt != null) {
            set.put("system_prompt", systemPrompt);
        }
        if (temperature != null) {
            set.put("temperature", temperature);
        }
        if (topP != null) {
            set.put("top_p", topP);
        }
        if (maxTokens != null) {
            set.put("max_tokens", maxTokens);
        }
        return set;
    }
}
