package dev.driftgate.gateway.http;

/** Carries a {@link Problem} out of request handling to {@link ProblemHandlers}. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalidJson(String detail) {
        return new ProblemException(Problem.badRequest("malformed-json", "Malformed JSON body", detail, "body"));
    }

    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(Problem.badRequest("invalid-field", "Invalid request field", detail, field));
    }

    public static ProblemException promptTooLarge(String field, int bytes, int limit) {
        return new ProblemException(Problem.badRequest("prompt-too-large", "Prompt too large",
                "the prompt is " + bytes + " bytes of UTF-8; the limit (max_prompt_bytes) is " + limit, field));
    }

    public static ProblemException wrongContentType(String given) {
        return new ProblemException(Problem.badRequest("unsupported-content-type", "Unsupported content type",
                "the body must be sent as application/json, got " + (given == null ? "no Content-Type" : given),
                "Content-Type"));
    }
}
