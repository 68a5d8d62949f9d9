package org.chainrule.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a command's arguments as its {@link Command} declares them: {@code --name value},
 * {@code --name=value}, {@code -o value}, {@code -ovalue} and {@code -o=value} for an option with a
 * value, repeatable options, and {@code --} before arguments that are never options. Options and
 * positional arguments may come in any order.
 *
 * <p>A token that starts with '-' and names none of the command's options is a positional argument
 * when the command takes one and the token does not look like an option (a dash and one letter, or two
 * dashes and a letter): {@code derive '-x^2' --wrt x} needs no {@code --}. A token that names an option
 * is that option, so {@code -f(x)} is {@code -f} with the value {@code (x)}.
 */
public final class Parser {
    private Parser() {}

    private record Match(Option option, String value) {}

    /**
     * The arguments after the command's name; {@code program} (e.g. {@code chainrule derive}) is what
     * hints tell the user to type.
     */
    public static Args parse(Command command, List<String> tokens, String program) {
        Map<Option, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (!options || !t.startsWith("-") || t.equals("-")) {
                positionals.add(t);
                continue;
            }
            if (t.equals("--")) {
                options = false;
                continue;
            }
            Match m = match(command, t);
            if (m == null) {
                if (command.positional() != null && !looksLikeOption(t)) {
                    positionals.add(t);
                    continue;
                }
                throw unknown(command, t, program);
            }
            Option o = m.option();
            String value = m.value();
            if (o.takesValue() && value == null) {
                if (i + 1 == tokens.size() || isOptionName(command, tokens.get(i + 1)))
                    throw new UsageException("Missing value for option '" + o.name() + "' (" + o.label() + ")");
                value = tokens.get(++i);
            } else if (!o.takesValue() && value != null) {
                throw new UsageException("Option '" + o.name() + "' takes no value, but was given '" + value + "'");
            }
            List<String> given = values.get(o);
            if (given == null) values.put(o, given = new ArrayList<>());
            else if (o.takesValue() && !o.repeatable())
                throw new UsageException("Option '" + o.name() + "' (" + o.label() + ") should be given only once");
            given.add(value == null ? "" : value);
        }
        checkPositionals(command, positionals, program);
        Map<Option, List<String>> frozen = new LinkedHashMap<>();
        for (Map.Entry<Option, List<String>> e : values.entrySet()) frozen.put(e.getKey(), List.copyOf(e.getValue()));
        return new Args(command, frozen, positionals);
    }

    /**
     * Whether a token before {@code --} is the flag: {@code --help} and {@code --version} are answered
     * even when the rest of the line has a mistake.
     */
    public static boolean asks(List<String> tokens, Option flag) {
        for (String t : tokens) {
            if (t.equals("--")) return false;
            if (flag.named(t)) return true;
        }
        return false;
    }

    private static void checkPositionals(Command command, List<String> positionals, String program) {
        Positional p = command.positional();
        if (p == null && !positionals.isEmpty())
            throw new UsageException("Unexpected " + plural(positionals.size(), "argument") + ": " + quoted(positionals));
        if (p == null) return;
        if (!p.many() && positionals.size() > 1) {
            List<String> extra = positionals.subList(1, positionals.size());
            String noun = noun(p);
            throw new UsageException("Unexpected " + plural(extra.size(), "argument") + " after the " + noun + ": " + quoted(extra),
                    List.of("hint: put a " + noun + " that contains spaces in quotes: " + program + " 'a + b'"));
        }
        if (p.required() && positionals.isEmpty()) throw new UsageException("Missing required argument: " + p.label());
    }

    /** The option a token names, with a value written into the same token; null when it names none. */
    private static Match match(Command command, String t) {
        if (t.startsWith("--")) {
            int eq = t.indexOf('=');
            Option o = command.option(eq < 0 ? t : t.substring(0, eq));
            return o == null ? null : new Match(o, eq < 0 ? null : t.substring(eq + 1));
        }
        Option o = command.option(t.substring(0, 2));
        if (o == null) return null;
        if (t.length() == 2) return new Match(o, null);
        if (!o.takesValue()) return null; // "-hx" is not -h: a formula, or an unknown option
        String rest = t.substring(2);
        return new Match(o, rest.startsWith("=") ? rest.substring(1) : rest);
    }

    /** Whether the token after an option that needs a value is another option (the value is missing). */
    private static boolean isOptionName(Command command, String t) {
        if (command.option(t) != null) return true;
        int eq = t.indexOf('=');
        return t.startsWith("--") && eq > 2 && command.option(t.substring(0, eq)) != null;
    }

    /** A dash and one letter ({@code -z}), or two dashes and a letter ({@code --wrld}): meant as an option. */
    static boolean looksLikeOption(String t) {
        if (t.length() == 2) return isLetter(t.charAt(1));
        return t.length() > 2 && t.charAt(1) == '-' && isLetter(t.charAt(2));
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static UsageException unknown(Command command, String t, String program) {
        int eq = t.indexOf('=');
        String name = t.startsWith("--") && eq > 0 ? t.substring(0, eq) : t;
        List<String> notes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Option o : command.options()) names.add(o.name());
        List<String> close = Suggest.closest(name, names);
        if (!close.isEmpty()) notes.add("did you mean " + String.join(" or ", close) + "?");
        if (command.positional() != null && !t.startsWith("--"))
            notes.add("hint: for a " + noun(command.positional()) + " that starts with '-', write '--' before it: "
                    + program + " -- '" + t + "'");
        return new UsageException("Unknown option: '" + t + "'", notes);
    }

    private static String noun(Positional p) {
        return p.label().replace("<", "").replace(">", "");
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }

    private static String quoted(List<String> tokens) {
        List<String> q = new ArrayList<>();
        for (String t : tokens) q.add("'" + t + "'");
        return String.join(", ", q);
    }
}
