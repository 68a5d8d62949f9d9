package org.chainrule.cli;

import java.io.PrintWriter;
import org.chainrule.parse.ParseException;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become exit codes and messages. Users see a message, never a stack
 * trace, unless they ask for it with {@code --debug}:
 * <ul>
 *   <li>a wrong command line ({@link ParameterException}, also when a command throws one): the message,
 *       the command's synopsis and a pointer to {@code --help}, exit {@link Exit#USAGE};
 *   <li>bad input ({@link BadInputException}, or a bare {@link ParseException}): the located message,
 *       exit {@link Exit#BAD_INPUT};
 *   <li>anything else, errors such as {@link StackOverflowError} included: {@code chainrule: internal
 *       error: …}, exit {@link Exit#INTERNAL_ERROR}.
 * </ul>
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final String DEBUG_OPTION = "--debug";

    /** Installs the handlers on {@code cl}; call after all subcommands are added. */
    static CommandLine install(CommandLine cl) {
        ErrorHandler handler = new ErrorHandler();
        cl.setParameterExceptionHandler(handler);
        cl.setExecutionExceptionHandler(handler);
        cl.setExecutionStrategy(wrapErrors(new CommandLine.RunLast()));
        return cl;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        if (ex instanceof UnmatchedArgumentException u && !u.isUnknownOption() && !u.getUnmatched().isEmpty()) {
            err.println("hint: put a formula that contains spaces in quotes: "
                    + cl.getCommandSpec().qualifiedName() + " 'a + b'");
        } else if (ex instanceof UnmatchedArgumentException u && u.isUnknownOption()
                && !cl.getCommandSpec().positionalParameters().isEmpty()
                && u.getUnmatched().stream().anyMatch(a -> a.startsWith("-") && !a.startsWith("--"))) {
            err.println("hint: for a formula that starts with '-', write '--' before it: "
                    + cl.getCommandSpec().qualifiedName() + " -- '-x^2'");
        }
        CommandLine.Help help = cl.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return Exit.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult fullResult) {
        Throwable t = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        PrintWriter err = cl.getErr();
        if (t instanceof BadInputException bad) {
            err.println(bad.getMessage());
        } else if (t instanceof ParseException parse) {
            err.println(parse.format("<input>"));
        } else {
            return internalError(t, err, debugRequested(fullResult));
        }
        err.flush();
        return Exit.BAD_INPUT;
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

    /** Whether {@code --debug} appeared anywhere on the command line (it is inherited by subcommands). */
    static boolean debugRequested(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(DEBUG_OPTION)) return true;
        }
        return false;
    }

    /**
     * picocli hands exceptions from a command to the execution-exception handler but lets errors
     * escape; wrap them so that a {@link StackOverflowError} also ends as an internal error.
     */
    private static IExecutionStrategy wrapErrors(IExecutionStrategy strategy) {
        return parseResult -> {
            try {
                return strategy.execute(parseResult);
            } catch (Error e) {
                ParseResult last = parseResult;
                while (last.subcommand() != null) last = last.subcommand();
                throw new ExecutionException(last.commandSpec().commandLine(), describe(e), e);
            }
        };
    }
}
