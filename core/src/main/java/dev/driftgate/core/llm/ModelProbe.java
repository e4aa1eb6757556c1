package dev.driftgate.core.llm;

import java.util.Map;

/**
 * One tiny call to each model before a run. A model or endpoint that does not exist (404
 * model_not_found, a wrong base URL, a rejected key) would otherwise fail every example of the run
 * one by one; the probe turns that into one message naming the model, the host and the status.
 */
public final class ModelProbe {
    private final ModelClient client;
    private final LlmSettings settings;

    public ModelProbe(ModelClient client, LlmSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Thrown when a probed model cannot answer; the message is meant to be printed as it is. */
    public static final class ModelUnavailableException extends RuntimeException {
        public ModelUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Calls {@code model} once (with the usual retries for transient failures); {@code role} names it in the message. */
    public void check(String role, String model) {
        ModelRequest ping = new ModelRequest(model, null, "Reply with the single word OK.", 0.0, 4, false, "probe",
                Map.of());
        try {
            client.complete(ping);
        } catch (RuntimeException e) {
            throw new ModelUnavailableException(role + " model " + model + " at " + host(model) + " is not usable: "
                    + status(e) + firstLine(e) + " (checked with one call before the run; fix the model name, "
                    + "the endpoint or the API key)", e);
        }
    }

    private String host(String model) {
        String host = settings.hostFor(model);
        return host == null ? "(unknown endpoint)" : host;
    }

    private static String status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProviderCallException p) {
                return switch (p.statusCode()) {
                    case ProviderCallException.TIMEOUT -> "timed out: ";
                    case ProviderCallException.IO_ERROR -> "connection failed: ";
                    default -> "HTTP " + p.statusCode() + ": ";
                };
            }
            if (t instanceof HttpStatusException h) {
                return "HTTP " + h.statusCode() + ": ";
            }
        }
        return "";
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = m.lines().findFirst().orElse(m);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
