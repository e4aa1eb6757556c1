package dev.driftgate.core.dataset;

/**
 * One problem found in a raw dataset file. {@code line} is 1-based, or 0 for problems of the file
 * as a whole (such as a category with too few examples); {@code id} and {@code field} are null when
 * unknown or not applicable.
 */
public record DatasetError(int line, String id, String field, String reason) {

    /** {@code source:17: id=fq-003: prompt: reason}, leaving out the parts that are unknown. */
    public String format(String source) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (id != null) {
            sb.append("id=").append(id).append(": ");
        }
        if (field != null) {
            sb.append(field).append(": ");
        }
        return sb.append(reason).toString();
    }
}
