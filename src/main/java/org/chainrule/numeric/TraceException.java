package org.chainrule.numeric;

/**
 * A function cannot be traced: an operation the Wengert list does not decompose, a symbol without a
 * value, or an operation undefined at the point (division by zero, the log of a negative number). The
 * message is in plain words for the answer key.
 */
public final class TraceException extends RuntimeException {
    public TraceException(String message) {
        super(message);
    }
}
