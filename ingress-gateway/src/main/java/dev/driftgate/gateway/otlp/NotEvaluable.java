package dev.driftgate.gateway.otlp;

/**
 * A GenAI span that cannot become a shadow event, with a reason from a fixed set (it is a metric
 * label, so it must never carry client text). Thrown by the readers; no stack trace.
 */
final class NotEvaluable extends Exception {
    static final String NOT_A_CHAT_CALL = "not_a_chat_call";
    static final String CALL_FAILED = "call_failed";
    static final String NO_MODEL = "no_model";
    static final String NO_INPUT_MESSAGES = "no_input_messages";
    static final String NO_OUTPUT_MESSAGE = "no_output_message";
    static final String NO_USER_MESSAGE = "no_user_message";
    static final String UNREADABLE_MESSAGES = "unreadable_messages";
    static final String TOOL_MESSAGES = "tool_messages";

    private final String reason;

    NotEvaluable(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
