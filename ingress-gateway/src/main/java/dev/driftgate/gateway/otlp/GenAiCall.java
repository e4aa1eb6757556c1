package dev.driftgate.gateway.otlp;

import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.SamplingParams;
import dev.driftgate.core.shadow.Usage;
import java.util.List;

/**
 * One traced chat call, as a shadow event needs it: {@code prompt} is the last user message (what
 * is sampled and hashed, as for gateway traffic); {@code usage} is null when the span has no counts.
 */
record GenAiCall(String model, List<ChatTurn> messages, String prompt, String answer, SamplingParams params,
                 Usage usage, long latencyMs, long endMillis, String category) {
}
