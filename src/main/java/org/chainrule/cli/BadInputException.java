package org.chainrule.cli;

import org.chainrule.parse.ParseException;

/**
 * The user's input is wrong, and the message already says where and why, formatted for a terminal
 * ({@code name:line:column: reason}, the line, a caret). Ends the command with {@link Exit#BAD_INPUT}.
 */
public final class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A parse error located in the input called {@code sourceName} ({@code <arg>}, {@code <stdin>}, a file). */
    public static BadInputException of(ParseException e, String sourceName) {
        return new BadInputException(e.format(sourceName), e);
    }
}
