package org.chainrule.cli.args;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A command declared as data: its name, help paragraphs, options, positional arguments, footer
 * (examples) and what runs it. Every command also takes {@link #STANDARD} options (help, version, debug),
 * appended to {@link #options()}; nothing is found by reflection.
 *
 * @param name        what the user types, {@code derive}
 * @param description paragraphs for the help text; the first is the one-line summary of the top-level help
 * @param options     the command's own options followed by {@link #STANDARD}
 * @param positional  the positional arguments, or null when it takes none
 * @param footer      lines printed as written after the options (examples)
 * @param action      runs the command on parsed arguments; null for the top level, which only dispatches
 */
public record Command(String name, List<String> description, List<Option> options, Positional positional,
                      List<String> footer, Action action) {

    /** Runs a command; returns its exit code, or throws and lets the caller map the failure to one. */
    @FunctionalInterface
    public interface Action {
        int run(Args args, Io io) throws Exception;
    }

    public static final Option HELP = Option.flag("--help", "Show this help message and exit.").shortName("-h");
    public static final Option VERSION = Option.flag("--version", "Print version information and exit.").shortName("-V");
    public static final Option DEBUG = Option.flag("--debug", "Show the stack trace of an internal error.");
    /** Options every command takes, the top level included. */
    public static final List<Option> STANDARD = List.of(HELP, VERSION, DEBUG);

    public Command {
        if (name == null || !name.matches("[a-z][a-z-]*")) throw new IllegalArgumentException("bad command name " + name);
        if (description.isEmpty() || description.get(0).isBlank())
            throw new IllegalArgumentException(name + " has no description");
        description = List.copyOf(description);
        footer = List.copyOf(footer);
        List<Option> all = new ArrayList<>(options);
        for (Option o : STANDARD) if (!all.contains(o)) all.add(o);
        Set<String> names = new HashSet<>();
        for (Option o : all)
            for (String n : o.names())
                if (!names.add(n)) throw new IllegalArgumentException(name + " declares " + n + " twice");
        options = List.copyOf(all);
    }

    /** A command with only its name and description; add the rest with the methods below. */
    public static Command named(String name, String... description) {
        return new Command(name, List.of(description), List.of(), null, List.of(), null);
    }

    public Command options(Option... declared) {
        List<Option> own = new ArrayList<>(ownOptions());
        own.addAll(List.of(declared));
        return new Command(name, description, own, positional, footer, action);
    }

    public Command positional(Positional p) {
        return new Command(name, description, options, p, footer, action);
    }

    public Command footer(String... lines) {
        return new Command(name, description, options, positional, List.of(lines), action);
    }

    public Command runs(Action a) {
        return new Command(name, description, options, positional, footer, a);
    }

    /** The options the command declares itself, without {@link #STANDARD}. */
    public List<Option> ownOptions() {
        List<Option> own = new ArrayList<>();
        for (Option o : options) if (!STANDARD.contains(o)) own.add(o);
        return own;
    }

    /** The option with this exact name (long or short), or null. */
    public Option option(String token) {
        for (Option o : options) if (o.named(token)) return o;
        return null;
    }

    /** The first paragraph of the description: the command's line in the top-level help. */
    public String summary() {
        return description.get(0);
    }
}
