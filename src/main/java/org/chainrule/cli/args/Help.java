package org.chainrule.cli.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Help text made from a {@link Command}'s declaration: the synopsis, the description, every argument and
 * option with its description wrapped at {@link #WIDTH} columns and aligned, and the footer.
 */
public final class Help {
    private Help() {}

    public static final int WIDTH = 80;
    /** Widest the column of names gets; a longer name puts its description on the next line. */
    static final int MAX_NAME_COLUMN = 30;

    /** A name and what it does: an option, an argument, a subcommand. */
    public record Entry(String name, String text) {}

    /** {@code Usage: chainrule derive [--wrt <symbol>] … [<formula>]}, wrapped under its first item. */
    public static String synopsis(String program, Command c) {
        List<String> items = new ArrayList<>();
        for (Option o : c.options()) {
            String name = o.shortName() != null ? o.shortName() : o.name();
            String item = "[" + name + (o.takesValue() ? " " + o.label() : "") + "]";
            items.add(o.repeatable() ? item + "..." : item);
        }
        if (c.positional() != null) items.add(c.positional().synopsis());
        return synopsis(program, items);
    }

    /** The synopsis of a program whose first argument names a subcommand. */
    public static String programSynopsis(String program, Command top) {
        List<String> items = new ArrayList<>();
        for (Option o : top.options()) items.add("[" + (o.shortName() != null ? o.shortName() : o.name()) + "]");
        items.add("COMMAND");
        return synopsis(program, items);
    }

    private static String synopsis(String program, List<String> items) {
        String head = "Usage: " + program + " ";
        StringBuilder b = new StringBuilder(head);
        int column = head.length();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (i > 0 && column + 1 + item.length() > WIDTH) {
                b.append('\n').append(" ".repeat(head.length()));
                column = head.length();
            } else if (i > 0) {
                b.append(' ');
                column++;
            }
            b.append(item);
            column += item.length();
        }
        return b.append('\n').toString();
    }

    /** The whole help of a command: what {@code --help} prints. */
    public static String of(String program, Command c) {
        StringBuilder b = new StringBuilder(synopsis(program, c));
        description(b, c);
        List<Entry> arguments = new ArrayList<>();
        if (c.positional() != null) arguments.add(new Entry("  " + c.positional().synopsis(), c.positional().description()));
        List<Entry> options = options(c);
        int column = column(arguments, options);
        if (!arguments.isEmpty()) section(b, "Arguments:", arguments, column);
        section(b, "Options:", options, column);
        footer(b, c);
        return b.toString();
    }

    /** The help of a program with subcommands: its options, then each subcommand's summary. */
    public static String ofProgram(String program, Command top, List<Entry> commands) {
        StringBuilder b = new StringBuilder(programSynopsis(program, top));
        description(b, top);
        List<Entry> options = options(top);
        List<Entry> listed = new ArrayList<>();
        for (Entry e : commands) listed.add(new Entry("  " + e.name(), e.text()));
        section(b, "Options:", options, column(options));
        section(b, "Commands:", listed, column(listed));
        footer(b, top);
        return b.toString();
    }

    private static List<Entry> options(Command c) {
        List<Entry> out = new ArrayList<>();
        for (Option o : c.options()) {
            String names = (o.shortName() != null ? "  " + o.shortName() + ", " : "      ") + o.name();
            out.add(new Entry(o.takesValue() ? names + " " + o.label() : names, o.description()));
        }
        return out;
    }

    private static void description(StringBuilder b, Command c) {
        for (String paragraph : c.description()) for (String line : wrap(paragraph, WIDTH)) b.append(line).append('\n');
    }

    @SafeVarargs
    private static int column(List<Entry>... sections) {
        int widest = 0;
        for (List<Entry> s : sections) for (Entry e : s) widest = Math.max(widest, e.name().length());
        return Math.min(widest + 2, MAX_NAME_COLUMN);
    }

    private static void section(StringBuilder b, String heading, List<Entry> entries, int column) {
        b.append('\n').append(heading).append('\n');
        for (Entry e : entries) {
            List<String> lines = wrap(e.text(), WIDTH - column);
            String indent = " ".repeat(column);
            int first = 0;
            if (e.name().length() + 2 <= column) {
                b.append(e.name()).append(" ".repeat(column - e.name().length())).append(lines.get(0)).append('\n');
                first = 1;
            } else {
                b.append(e.name()).append('\n');
            }
            for (int i = first; i < lines.size(); i++) b.append(indent).append(lines.get(i)).append('\n');
        }
    }

    /** Footer lines as written when indented (examples, to copy whole), other lines wrapped. */
    private static void footer(StringBuilder b, Command c) {
        for (String line : c.footer()) {
            if (line.isEmpty() || line.startsWith(" ")) b.append(line).append('\n');
            else for (String l : wrap(line, WIDTH)) b.append(l).append('\n');
        }
    }

    /** Words of {@code text} in lines of at most {@code width} characters (a longer word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
