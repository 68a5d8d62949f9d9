package org.chainrule.render;

import java.text.Normalizer;
import java.util.Map;

/**
 * Plain prose to LaTeX text mode, for the T1 + lmodern preamble {@link LatexWriter} writes. The output
 * holds no user-chosen control sequence: every ASCII special character becomes the command that prints
 * it literally, TeX's ligatures ({@code --}, {@code ``}, {@code <<}, {@code !`}) are broken so the
 * characters print as typed, letters T1 can set pass through, common mathematical symbols become
 * inline math, and anything else becomes a visible {@code ?} (never a compile error).
 */
final class LatexText {
    private LatexText() {}

    /** Replacement for characters the document cannot set. */
    static final String UNKNOWN = "?";

    /** ASCII characters that TeX would read as markup, each with the text command that prints it. */
    private static final Map<Character, String> ASCII = Map.ofEntries(
            Map.entry('\\', "\\textbackslash{}"),
            Map.entry('{', "\\{"),
            Map.entry('}', "\\}"),
            Map.entry('$', "\\$"),
            Map.entry('%', "\\%"),
            Map.entry('#', "\\#"),
            Map.entry('&', "\\&"),
            Map.entry('_', "\\_"),
            Map.entry('~', "\\textasciitilde{}"),
            Map.entry('^', "\\textasciicircum{}"),
            Map.entry('"', "\\textquotedbl{}"),
            Map.entry('|', "\\textbar{}"),
            Map.entry('<', "\\textless{}"),
            Map.entry('>', "\\textgreater{}"));

    /** Symbols outside T1 that read naturally as inline math. */
    private static final Map<Integer, String> MATH = Map.ofEntries(
            // Greek: lower case, and the capitals that differ from Latin ones
            Map.entry(0x03B1, "\\alpha"), Map.entry(0x03B2, "\\beta"), Map.entry(0x03B3, "\\gamma"),
            Map.entry(0x03B4, "\\delta"), Map.entry(0x03B5, "\\varepsilon"), Map.entry(0x03F5, "\\epsilon"),
            Map.entry(0x03B6, "\\zeta"), Map.entry(0x03B7, "\\eta"), Map.entry(0x03B8, "\\theta"),
            Map.entry(0x03D1, "\\vartheta"), Map.entry(0x03B9, "\\iota"), Map.entry(0x03BA, "\\kappa"),
            Map.entry(0x03BB, "\\lambda"), Map.entry(0x03BC, "\\mu"), Map.entry(0x03BD, "\\nu"),
            Map.entry(0x03BE, "\\xi"), Map.entry(0x03BF, "o"), Map.entry(0x03C0, "\\pi"),
            Map.entry(0x03C1, "\\rho"), Map.entry(0x03C2, "\\varsigma"), Map.entry(0x03C3, "\\sigma"),
            Map.entry(0x03C4, "\\tau"), Map.entry(0x03C5, "\\upsilon"), Map.entry(0x03C6, "\\phi"),
            Map.entry(0x03D5, "\\phi"), Map.entry(0x03C7, "\\chi"), Map.entry(0x03C8, "\\psi"),
            Map.entry(0x03C9, "\\omega"),
            Map.entry(0x0393, "\\Gamma"), Map.entry(0x0394, "\\Delta"), Map.entry(0x0398, "\\Theta"),
            Map.entry(0x039B, "\\Lambda"), Map.entry(0x039E, "\\Xi"), Map.entry(0x03A0, "\\Pi"),
            Map.entry(0x03A3, "\\Sigma"), Map.entry(0x03A5, "\\Upsilon"), Map.entry(0x03A6, "\\Phi"),
            Map.entry(0x03A8, "\\Psi"), Map.entry(0x03A9, "\\Omega"),
            // operators and relations
            Map.entry(0x2202, "\\partial"), Map.entry(0x2207, "\\nabla"), Map.entry(0x2211, "\\sum"),
            Map.entry(0x220F, "\\prod"), Map.entry(0x222B, "\\int"), Map.entry(0x221A, "\\surd"),
            Map.entry(0x221E, "\\infty"), Map.entry(0x2212, "-"), Map.entry(0x2213, "\\mp"),
            Map.entry(0x2264, "\\le"), Map.entry(0x2265, "\\ge"), Map.entry(0x2260, "\\ne"),
            Map.entry(0x2248, "\\approx"), Map.entry(0x2261, "\\equiv"), Map.entry(0x223C, "\\sim"),
            Map.entry(0x221D, "\\propto"), Map.entry(0x2208, "\\in"), Map.entry(0x2209, "\\notin"),
            Map.entry(0x2282, "\\subset"), Map.entry(0x2286, "\\subseteq"), Map.entry(0x2200, "\\forall"),
            Map.entry(0x2203, "\\exists"), Map.entry(0x2205, "\\emptyset"), Map.entry(0x2218, "\\circ"),
            Map.entry(0x2219, "\\bullet"), Map.entry(0x22C5, "\\cdot"), Map.entry(0x2299, "\\odot"),
            Map.entry(0x2297, "\\otimes"), Map.entry(0x2295, "\\oplus"), Map.entry(0x22A4, "\\top"),
            Map.entry(0x22A5, "\\perp"), Map.entry(0x2227, "\\wedge"), Map.entry(0x2228, "\\vee"),
            Map.entry(0x2225, "\\|"), Map.entry(0x2016, "\\|"), Map.entry(0x27E8, "\\langle"),
            Map.entry(0x27E9, "\\rangle"), Map.entry(0x2032, "'"), Map.entry(0x2033, "''"),
            Map.entry(0x2192, "\\to"), Map.entry(0x2190, "\\leftarrow"), Map.entry(0x2194, "\\leftrightarrow"),
            Map.entry(0x21D2, "\\Rightarrow"), Map.entry(0x21D0, "\\Leftarrow"), Map.entry(0x21D4, "\\Leftrightarrow"),
            Map.entry(0x21A6, "\\mapsto"), Map.entry(0x2713, "\\checkmark"), Map.entry(0x2714, "\\checkmark"),
            Map.entry(0x2717, "\\times"), Map.entry(0x22EF, "\\cdots"),
            // letter-like symbols
            Map.entry(0x211D, "\\mathbb{R}"), Map.entry(0x2115, "\\mathbb{N}"), Map.entry(0x2124, "\\mathbb{Z}"),
            Map.entry(0x211A, "\\mathbb{Q}"), Map.entry(0x2102, "\\mathbb{C}"), Map.entry(0x1D7CF, "\\mathbf{1}"),
            Map.entry(0x2113, "\\ell"),
            // modifier letters, superscripts and subscripts outside Latin-1
            Map.entry(0x1D40, "^{\\top}"), Map.entry(0x1D57, "^{t}"), Map.entry(0x207B, "^{-}"),
            Map.entry(0x207A, "^{+}"), Map.entry(0x2070, "^{0}"), Map.entry(0x2074, "^{4}"),
            Map.entry(0x2075, "^{5}"), Map.entry(0x2076, "^{6}"), Map.entry(0x2077, "^{7}"),
            Map.entry(0x2078, "^{8}"), Map.entry(0x2079, "^{9}"), Map.entry(0x207F, "^{n}"),
            Map.entry(0x2071, "^{i}"),
            Map.entry(0x2080, "_{0}"), Map.entry(0x2081, "_{1}"), Map.entry(0x2082, "_{2}"),
            Map.entry(0x2083, "_{3}"), Map.entry(0x2084, "_{4}"), Map.entry(0x2085, "_{5}"),
            Map.entry(0x2086, "_{6}"), Map.entry(0x2087, "_{7}"), Map.entry(0x2088, "_{8}"),
            Map.entry(0x2089, "_{9}"), Map.entry(0x1D62, "_{i}"), Map.entry(0x2C7C, "_{j}"),
            Map.entry(0x2096, "_{k}"), Map.entry(0x2099, "_{n}"));

