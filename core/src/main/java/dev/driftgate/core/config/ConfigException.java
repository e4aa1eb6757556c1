package dev.driftgate.core.config;

/** A configuration file that cannot be used; the message names the file, the key path and the line. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String key;
    private final int line;

    public ConfigException(String file, String key, int line, String reason) {
        super(format(file, key, line, reason));
        this.file = file;
        this.key = key;
        this.line = line;
    }

    private static String format(String file, String key, int line, String reason) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (key != null && !key.isEmpty()) {
            sb.append(": ").append(key);
        }
        return sb.append(": ").append(reason).toString();
    }

    public String file() { return file; }

    public String key() { return key; }

    /** 1-based line, or 0 when unknown. */
    public int line() { return line; }
}
