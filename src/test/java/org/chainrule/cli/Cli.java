package org.chainrule.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs chainrule in-process with captured standard output and error, and optionally standard input. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        return run(Main.commandLine(), null, args);
    }

    static Cli runWithStdin(String stdin, String... args) {
        return run(Main.commandLine(), stdin, args);
    }

    static Cli run(CommandLine cl, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.out(new PrintWriter(out, true)).err(new PrintWriter(err, true));
        InputStream saved = System.in;
        String savedTty = System.getProperty(InputOptions.STDIN_TTY_PROPERTY);
        // Unless a test gives standard input, behave as if a person ran chainrule in a terminal.
        System.setProperty(InputOptions.STDIN_TTY_PROPERTY, String.valueOf(stdin == null));
        if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = cl.execute(args);
            return new Cli(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
            if (savedTty == null) System.clearProperty(InputOptions.STDIN_TTY_PROPERTY);
            else System.setProperty(InputOptions.STDIN_TTY_PROPERTY, savedTty);
        }
    }
}
