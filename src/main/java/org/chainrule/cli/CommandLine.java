package org.chainrule.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Help;
import org.chainrule.cli.args.Io;
import org.chainrule.cli.args.Parser;
import org.chainrule.cli.args.Suggest;
import org.chainrule.cli.args.UsageException;

/**
 * The {@code chainrule} command line: its own options ({@code --help}, {@code --version},
 * {@code --debug}), {@code help [COMMAND]}, and running the subcommand the arguments name. Only that
 * subcommand's declaration is asked for (the others are looked up by name only for the top-level help),
 * so a run initialises one command class.
 */
public final class CommandLine {
    static final String PROGRAM = "chainrule";

    /** The top level, declared like a command: its help paragraphs and footer. */
    static final Command TOP = Command.named(PROGRAM,
                    "Turns LaTeX formulas into verified, step-by-step gradient derivations and answer keys.")
            .footer("", "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 a checked claim is wrong, "
                    + "4 a checked claim is unverifiable (none wrong), 65 bad input.");

    static final String HELP_COMMAND = "help";
    static final String HELP_SUMMARY = "Display help information about the specified command.";

    private final List<String> names;
    private final Function<String, Command> lookup;
    private PrintWriter out = writer(System.out);
    private PrintWriter err = writer(System.err);

    /** Subcommands by name, in the order help lists them; {@code lookup} declares the one asked for. */
    CommandLine(List<String> names, Function<String, Command> lookup) {
        this.names = List.copyOf(names);
        this.lookup = lookup;
    }

    /** A command line of commands declared already (tests, and commands with a test's action). */
    static CommandLine of(List<Command> commands) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : commands) byName.put(c.name(), c);
        return new CommandLine(List.copyOf(byName.keySet()), byName::get);
    }

    // the platform's default encoding (UTF-8 from JDK 18 on), whether or not the stream is a terminal
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), true);
    }

    public CommandLine out(PrintWriter w) {
        out = w;
        return this;
    }

    public CommandLine err(PrintWriter w) {
        err = w;
        return this;
    }

    /** Runs the command line; returns the exit code. */
    public int execute(String... args) {
        Io io = new Io(out, err);
        try {
            return dispatch(args, io);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(String[] args, Io io) {
        boolean debug = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && !args[i].equals("-"); i++) {
            String a = args[i];
            if (Command.DEBUG.named(a)) {
                debug = true;
            } else if (Command.HELP.named(a)) {
                io.out().print(programHelp());
                return Exit.OK;
            } else if (Command.VERSION.named(a)) {
                for (String line : Main.versionLines()) io.out().println(line);
                return Exit.OK;
            } else {
                List<String> options = new ArrayList<>();
                for (var o : TOP.options()) options.add(o.name());
                return topLevelUsage(new UsageException("Unknown option: '" + a + "'", didYouMean(a, options)), io);
            }
        }
        if (i == args.length) { // nothing to run: what there is, as a usage error
            io.err().print(programHelp());
            return Exit.USAGE;
        }
        String name = args[i];
        List<String> rest = Arrays.asList(args).subList(i + 1, args.length);
        if (name.equals(HELP_COMMAND)) return help(rest, io);
        if (!names.contains(name)) return unknownCommand(name, io);
        return run(lookup.apply(name), rest, debug, io);
    }

    private int run(Command c, List<String> tokens, boolean debug, Io io) {
        String program = PROGRAM + " " + c.name();
        // help and version are answered whatever else the line holds, help first
        if (Parser.asks(tokens, Command.HELP)) {
            io.out().print(Help.of(program, c));
            return Exit.OK;
        }
        if (Parser.asks(tokens, Command.VERSION)) {
            for (String line : Main.versionLines()) io.out().println(line);
            return Exit.OK;
        }
        Args args;
        try {
            args = Parser.parse(c, tokens, program);
        } catch (UsageException e) {
            return ErrorHandler.usage(e, program, Help.synopsis(program, c), io.err());
        }
        try {
            return c.action().run(args, io);
        } catch (Throwable t) { // errors too: a stack overflow is an internal error, not a crash
            return ErrorHandler.failure(t, program, c, io.err(), debug || args.flag(Command.DEBUG.name()));
        }
    }

    /** {@code help} alone: the top-level help; {@code help CMD}: that command's. */
    private int help(List<String> rest, Io io) {
        if (rest.isEmpty() || Command.HELP.named(rest.get(0)) || rest.get(0).equals(HELP_COMMAND)) {
            io.out().print(programHelp());
            return Exit.OK;
        }
        String name = rest.get(0);
        if (!names.contains(name)) return unknownCommand(name, io);
        io.out().print(Help.of(PROGRAM + " " + name, lookup.apply(name)));
        return Exit.OK;
    }

    private int unknownCommand(String name, Io io) {
        List<String> candidates = new ArrayList<>(names);
        candidates.add(HELP_COMMAND);
        List<String> close = Suggest.closest(name, candidates);
        List<String> notes = close.isEmpty() ? List.of()
                : List.of("did you mean " + String.join(" or ", close.stream().map(c -> PROGRAM + " " + c).toList()) + "?");
        return topLevelUsage(new UsageException("Unknown command: '" + name + "'", notes), io);
    }

    private int topLevelUsage(UsageException e, Io io) {
        return ErrorHandler.usage(e, PROGRAM, Help.programSynopsis(PROGRAM, TOP), io.err());
    }

    private static List<String> didYouMean(String typed, List<String> options) {
        int eq = typed.indexOf('=');
        List<String> close = Suggest.closest(eq > 0 ? typed.substring(0, eq) : typed, options);
        return close.isEmpty() ? List.of() : List.of("did you mean " + String.join(" or ", close) + "?");
    }

    /** The top-level help: every subcommand with its summary (this declares them all). */
    String programHelp() {
        List<Help.Entry> listed = new ArrayList<>();
        for (String n : names) listed.add(new Help.Entry(n, lookup.apply(n).summary()));
        listed.add(new Help.Entry(HELP_COMMAND, HELP_SUMMARY));
        return Help.ofProgram(PROGRAM, TOP, listed);
    }

    /** The subcommands' names, in the order help lists them. */
    List<String> names() {
        return names;
    }
}
