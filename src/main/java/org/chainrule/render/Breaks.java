package org.chainrule.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a long formula may be broken over lines, the way a person does it: before a top-level
 * {@code +} or {@code −} of a sum, and else between the factors of a product (after a closing
 * parenthesis). Both renderers use these cuts, so a formula breaks at the same places in the embedded
 * PDF and in LaTeX; nothing is ever shrunk to fit.
 */
public final class Breaks {
    private Breaks() {}

    /**
     * The pieces of {@code latex} to set one per line when it is too long: its top-level terms, each after
     * the first starting with its sign; a single term is cut into its top-level factors instead.
     */
    public static List<String> pieces(String latex) {
        List<String> t = terms(latex);
        return t.size() > 1 ? t : factors(latex);
    }

    /**
     * {@link #pieces} of {@code latex} gathered greedily into lines, each as long as {@code fits} allows;
     * a piece that does not fit alone is a line of its own.
     */
    public static List<String> lines(String latex, Predicate<String> fits) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String piece : pieces(latex)) {
            String candidate = line.isEmpty() ? piece : line + " " + piece;
            if (!line.isEmpty() && !fits.test(candidate)) {
                lines.add(line);
                line = piece;
            } else {
                line = candidate;
            }
        }
        if (!line.isEmpty()) lines.add(line);
        return lines;
    }

    /** The top-level terms of a sum, each after the first starting with its sign. */
    public static List<String> terms(String latex) {
        List<String> out = new ArrayList<>();
        int depth = 0, bars = 0, start = 0;
        for (int i = 0; i < latex.length(); i++) {
            char c = latex.charAt(i);
            if (c == '\\') {
                int j = commandEnd(latex, i);
                String cmd = latex.substring(i + 1, j);
                if (cmd.equals("left") || cmd.equals("begin")) depth++;
                else if (cmd.equals("right") || cmd.equals("end")) depth--;
                i = skipDelimiter(latex, cmd, j) - 1;
                continue;
            }
            switch (c) {
                case '{', '(', '[' -> depth++;
                case '}', ')', ']' -> depth--;
                case '|' -> bars ^= 1;
                case '+', '-' -> {
                    boolean binary = i > 0 && latex.charAt(i - 1) == ' ' && i + 1 < latex.length() && latex.charAt(i + 1) == ' ';
                    if (depth == 0 && bars == 0 && binary && i > start) {
                        out.add(latex.substring(start, i).strip());
                        start = i;
                    }
                }
                default -> { }
            }
        }
        out.add(latex.substring(start).strip());
        return out;
    }

    /**
     * The top-level factors of a product, cut where a parenthesised group closes and another factor
     * follows after a space; a function's argument is never cut from its name, since the cut falls only
     * after a closing parenthesis. Continuation pieces start with {@code \cdot}.
     */
    public static List<String> factors(String latex) {
        List<String> out = new ArrayList<>();
        int depth = 0, bars = 0, start = 0;
        for (int i = 0; i < latex.length(); i++) {
            char c = latex.charAt(i);
            int closeEnd = -1;
            if (c == '\\') {
                int j = commandEnd(latex, i);
                String cmd = latex.substring(i + 1, j);
                if (cmd.equals("left") || cmd.equals("begin")) depth++;
                else if (cmd.equals("right") || cmd.equals("end")) depth--;
                int k = skipDelimiter(latex, cmd, j);
                if (cmd.equals("right") && depth == 0 && bars == 0) closeEnd = k;
                i = k - 1;
            } else {
                switch (c) {
                    case '{', '(', '[' -> depth++;
                    case '}', ')', ']' -> { depth--; if (c == ')' && depth == 0 && bars == 0) closeEnd = i + 1; }
                    case '|' -> bars ^= 1;
                    default -> { }
                }
            }
            if (closeEnd > 0 && closeEnd < latex.length() && latex.charAt(closeEnd) == ' ') {
                int next = closeEnd;
                while (next < latex.length() && latex.charAt(next) == ' ') next++;
                if (next < latex.length() && latex.charAt(next) != '+' && latex.charAt(next) != '-'
                        && latex.charAt(next) != '^' && latex.charAt(next) != '_' && latex.charAt(next) != '=') {
                    out.add(latex.substring(start, closeEnd).strip());
                    start = next;
                    i = next - 1;
                }
            }
        }
        String rest = latex.substring(start).strip();
        if (!rest.isEmpty()) out.add(rest);
        List<String> marked = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) marked.add(k == 0 ? out.get(k) : "\\cdot " + out.get(k));
        return marked;
    }

    /**
     * Whether a formula is short enough to be worth showing in full: at most about two lines. A substituted
     * form longer than that helps no reader (the seeds never write one), so the keys leave it out.
     */
    public static boolean readable(String latex) {
        return ems(latex) <= 70;
    }

    /**
     * A rough width of {@code latex} set in display style, in ems: each visible symbol about half an em, a
     * fraction as wide as its wider part, scripts at two thirds. Used where no typesetter is at hand (the
     * LaTeX writer) to decide whether to break; it errs on the wide side.
     */
    public static double ems(String latex) {
        return width(latex, 0, latex.length(), 1.0);
    }

    private static double width(String s, int from, int to, double scale) {
        double w = 0;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '\\') {
                int j = commandEnd(s, i);
                String cmd = s.substring(i + 1, j);
                switch (cmd) {
                    case "left", "right" -> { i = skipDelimiter(s, cmd, j); w += 0.4 * scale; continue; }
                    case "frac", "dfrac", "tfrac" -> {
                        int a = groupEnd(s, j), b = groupEnd(s, a);
                        double fs = cmd.equals("frac") && scale >= 1.0 ? 1.0 : 0.75;
                        w += Math.max(width(s, j + 1, a - 1, scale * fs), width(s, a + 1, b - 1, scale * fs)) + 0.3 * scale;
                        i = b;
                        continue;
                    }
                    case "operatorname", "mathrm", "text", "mathbf", "boldsymbol", "mathbb", "hat", "bar", "tilde", "vec", "overline" -> {
                        i = j; continue;
                    }
                    case ",", ";", ":", "!", "quad", "qquad" -> { w += (cmd.equals("quad") ? 1 : cmd.equals("qquad") ? 2 : 0.2) * scale; i = j; continue; }
                    default -> { w += (cmd.length() > 2 && !cmd.equals("cdot") ? 0.6 : 0.5) * scale; i = j; continue; }
                }
            }
            switch (c) {
                case '{', '}', ' ' -> i++;
                case '^', '_' -> {
                    int k = i + 1;
                    int end = k < to && s.charAt(k) == '{' ? groupEnd(s, k) : k < to && s.charAt(k) == '\\' ? commandEnd(s, k) : k + 1;
                    w += width(s, k, Math.min(end, to), scale * 0.7);
                    i = end;
                }
                case '+', '-', '=', '<', '>' -> { w += 1.0 * scale; i++; }
                default -> { w += 0.55 * scale; i++; }
            }
        }
        return w;
    }

    /** The index after the brace group starting at {@code i} (or after the single token there). */
    private static int groupEnd(String s, int i) {
        if (i >= s.length()) return i;
        if (s.charAt(i) != '{') return s.charAt(i) == '\\' ? commandEnd(s, i) : i + 1;
        int depth = 0;
        for (int k = i; k < s.length(); k++) {
            if (s.charAt(k) == '\\') { k = commandEnd(s, k) - 1; continue; }
            if (s.charAt(k) == '{') depth++;
            else if (s.charAt(k) == '}' && --depth == 0) return k + 1;
        }
        return s.length();
    }

    /** After {@code \left}/{@code \right}, the index past the delimiter that follows ("(", "|", "\{"). */
    private static int skipDelimiter(String latex, String cmd, int j) {
        if (!cmd.equals("left") && !cmd.equals("right")) return j;
        while (j < latex.length() && latex.charAt(j) == ' ') j++;
        if (j < latex.length()) j = latex.charAt(j) == '\\' ? commandEnd(latex, j) : j + 1;
        return j;
    }

    /** The index just after the command or control symbol that starts with the backslash at {@code i}. */
    private static int commandEnd(String latex, int i) {
        int j = i + 1;
        while (j < latex.length() && Character.isLetter(latex.charAt(j))) j++;
        return j == i + 1 ? Math.min(latex.length(), i + 2) : j;
    }
}
