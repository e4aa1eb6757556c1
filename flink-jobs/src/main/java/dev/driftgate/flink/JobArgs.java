package dev.driftgate.flink;

import dev.driftgate.core.config.Environment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --name value} arguments of a job's main ({@code ShadowJobMain}, {@code EvalJobMain}),
 * parsed once; a missing endpoint falls back to its environment variable. Secrets are never
 * arguments: the operators read them on the task managers.
 */
public final class JobArgs {
    private final Map<String, String> values;
    private final Environment env;

    private JobArgs(Map<String, String> values, Environment env) {
        this.values = values;
        this.env = env;
    }

    public static JobArgs parse(String[] args, Environment env) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return new JobArgs(m, env);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** {@code --key}, else the variable {@code envFallback}, else empty. */
    public Optional<String> orEnv(String key, String envFallback) {
        return get(key).or(() -> env.get(envFallback));
    }

    /** {@code --key}, else the variable {@code envFallback}; one of them is required. */
    public String require(String key, String envFallback) {
        return orEnv(key, envFallback).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("--" + key + " is required"
                        + (envFallback == null ? "" : " (or set " + envFallback + ")")));
    }

    public String require(String key) {
        return require(key, null);
    }

    public boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    public Environment environment() {
        return env;
    }
}
