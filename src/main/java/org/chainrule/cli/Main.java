package org.chainrule.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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
        // subcommands: added by commandLine(), only the one a run names built in full (see there)
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 a checked claim is wrong, "
                + "4 a checked claim is unverifiable (none wrong), 65 bad input."})
public final class Main implements Callable<Integer> {

    @Option(names = ErrorHandler.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "Show the stack trace of an internal error.")
    boolean debug;

    @Spec
    CommandSpec spec;

    /** The subcommands in the order help lists them; "help" (picocli's) comes last. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            KeyCommand.class, CheckCommand.class, DeriveCommand.class, PdfCommand.class, ParseCommand.class);

    public static void main(String[] args) {
        String training = System.getProperty(AotTraining.PROPERTY);
        if (training != null && !training.equals("false")) {
            AotTraining.run(training);
            return;
        }
        // the commonest question answered without building any command model (picocli's takes ~0.1 s)
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : new Version().getVersion()) System.out.println(line);
            finish(Exit.OK);
            return;
        }
        int code;
        try {
            String wanted = wanted(args);
            // Symja starts on a background thread while picocli, the parser and the engine work (about
            // 0.1 s less for a cold derive; warming the PDF renderer the same way saved nothing measurable)
            boolean warm = !"false".equals(System.getProperty("chainrule.warmup")); // off to measure
            if (warm && ("derive".equals(wanted) || "key".equals(wanted) || "check".equals(wanted))
                    && !java.util.Arrays.asList(args).contains("--no-cas") && !isHelp(args))
                org.chainrule.cas.Symja.warmUp();
            code = (wanted == null ? commandLine() : commandLine(wanted)).execute(args);
        } catch (RuntimeException | Error e) { // failures outside any command, e.g. in picocli itself
            code = ErrorHandler.internalError(e, new java.io.PrintWriter(System.err, true),
                    java.util.Arrays.asList(args).contains(ErrorHandler.DEBUG_OPTION));
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

    /** A fresh command line with chainrule's error handling: what {@link #main} runs, and what tests use. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * A command line whose subcommand {@code only} is built in full and the others as stand-ins with
     * their names and descriptions, enough for the top-level help and for "did you mean" (null: every
     * subcommand in full). Building a subcommand costs picocli's reflection over its options and the
     * classes they name, and some initialise libraries (KeyCommand's Jackson): a run needs one.
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (only == null || only.equals(a.name())) {
                try {
                    cl.addSubcommand(a.name(), c.getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create the " + a.name() + " command", e);
                }
            } else {
                CommandSpec stand = CommandSpec.create().name(a.name());
                stand.usageMessage().description(a.description()).header(a.header());
                cl.addSubcommand(a.name(), new CommandLine(stand));
            }
        }
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        return configure(cl);
    }

    /**
     * The one subcommand {@code args} can run: "" when it runs none (exactly --help, -h, or nothing;
     * "help" alone), the subcommand's name (also for "help NAME"), or null when it is not certain
     * (anything else), which builds every subcommand: a stand-in must never be run.
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
        for (Class<?> c : SUBCOMMANDS) if (c.getAnnotation(Command.class).name().equals(name)) return true;
        return false;
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
