package org.chainrule.parse;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.parse.SheetParser.Arg;

/** Splits a \check body into its lines at top-level \\ (not inside braces or \begin…\end), keeping places. */
final class ClaimLines {
    private ClaimLines() {}

    static List<Arg> split(Arg a) {
        String s = a.text();
        boolean[] top = topLevel(s);
        List<Arg> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (top[i] && s.startsWith("\\\\", i)) {
                out.add(piece(a, start, i));
                start = i + 2;
            }
        }
        Arg last = piece(a, start, s.length());
        // a trailing \\ leaves an empty last line: no claim there
        if (out.isEmpty() || !last.text().isBlank()) out.add(last);
        return out;
    }

    /**
     * Splits one line at its top-level = signs (not inside braces, an environment, or ≤ ≥ ≠ :=), so each
     * side keeps its own place: {@code a = b = c} gives a, b, c.
     */
    static List<Arg> sides(Arg a) {
        String s = a.text();
        boolean[] top = topLevel(s);
        List<Arg> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (top[i] && s.charAt(i) == '=' && (i == 0 || "<>!:=".indexOf(s.charAt(i - 1)) < 0)
                    && (i + 1 == s.length() || s.charAt(i + 1) != '=')) {
                int end = i;
                while (end > start && Character.isWhitespace(s.charAt(end - 1))) end--;
                if (end > start && s.charAt(end - 1) == '&') end--; // aligned style: a &= b
                out.add(piece(a, start, end));
                start = i + 1;
            }
        }
        out.add(piece(a, start, s.length()));
        return out;
    }

    /**
     * Which characters start a token at brace depth 0 outside \\begin…\\end: an escape (\\{, \\\\) is one
     * token, marked at its backslash; braces and \\begin, \\end themselves are never top-level.
     */
    private static boolean[] topLevel(String s) {
        boolean[] top = new boolean[s.length()];
        int depth = 0, env = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (s.startsWith("\\begin", i)) env++;
                else if (s.startsWith("\\end", i)) env = Math.max(0, env - 1);
                else top[i] = depth == 0 && env == 0;
                i++;
                continue;
            }
            if (c == '{') depth++;
            else if (c == '}') depth = Math.max(0, depth - 1);
            else top[i] = depth == 0 && env == 0;
        }
        return top;
    }

    private static Arg piece(Arg a, int from, int to) {
        int[] at = advance(a, from);
        return new Arg(a.text().substring(from, to), at[0], at[1]);
    }

    /** The line and (1-based) column of the character {@code offset} characters into {@code a}. */
    static int[] advance(Arg a, int offset) {
        int line = a.line(), col = a.column();
        String s = a.text();
        for (int k = 0; k < offset && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }
}
