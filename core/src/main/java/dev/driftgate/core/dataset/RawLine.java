package dev.driftgate.core.dataset;

/**
 * One line of a JSONL file as {@link JsonlLineReader} delivers it: either its decoded text (BOM and
 * trailing CR removed) or the reason it could not be decoded, never both.
 */
public record RawLine(int number, String text, String error) {

    static RawLine ok(int number, String text) {
        return new RawLine(number, text, null);
    }

    static RawLine failed(int number, String error) {
        return new RawLine(number, null, error);
    }

    public boolean isOk() {
        return error == null;
    }
}
