package org.chainrule.cli;

/**
 * chainrule's exit codes. {@link ErrorHandler} is the one place that maps failures to them; commands
 * return {@link #OK} or let an exception say what went wrong.
 */
public final class Exit {
    /** Success. */
    public static final int OK = 0;
    /** A bug or an unexpected failure inside chainrule (a one-line message; the trace with --debug). */
    public static final int INTERNAL_ERROR = 1;
    /** The command line was wrong: unknown option, missing argument, unreadable input file. */
    public static final int USAGE = 2;
    /** {@code check}: some claim line is wrong (the sheets themselves are fine). */
    public static final int WRONG = 3;
    /** Could not verify: {@code check}, no claim line is wrong but some could not be verified; {@code derive}, the derivation. */
    public static final int UNVERIFIABLE = 4;
    /** The input was read but is not a valid formula or sheet (sysexits' EX_DATAERR, as jlox uses it). */
    public static final int BAD_INPUT = 65;

    private Exit() {}
}
