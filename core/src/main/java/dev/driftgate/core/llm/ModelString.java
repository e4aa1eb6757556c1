package dev.driftgate.core.llm;

import java.util.Locale;
import java.util.Set;

/** A model string such as {@code openai/gpt-4o-mini}: provider before the first slash, model after. */
public record ModelString(String provider, String model) {
    public static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama");

    public static ModelString parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model string is empty; expected provider/model, e.g. openai/gpt-4o-mini");
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new IllegalArgumentException("model string '" + value
                    + "' must be provider/model, e.g. openai/gpt-4o-mini (providers: openai, anthropic, ollama)");
        }
        String provider = value.substring(0, slash).toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("model string '" + value + "': unknown provider '" + provider
                    + "' (providers: openai, anthropic, ollama)");
        }
        return new ModelString(provider, value.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
