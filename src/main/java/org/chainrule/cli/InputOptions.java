package org.chainrule.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Option;
import org.chainrule.cli.args.Positional;
import org.chainrule.cli.args.UsageException;
import org.chainrule.parse.Diagnostic;
import org.chainrule.parse.ParseException;

/**
 * Where a command's formula comes from: the argument, {@code -} for standard input, {@code --file}, or
 * standard input when no argument is given and it is not a terminal. Shared by every command that reads
 * one formula: it declares {@link #FORMULA} and {@link #FILE}.
 */
public final class InputOptions {

    /** Set by the launcher ({@code [ -t 0 ]}); without it the JVM's console is asked. */
    static final String STDIN_TTY_PROPERTY = "chainrule.stdin.tty";

    static final Positional FORMULA = Positional.optional("<formula>",
            "The formula, in LaTeX notation; '-' reads it from standard input (the default when standard "
                    + "input is not a terminal).");

    static final Option FILE = Option.value("--file", "<file>",
            "Read the formula from this UTF-8 file ('-' for standard input).").shortName("-f");

    final String formula;
    final String file;

    InputOptions(Args args) {
        formula = args.positional();
        file = args.string(FILE.name());
    }

    /** Input text and the name that messages use for it: {@code <arg>}, {@code <stdin>} or the file name. */
    public record Input(String name, String text) {
        /** {@code name:line:column: warning: message}, as compilers print warnings. */
        public String warning(Diagnostic d) {
            return name + ":" + d.line() + ":" + d.column() + ": warning: " + d.message();
        }
    }

    /** Reads the input; a missing or unreadable one is a usage error, bytes that are not UTF-8 bad input. */
    public Input read() throws IOException, BadInputException {
        if (formula != null && file != null) {
            throw new UsageException("give the formula as an argument or with --file, not both");
        }
        if (file != null) {
            return file.equals("-") ? readStdin() : readFile(file);
        }
        if (formula == null) {
            if (stdinIsTerminal()) {
                throw new UsageException("missing formula: give it as an argument (in single quotes), or pipe it in");
            }
            return readStdin();
        }
        return formula.equals("-") ? readStdin() : new Input("<arg>", formula);
    }

    private Input readStdin() throws IOException, BadInputException {
        InputStream in = System.in;
        return new Input("<stdin>", decode(in.readAllBytes(), "<stdin>"));
    }

    private Input readFile(String name) throws IOException, BadInputException {
        Path path = Path.of(name);
        if (Files.isDirectory(path)) {
            throw new UsageException("cannot read '" + name + "': it is a directory");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read '" + name + "': no such file");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read '" + name + "': permission denied");
        }
        return new Input(name, decode(bytes, name));
    }

    /**
     * Strict UTF-8 decoding; drops a byte-order mark and the line breaks at the very end (so an error at
     * the end of {@code echo '\frac{' | chainrule parse} points into the formula's last line).
     */
    static String decode(byte[] bytes, String name) throws BadInputException {
        String text;
        try {
            text = Utf8.decode(bytes);
        } catch (ParseException e) {
            throw new BadInputException(e.format(name), e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) end--;
        return text.substring(0, end);
    }

    static boolean stdinIsTerminal() {
        String told = System.getProperty(STDIN_TTY_PROPERTY);
        if (told != null) return Boolean.parseBoolean(told);
        Console console = System.console();
        if (console == null) return false;
        try { // Console.isTerminal() exists from JDK 22 on, where console() is no longer null when redirected.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
