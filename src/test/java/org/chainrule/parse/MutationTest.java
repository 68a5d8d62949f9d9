package org.chainrule.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Robustness: damaged versions of the seed formulas either parse or fail with a located
 * ParseException; no other exception, no internal error, no hang.
 */
class MutationTest {
    static final int COUNT = 20_000;
    static final String[] INSERTS = {"{", "}", "\\", "^", "_", "&", "$", "%", "(", ")", "|", "\\\\", "[", "]",
            "\\left", "\\right", "\\frac", "\\sqrt", "\\sum", "\\begin{cases}", "\\end{cases}", "\\foo", "\\input",
            "\\hat", "\\text{", "'", "=", "<", ">", ",", "-", "\\|", "||", "\\Big|", "\\mathbf{1}", "d", "\\partial",
            "\\begin{bmatrix}", "\\end{aligned}", "\\xrightarrow", "①", "é", "\\sigma", "\\exp", "0.", "1.2.3"};

    @Test
    void mutatedCorpusNeverCrashes() {
        List<String> base = new ArrayList<>();
        for (Corpus c : Corpus.load()) base.add(c.latex());
        Random rnd = new Random(20_240_611L);
        long start = System.nanoTime();
        int parsed = 0;
        int rejected = 0;
        for (int n = 0; n < COUNT; n++) {
            String s = base.get(rnd.nextInt(base.size()));
            int edits = 1 + rnd.nextInt(3);
            for (int k = 0; k < edits; k++) s = mutate(s, rnd);
            try {
                FormulaParser.parse(s);
                parsed++;
            } catch (ParseException e) {
                rejected++;
                if (e.line() < 1 || e.column() < 1) fail("unlocated error " + e.line() + ":" + e.column() + " for: " + s);
                if (e.reason().startsWith("internal")) fail(e.reason() + " for: " + s);
            } catch (Throwable t) {
                throw new AssertionError("crash on mutant #" + n + ": " + s, t);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(parsed > 0 && rejected > 0, "mutations should both parse and fail: " + parsed + "/" + rejected);
        assertTrue(seconds < 60, "mutation run took " + seconds + " s");
    }

    private static String mutate(String s, Random rnd) {
        if (s.isEmpty()) return INSERTS[rnd.nextInt(INSERTS.length)];
        int i = rnd.nextInt(s.length());
        return switch (rnd.nextInt(6)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);                              // delete a character
            case 1 -> s.substring(0, i) + s.charAt(i) + s.substring(i);                    // duplicate it
            case 2 -> i + 1 < s.length()
                    ? s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2) // swap two
                    : s + s.charAt(i);
            case 3 -> s.substring(0, i) + INSERTS[rnd.nextInt(INSERTS.length)] + s.substring(i); // insert a token
            case 4 -> {                                                                      // delete a token
                String[] tokens = s.split(" ");
                int t = rnd.nextInt(tokens.length);
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < tokens.length; k++) if (k != t) b.append(tokens[k]).append(' ');
                yield b.toString().trim();
            }
            default -> s.substring(0, i) + "\\" + randomWord(rnd) + s.substring(i);        // random command
        };
    }

    private static String randomWord(Random rnd) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(6);
        for (int k = 0; k < n; k++) b.append((char) ('a' + rnd.nextInt(26)));
        return b.toString();
    }
}
