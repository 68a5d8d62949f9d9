package org.chainrule.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code chainrule} command: global options and the list of subcommands. Holds no maths. */
@Command(name = "chainrule",
        scope = ScopeType.INHERIT, // subcommands get --help and --version too
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Turns LaTeX formulas into verified, step-by-step gradient derivations and answer keys.",
        subcommands = {KeyCommand.class, CheckCommand.class, DeriveCommand.class, PdfCommand.class, ParseCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 a checked claim is wrong, "
                + "4 a checked claim is unverifiable (none wrong), 65 bad input."})
public final class Main implements Callable<Integer> {

    @Option(names = ErrorHandler.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "Show the stack trace of an internal error.")
    boolean debug;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        if (Boolean.getBoolean(AotTraining.PROPERTY)) {
            AotTraining.run();
            return;
        }
        int code;
        try {
            code = commandLine().execute(args);
        } catch (RuntimeException | Error e) { // failures outside any command, e.g. in picocli itself
            code = ErrorHandler.internalError(e, new java.io.PrintWriter(System.err, true),
                    java.util.Arrays.asList(args).contains(ErrorHandler.DEBUG_OPTION));
        }
        System.exit(code);
    }

    /** A fresh command line with chainrule's error handling: what {@link #main} runs, and what tests use. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** Applies chainrule's settings and error handling to {@code cl}; call after adding subcommands. */
    public static CommandLine configure(CommandLine cl) {
        cl.setExpandAtFiles(false); // "@" may start a formula; no argument files
        return ErrorHandler.install(cl);
    }

    /** {@code chainrule} without a subcommand: show what there is, and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Exit.USAGE;
    }

    /** {@code chainrule 0.1.0} and the Java that runs it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "chainrule " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.vm.name") + ")"
            };
        }
    }

    /** The project version, filtered into version.properties by Maven. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall through to "unknown"
        }
        String v = p.getProperty("version", "");
        return v.isBlank() || v.contains("${") ? "unknown" : v;
    }
}
