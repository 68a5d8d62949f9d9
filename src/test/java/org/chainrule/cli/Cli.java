package org.chainrule.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs chainrule in-process with captured standard output and error, and optionally standard input. A run that
 * leaves a new file in the working directory (the repository, when Maven runs the tests) fails: tests write
 * under their own temporary directories, and a command writes nothing it is not asked to.
 */
public record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        return run(Main.commandLine(), null, args);
    }

    static Cli runWithStdin(String stdin, String... args) {
        return run(Main.commandLine(), stdin, args);
    }

    static Cli run(CommandLine cl, String stdin, String... args) {
        return runBytes(cl, stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** A run with these bytes (null: none, as in a terminal) as standard input; for the fuzzer's non-UTF-8 input. */
    public static Cli runWithBytes(byte[] stdin, String... args) {
        return runBytes(Main.commandLine(), stdin, args);
    }

    private static Cli runBytes(CommandLine cl, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.out(new PrintWriter(out, true)).err(new PrintWriter(err, true));
        InputStream saved = System.in;
        String savedTty = System.getProperty(InputOptions.STDIN_TTY_PROPERTY);
        // Unless a test gives standard input, behave as if a person ran chainrule in a terminal.
        System.setProperty(InputOptions.STDIN_TTY_PROPERTY, String.valueOf(stdin == null));
        if (stdin != null) System.setIn(new ByteArrayInputStream(stdin));
        Set<String> before = workingDirectory();
        try {
            int code = cl.execute(args);
            Set<String> left = new TreeSet<>(workingDirectory());
            left.removeAll(before);
            if (!left.isEmpty())
                throw new AssertionError("chainrule " + String.join(" ", args) + " left " + left + " in the working directory");
            return new Cli(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
            if (savedTty == null) System.clearProperty(InputOptions.STDIN_TTY_PROPERTY);
            else System.setProperty(InputOptions.STDIN_TTY_PROPERTY, savedTty);
        }
    }

    /** The names in the working directory. */
    static Set<String> workingDirectory() {
        try (Stream<Path> s = Files.list(Path.of("").toAbsolutePath())) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
