package dev.driftgate.core.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.io.AtomicFiles;
import dev.driftgate.core.llm.ModelResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The response cache as files: {@code <dir>/<first 2 hex>/<key hex>.json}, one per answer. The name is
 * the content address (the key hashes every request field), so files never need updating, two runners
 * writing the same key write the same bytes, and a directory restored by actions/cache is a valid cache.
 */
final class DirectoryResponseCache implements ResponseCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file's content; the key fields are kept to make a file explainable when read by hand. */
    record CachedAnswer(Object keyFields, Entry entry) {
    }

    private final Path dir;

    DirectoryResponseCache(Path dir) {
        this.dir = dir;
    }

    private Path file(CacheKey key) {
        return dir.resolve(key.hex().substring(0, 2)).resolve(key.hex() + ".json");
    }

    @Override
    public Optional<Entry> get(CacheKey key) throws CacheAccessException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file(key)), CachedAnswer.class).entry());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CacheAccessException("cannot read " + file(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(CacheKey key, ModelResponse response) throws CacheAccessException {
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Entry entry = new Entry(response.text(), key.provider() + "/" + key.model(), response.inputTokens(),
                response.outputTokens(), response.estimatedCostUsd(), response.latencyMs());
        try {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new CachedAnswer(key.fields(), entry)));
        } catch (IOException e) {
            throw new CacheAccessException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
