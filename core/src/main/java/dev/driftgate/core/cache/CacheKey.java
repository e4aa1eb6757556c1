package dev.driftgate.core.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content address of a model call: SHA-256 over a canonical JSON of provider, model,
 * temperature, max_tokens, json_response, system prompt, prompt and the cache scope (the judge puts
 * its rubric version, mode and attempt there). {@code purpose} only feeds accounting and is left out.
 * {@link #describe()} names every field without the prompts themselves (their hashes instead).
 */
public record CacheKey(String hex, Map<String, Object> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the key layout changes, so old entries stop matching. */
    static final int LAYOUT_VERSION = 1;

    public static CacheKey of(ModelRequest request) {
        ModelString id = ModelString.parse(request.model());
        String system = request.systemPrompt() == null ? "" : request.systemPrompt();
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("layout", LAYOUT_VERSION);
        hashed.put("provider", id.provider());
        hashed.put("model", id.model());
        hashed.put("temperature", request.temperature());
        hashed.put("max_tokens", request.maxTokens());
        hashed.put("json_response", request.jsonResponse());
        hashed.put("scope", new TreeMap<>(request.cacheScope()));
        hashed.put("system_prompt", system);
        hashed.put("prompt", request.prompt());
        if (request.conversation() != null) {
            // only replays carry one; keys of single-prompt calls stay as they were (no layout bump)
            hashed.put("conversation", request.conversation());
        }
        String hex;
        try {
            hex = sha256(JSON.writeValueAsString(hashed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> visible = new LinkedHashMap<>(hashed);
        visible.remove("layout");
        visible.put("system_prompt", "sha256:" + sha256(system));
        visible.put("prompt", "sha256:" + sha256(String.valueOf(request.prompt())));
        visible.remove("conversation");
        return new CacheKey(hex, visible);
    }

    public String provider() {
        return (String) fields.get("provider");
    }

    public String model() {
        return (String) fields.get("model");
    }

    /** e.g. {@code 3fa9... (provider=openai, model=gpt-4o-mini, temperature=0.0, ...)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(hex).append(" (");
        fields.forEach((k, v) -> sb.append(k).append('=').append(v).append(", "));
        sb.setLength(sb.length() - 2);
        return sb.append(')').toString();
    }

    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
