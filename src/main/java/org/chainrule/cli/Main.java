package org.chainrule.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.chainrule.cas.Symja;
import org.chainrule.cli.args.Command;

/** The {@code chainrule} program: its entry point and the list of subcommands. Holds no maths. */
public final class Main {
    private Main() {}

    /** The subcommands in the order help lists them ("help" comes last). */
    static final List<String> COMMANDS = List.of("key", "check", "derive", "pdf", "parse");

    /**
     * The declaration of a subcommand, or null. A switch rather than a table of every declaration, so
     * that a run initialises only the class of the command it runs.
     */
    static Command command(String name) {
        return switch (name) {
            case "key" -> KeyCommand.COMMAND;
            case "check" -> CheckCommand.COMMAND;
            case "derive" -> DeriveCommand.COMMAND;
            case "pdf" -> PdfCommand.COMMAND;
            case "parse" -> ParseCommand.COMMAND;
            default -> null;
        };
    }

    public static void main(String[] args) {
        String training = System.getProperty(AotTraining.PROPERTY);
        if (training != null && !training.equals("false")) {
            AotTraining.run(training);
            return;
        }
        // the commonest question answered before anything else is loaded
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : versionLines()) System.out.println(line);
            finish(Exit.OK);
            return;
        }
        int code;
        try {
            String wanted = wanted(args);
            // Symja starts on a background thread while the parser and the engine work (about 0.1 s less
            // for a cold derive; the same for the typesetter of pdf measured no gain on 2 idle cores)
            boolean warm = !"false".equals(System.getProperty("chainrule.warmup")) && !isHelp(args); // off to measure
            if (warm && ("derive".equals(wanted) || "key".equals(wanted) || "check".equals(wanted))
                    && !Arrays.asList(args).contains("--no-cas"))
                Symja.warmUp();
            code = commandLine().execute(args);
        } catch (RuntimeException | Error e) { // failures outside any command, e.g. in the command line itself
            code = ErrorHandler.internalError(e, new PrintWriter(System.err, true),
                    Arrays.asList(args).contains(ErrorHandler.DEBUG_OPTION));
        }
        finish(code);
    }

    /**
     * Ends the run with {@code code}. A successful run whose other threads are all daemons returns from
     * main instead of calling System.exit: since JDK 21, System.exit asks for a System.Logger to log the
     * exit, and finding one scans every jar on the class path for a logger service (measured: 0.1 s with
     * this class path, a quarter of a cold {@code --version}). Other codes need System.exit.
     */
    static void finish(int code) {
        System.out.flush();
        System.err.flush();
        if (code == Exit.OK && onlyDaemonsBesides(Thread.currentThread())) return;
        System.exit(code);
    }

    private static boolean onlyDaemonsBesides(Thread self) {
        ThreadGroup root = self.getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] all = new Thread[root.activeCount() + 8];
        int n = root.enumerate(all, true);
        if (n == all.length) return false; // more than counted: play safe
        for (int i = 0; i < n; i++) if (all[i] != self && !all[i].isDaemon() && all[i].isAlive()) return false;
        return true;
    }

    /** A fresh command line with every subcommand: what {@link #main} runs, and what tests use. */
    public static CommandLine commandLine() {
        return new CommandLine(COMMANDS, Main::command);
    }

    /**
     * The one subcommand {@code args} can run: "" when it runs none (exactly --help, -h, or nothing;
     * "help" alone), the subcommand's name (also for "help NAME"), or null when it is not certain
     * (anything else). Decides the Symja warm-up and which AOT training runs belong to a command.
     */
    static String wanted(String[] args) {
        int i = 0;
        while (i < args.length && args[i].equals(ErrorHandler.DEBUG_OPTION)) i++;
        if (i == args.length) return "";
        String a = args[i];
        if (args.length == 1 && (a.equals("--help") || a.equals("-h"))) return "";
        if (a.equals("help")) {
            if (i + 1 == args.length) return "";
            return isSubcommand(args[i + 1]) ? args[i + 1] : null;
        }
        return isSubcommand(a) ? a : null;
    }

    private static boolean isHelp(String[] args) {
        for (String a : args) if (a.equals("--help") || a.equals("-h") || a.equals("help")) return true;
        return false;
    }

    private static boolean isSubcommand(String name) {
        return COMMANDS.contains(name);
    }

    /** {@code chainrule 0.1.0} and the Java that runs it. */
    static List<String> versionLines() {
        return List.of("chainrule " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.vm.name") + ")");
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
