package org.chainrule.cli;

import java.io.PrintWriter;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Help;
import org.chainrule.cli.args.UsageException;
import org.chainrule.parse.ParseException;

/**
 * The one place where failures become exit codes and messages. Users see a message, never a stack
 * trace, unless they ask for it with {@code --debug}:
 * <ul>
 *   <li>a wrong command line ({@link UsageException}, from the parser or thrown by a command): the
 *       message, its suggestions and hints, the command's synopsis and a pointer to {@code --help}, exit
 *       {@link Exit#USAGE}; so is an output that cannot be written ({@link OutputException}: a missing
 *       directory, a directory where a file should go, a read-only place);
 *   <li>bad input ({@link BadInputException}, or a bare {@link ParseException}): the located message,
 *       exit {@link Exit#BAD_INPUT};
 *   <li>anything else, errors such as {@link StackOverflowError} included: {@code chainrule: internal
 *       error: …}, exit {@link Exit#INTERNAL_ERROR}.
 * </ul>
 */
final class ErrorHandler {
    private ErrorHandler() {}

    static final String DEBUG_OPTION = Command.DEBUG.name();

    /** What a command's failure {@code t} means for the user; {@code program} is e.g. "chainrule derive". */
    static int failure(Throwable t, String program, Command command, PrintWriter err, boolean debug) {
        if (t instanceof UsageException u) return usage(u, program, Help.synopsis(program, command), err);
        if (t instanceof OutputException o) return usage(new UsageException(o.getMessage()), program, Help.synopsis(program, command), err);
        if (t instanceof BadInputException bad) {
            err.println(bad.getMessage());
        } else if (t instanceof ParseException parse) {
            err.println(parse.format("<input>"));
        } else {
            return internalError(t, err, debug);
        }
        err.flush();
        return Exit.BAD_INPUT;
    }

    /** The message, its notes, the synopsis and where to read more. */
    static int usage(UsageException e, String program, String synopsis, PrintWriter err) {
        err.println(program + ": " + e.getMessage());
        for (String note : e.notes()) err.println(note);
        err.print(synopsis);
        err.println("Try '" + program + " --help' for more information.");
        err.flush();
        return Exit.USAGE;
    }

    /** Prints the one-line internal-error message (and, when asked, the stack trace). */
    static int internalError(Throwable t, PrintWriter err, boolean debug) {
        err.println("chainrule: internal error: " + describe(t)
                + (debug ? "" : " (run with " + DEBUG_OPTION + " for details)"));
        if (debug) t.printStackTrace(err);
        err.flush();
        return Exit.INTERNAL_ERROR;
    }

    static String describe(Throwable t) {
        String what = t.getClass().getSimpleName();
        if (t instanceof StackOverflowError) what = "stack overflow (is the input nested very deeply?)";
        else if (t instanceof OutOfMemoryError) what = "out of memory";
        String message = t.getMessage();
        String line = message == null || message.isBlank() ? what : what + ": " + message;
        return line.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