    /** Punctuation beyond Latin-1 that T1 sets in text (LaTeX's utf8 support defines each). */
    private static final String T1_PUNCTUATION = "\u2013\u2014\u2018\u2019\u201A\u201C\u201D\u201E"
            + "\u2020\u2021\u2022\u2026\u2030\u2039\u203A\u20AC";

    /** Latin Extended-A letters that LaTeX's T1 utf8 support leaves undefined. */
    private static final String T1_MISSING = "\u0126\u0127\u0138\u013F\u0140\u0149\u0166\u0167\u017F";

    /** {@code text} as LaTeX that prints it literally in text mode (usable inside {@code \text{}} too). */
    static String escape(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            appendChar(out, c, out.isEmpty() ? -1 : out.charAt(out.length() - 1));
        }
        return out.toString();
    }

    /** {@code prev} is the last character written, so a ligature with a replacement is broken too. */
    private static void appendChar(StringBuilder out, int c, int prev) {
        if (c < 0x80) {
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c == 0x7F) {
                // other control characters have no printed form
            } else if (ASCII.containsKey((char) c)) {
                out.append(ASCII.get((char) c));
            } else if (c == '\'' && endsInMath(out)) {
                // a prime after a symbol set as math: σ' becomes $\sigma'$
                appendMath(out, "'");
            } else {
                // break ligatures so "--", "``", "''", "!`", "?`", ",," print as typed
                if (ligature(prev, c)) out.append("{}");
                out.append((char) c);
            }
        } else if (c < 0xA0) {
            // C1 control characters have no printed form either
        } else if (c == 0xA0) {
            out.append('~');
        } else if (c == 0xAD) {
            // soft hyphen: TeX hyphenates by itself
        } else if (MATH.containsKey(c)) {
            appendMath(out, MATH.get(c));
        } else if (c >= 0x2460 && c <= 0x2473) {
            out.append(circled(c - 0x2460 + 1));
        } else if (settableInT1(c)) {
            out.appendCodePoint(c);
        } else {
            out.append(UNKNOWN);
        }
    }

    /** Whether {@code out} ends with an inline formula this class wrote (not an escaped {@code \$}). */
    private static boolean endsInMath(StringBuilder out) {
        int n = out.length();
        return n >= 2 && out.charAt(n - 1) == '$' && out.charAt(n - 2) != '\\';
    }

    /** Appends inline math, joining it to a formula that ends right here (never "$$": display math). */
    private static void appendMath(StringBuilder out, String math) {
        if (endsInMath(out)) {
            out.setLength(out.length() - 1);
            out.append(math.equals("'") ? "" : " ");
        } else {
            out.append('$');
        }
        out.append(math).append('$');
    }

    private static boolean ligature(int prev, int c) {
        return switch (c) {
            case '-' -> prev == '-';
            case '`' -> prev == '`' || prev == '!' || prev == '?';
            case '\'' -> prev == '\'';
            case ',' -> prev == ',';
            default -> false;
        };
    }

    private static boolean settableInT1(int c) {
        if (c >= 0xA1 && c <= 0xFF) return true;
        if (c >= 0x100 && c <= 0x17F) return T1_MISSING.indexOf(c) < 0;
        return c <= 0xFFFF && T1_PUNCTUATION.indexOf(c) >= 0;
    }

    /** A circled number in text mode, as the handwritten keys label equations: ①. */
    static String circled(int n) {
        if (n < 1 || n > 20) return "(" + n + ")";
        return "\\textcircled{" + (n < 10 ? "\\scriptsize " : "\\tiny ") + n + "}";
    }
}
