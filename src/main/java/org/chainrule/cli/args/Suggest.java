package org.chainrule.cli.args;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** "Did you mean …?": the names closest to a mistyped one, by edit distance or as the one it begins. */
public final class Suggest {
    private Suggest() {}

    /** Farthest a suggestion may be: two edits (a swapped pair of letters counts as one). */
    static final int MAX_EDITS = 2;

    /**
     * The candidates nearest to {@code typed}, compared without their leading dashes: the one candidate
     * that starts with what was typed (at least two characters), else those at the smallest edit distance
     * when it is at most {@link #MAX_EDITS}, or one for a word of one or two letters (which would otherwise
     * be close to every short name). Empty when none is close.
     */
    public static List<String> closest(String typed, Collection<String> candidates) {
        String word = strip(typed);
        List<String> prefixed = new ArrayList<>();
        if (word.length() >= 2) for (String c : candidates) if (strip(c).startsWith(word) && !strip(c).equals(word)) prefixed.add(c);
        if (prefixed.size() == 1) return prefixed;
        int best = Math.min(MAX_EDITS, (word.length() - 1) / 2 + 1);
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(word, strip(c));
            if (d > best || d == 0) continue;
            if (d < best) out.clear();
            best = d;
            out.add(c);
        }
        return out;
    }

    private static String strip(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '-') i++;
        return s.substring(i);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
