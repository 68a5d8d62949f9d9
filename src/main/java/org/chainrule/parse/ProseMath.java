package org.chainrule.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Text maths in a problem statement that the formula parser does not read because it is not an
 * expression — a pair {@code (\mathbf{x}, y)}, a set {@code y \in \{0,1\}}, an interval {@code [0, 1)},
 * {@code \{1, \dots, n\}} — kept as the author's LaTeX after a whitelist check.
 *
 * <p>The sheet is untrusted input, so the check is strict: ASCII only; letters, digits, a fixed set of
 * punctuation; braces balanced; every command from the list below, with its arguments present; no two
 * superscripts or subscripts on one atom; {@code \left}/{@code \right} paired. What passes compiles in
 * pdflatex (amsmath, amssymb) and renders in jlatexmath; anything else is refused and the sheet parser
 * shows the source as escaped text, with a warning.
 */
public final class ProseMath {
    private ProseMath() {}

    static final int MAX_LENGTH = 400;
    private static final int MAX_DEPTH = 20;

    private static final Set<String> GREEK = Set.of(
            "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
            "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
            "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
            "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell");

    /**
     * Commands without arguments: symbols, relations, dots, named functions, spaces. Every command here
     * and below is also on the embedded renderer's allow-list (render/tex/SafeTex), which a test checks.
     */
    private static final Set<String> SYMBOLS = Stream.concat(GREEK.stream(), Stream.of(
            "in", "times", "cdot", "cdots", "dots", "ldots", "vdots", "ddots", "infty", "le", "leq", "ge", "geq",
            "ne", "neq", "approx", "equiv", "sim", "propto", "to", "mapsto", "rightarrow", "leftarrow",
            "Rightarrow", "iff", "Leftrightarrow", "mid", "partial", "nabla", "top", "intercal", "circ",
            "odot", "pm", "mp", "langle", "rangle", "lVert", "rVert", "quad", "qquad",
            "sum", "prod", "min", "max", "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh",
            "dim", "lim", "because", "therefore",
            "subset", "subseteq", "supset", "supseteq", "cup", "cap", "setminus", "notin", "forall", "exists",
            "emptyset", "varnothing", "colon"))
            .collect(Collectors.toUnmodifiableSet());

    /** Commands with one or two arguments (fonts and accents take maths; \text takes words). */
    private static final Map<String, Integer> WITH_ARGS = Map.ofEntries(
            Map.entry("mathbb", 1), Map.entry("mathbf", 1), Map.entry("mathcal", 1), Map.entry("mathrm", 1),
            Map.entry("boldsymbol", 1), Map.entry("hat", 1), Map.entry("bar", 1), Map.entry("tilde", 1),
            Map.entry("vec", 1), Map.entry("dot", 1), Map.entry("sqrt", 1), Map.entry("frac", 2),
            Map.entry("dfrac", 2), Map.entry("tfrac", 2));

    /** Commands whose one braced argument is words, not maths. */
    private static final Set<String> WORDS = Set.of("text", "operatorname");

    private static final Set<String> SIZES = Set.of("big", "Big", "bigg", "Bigg");

    /** Every command name prose maths may use (for the test against the renderer's allow-list). */
    static Set<String> commands() {
        return Stream.of(SYMBOLS.stream(), WITH_ARGS.keySet().stream(), WORDS.stream(), SIZES.stream(), Stream.of("left", "right"))
                .flatMap(x -> x).collect(Collectors.toUnmodifiableSet());
    }

    private static final String PUNCTUATION = "+-=<>()[],.;:|/'!*?";
    private static final String DELIMITERS = "()[]|./";
    private static final Set<String> DELIMITER_COMMANDS = Set.of("{", "}", "|", "langle", "rangle",
            "lVert", "rVert");

    /** The LaTeX to typeset ({@code text} with runs of white space made one space), or empty when refused. */
    public static Optional<String> vet(String text) {
        String s = text.strip().replaceAll("\\s+", " ");
        if (s.isEmpty() || s.length() > MAX_LENGTH) return Optional.empty();
        try {
            new Checker(s).run();
            return Optional.of(s);
        } catch (Refused e) {
            return Optional.empty();
        }
    }

