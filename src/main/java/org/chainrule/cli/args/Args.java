package org.chainrule.cli.args;

import java.util.List;
import java.util.Map;

/**
 * What {@link Parser} read from a command line: each given option's values, in order, and the
 * positional arguments. A command asks by an option's name; asking for an option it did not declare is
 * a bug in the command, not a user's error.
 */
public final class Args {
    private final Command command;
    private final Map<Option, List<String>> values;
    private final List<String> positionals;

    Args(Command command, Map<Option, List<String>> values, List<String> positionals) {
        this.command = command;
        this.values = Map.copyOf(values);
        this.positionals = List.copyOf(positionals);
    }

    public Command command() {
        return command;
    }

    /** Whether the flag (or option) was given. */
    public boolean flag(String name) {
        return values.containsKey(declared(name));
    }

    /** The option's value: the one given, else its default, else null. */
    public String string(String name) {
        Option o = declared(name);
        List<String> given = values.get(o);
        return given == null ? o.defaultValue() : given.get(given.size() - 1);
    }

    /** Every value given for a repeatable option, in order; empty when none was. */
    public List<String> all(String name) {
        return values.getOrDefault(declared(name), List.of());
    }

    /** The option's value as a whole number, or null when it has none; anything else is a usage error. */
    public Integer integer(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for option '" + declared(name).name() + "': '" + v + "' is not a whole number");
        }
    }

    /** The positional arguments, in order. */
    public List<String> positionals() {
        return positionals;
    }

    /** The first positional argument, or null. */
    public String positional() {
        return positionals.isEmpty() ? null : positionals.get(0);
    }

    private Option declared(String name) {
        Option o = command.option(name);
        if (o == null) throw new IllegalArgumentException(command.name() + " declares no option " + name);
        return o;
    }
}
