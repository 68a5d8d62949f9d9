package org.chainrule.cli.args;

import java.util.List;

/**
 * A wrong command line: an unknown option, a missing value, an unreadable input file. Thrown by the
 * parser and by commands alike; the caller prints the message, the notes (suggestions, hints) and the
 * command's synopsis, and exits with the usage-error code.
 */
public final class UsageException extends RuntimeException {
    private final List<String> notes;

    public UsageException(String message) {
        this(message, List.of());
    }

    public UsageException(String message, List<String> notes) {
        super(message);
        this.notes = List.copyOf(notes);
    }

    /** Lines printed after the message: "did you mean …?", hints. */
    public List<String> notes() {
        return notes;
    }
}