    /** Why a piece of prose maths is refused, for the warning; empty when it passes. */
    public static Optional<String> why(String text) {
        String s = text.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) return Optional.of("it is empty");
        if (s.length() > MAX_LENGTH) return Optional.of("it is longer than " + MAX_LENGTH + " characters");
        try {
            new Checker(s).run();
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        }
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) { super(message, null, false, false); }
    }

    /** A recursive-descent walk: a list of atoms, each optionally followed by ^ and _ arguments. */
    private static final class Checker {
        final String s;
        int i;
        final Deque<Character> open = new ArrayDeque<>(); // '{' or 'L' (\left)

        Checker(String s) { this.s = s; }

        void run() {
            list(false);
            if (i < s.length()) throw new Refused("unexpected " + s.charAt(i));
            if (!open.isEmpty()) throw new Refused(open.peek() == 'L' ? "\\left without \\right" : "unclosed {");
        }

        void space() { while (i < s.length() && s.charAt(i) == ' ') i++; }

        /** Atoms up to the end, or up to a closing } (inGroup) or \right (left a \left). */
        void list(boolean inGroup) {
            while (true) {
                space();
                if (i >= s.length()) return;
                char c = s.charAt(i);
                if (c == '}' || s.startsWith("\\right", i) && !letterAt(i + 6)) return;
                atom();
                scripts();
            }
        }

        boolean letterAt(int k) { return k < s.length() && Character.isLetter(s.charAt(k)); }

        void scripts() {
            boolean sup = false, sub = false;
            while (true) {
                space();
                if (i >= s.length()) return;
                char c = s.charAt(i);
                if (c == '\'' ) { if (sup) throw new Refused("a prime after a superscript"); i++; continue; }
                if (c != '^' && c != '_') return;
                if (c == '^' ? sup : sub) throw new Refused("double " + (c == '^' ? "superscript" : "subscript"));
                if (c == '^') sup = true; else sub = true;
                i++;
                argument();
            }
        }

        /** One argument: a braced group or a single atom (no command that takes arguments). */
        void argument() {
            space();
            if (i >= s.length()) throw new Refused("a script or command without its argument");
            char c = s.charAt(i);
            if (c == '{') { group(); return; }
            if (c == '}' || c == '^' || c == '_') throw new Refused("a script or command without its argument");
            if (c == '\\') {
                String name = command();
                if (!SYMBOLS.contains(name) || name.equals("left") || SIZES.contains(name))
                    throw new Refused(name.length() == 1 || WITH_ARGS.containsKey(name) || WORDS.contains(name)
                            ? "write the argument of ^, _ or a command in braces" : "\\" + name + " is not allowed in prose maths");
                return;
            }
            single(c);
        }

        void group() {
            if (open.size() >= MAX_DEPTH) throw new Refused("nested too deeply");
            open.push('{');
            i++;
            list(true);
            if (i >= s.length() || s.charAt(i) != '}') throw new Refused("unclosed {");
            open.pop();
            i++;
        }

        void single(char c) {
            if (c > 127) throw new Refused("the character " + c + " (write it as a LaTeX command)");
            if (Character.isLetterOrDigit(c) || PUNCTUATION.indexOf(c) >= 0) { i++; return; }
            throw new Refused("the character " + c + " is not allowed in prose maths");
        }

        /** At a backslash: the command's name (one character for \{ and friends); i moves past it. */
        String command() {
            int start = ++i;
            if (i >= s.length()) throw new Refused("a lone backslash");
            if (!Character.isLetter(s.charAt(i))) return String.valueOf(s.charAt(i++));
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            return s.substring(start, i);
        }

        void atom() {
            char c = s.charAt(i);
            if (c == '{') { group(); return; }
            if (c == '^' || c == '_') throw new Refused("a script with nothing before it");
            if (c != '\\') { single(c); return; }
            String name = command();
            if (name.length() == 1) {
                if ("{}|,;!: ".indexOf(name.charAt(0)) < 0) throw new Refused("\\" + name + " is not allowed in prose maths");
                return;
            }
            if (SYMBOLS.contains(name)) return;
            if (WITH_ARGS.containsKey(name)) {
                space();
                // \sqrt[3]{x}: an optional argument that TeX reads up to ], which may be missing
                if (name.equals("sqrt") && i < s.length() && s.charAt(i) == '[') throw new Refused("\\sqrt[n] in prose maths");
                for (int k = 0; k < WITH_ARGS.get(name); k++) argument();
                return;
            }
            if (WORDS.contains(name)) { words(); return; }
            if (SIZES.contains(name)) { delimiter(); return; }
            if (name.equals("left")) {
                delimiter();
                if (open.size() >= MAX_DEPTH) throw new Refused("nested too deeply");
                open.push('L');
                list(false);
                if (!s.startsWith("\\right", i) || letterAt(i + 6)) throw new Refused("\\left without \\right");
                open.pop();
                i += 6;
                delimiter();
                return;
            }
            if (name.equals("right")) throw new Refused("\\right without \\left");
            throw new Refused("\\" + name + " is not allowed in prose maths");
        }

        void delimiter() {
            space();
            if (i >= s.length()) throw new Refused("a size or \\left without its delimiter");
            char c = s.charAt(i);
            if (DELIMITERS.indexOf(c) >= 0) { i++; return; }
            if (c == '\\' && DELIMITER_COMMANDS.contains(command())) return;
            throw new Refused("a size or \\left without its delimiter");
        }

        /** \text{…}: letters, digits, spaces and plain punctuation only (text mode has no ^ _ or maths). */
        void words() {
            space();
            if (i >= s.length() || s.charAt(i) != '{') throw new Refused("\\text takes words in braces");
            int close = s.indexOf('}', i);
            if (close < 0) throw new Refused("unclosed {");
            for (int k = i + 1; k < close; k++) {
                char c = s.charAt(k);
                if (!(c < 128 && (Character.isLetterOrDigit(c) || " ,.;:!?'()-".indexOf(c) >= 0)))
                    throw new Refused("\\text takes plain words");
            }
            i = close + 1;
        }
    }
}
