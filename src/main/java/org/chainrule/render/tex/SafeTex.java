package org.chainrule.render.tex;

import java.util.Set;

/**
 * The gate in front of jlatexmath. jlatexmath's state is JVM-wide: {@code \newcommand} in one formula
 * redefines {@code \frac} for every later one, {@code \newcommand{\y}{\y}\y} never ends, and
 * {@code \includegraphics} reads files and URLs. chainrule only ever renders LaTeX it printed itself
 * ({@link org.chainrule.expr.LatexPrinter}), so this class accepts exactly the commands and environments
 * that printer emits, plus a few layout commands the renderers add ({@code \boxed}, {@code \text},
 * spacing), and refuses everything else before jlatexmath sees it.
 *
 * <p>Also capped: the length ({@link #MAX_LENGTH} characters) and the brace nesting ({@link #MAX_DEPTH});
 * the laid-out size is capped by {@link Tex} ({@link #MAX_EXTENT}).
 */
public final class SafeTex {

    /** Longest formula accepted, in characters. */
    public static final int MAX_LENGTH = 20_000;
    /** Deepest nesting of braces and environments accepted. */
    public static final int MAX_DEPTH = 100;
    /** Largest laid-out width or height accepted, in pixels at one pixel per point. */
    public static final float MAX_EXTENT = 20_000f;

    private SafeTex() {}

    /** Commands that define macros, read or write files, or reach the network: named in the message. */
    private static final Set<String> FORBIDDEN = Set.of(
            "newcommand", "renewcommand", "providecommand", "newenvironment", "renewenvironment",
            "def", "edef", "gdef", "xdef", "let", "futurelet", "expandafter", "input", "include",
            "includegraphics", "write", "immediate", "openout", "openin", "read", "csname", "endcsname",
            "catcode", "usepackage", "href", "url", "makeatletter", "makeatother", "definecolor",
            "special", "jlmDynamic", "jlmExternalFont", "jlmText", "jlmTextit", "jlmTextbf", "jlmTextitbf");

    /** Every command LatexPrinter prints, and the layout commands the document renderers add. */
    private static final Set<String> ALLOWED = Set.of(
            // Greek, as LatexPrinter.GREEK
            "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
            "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
            "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
            "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell",
            // symbol styles and constants
            "hat", "bar", "tilde", "vec", "dot", "ddot", "check", "mathbf", "boldsymbol", "mathcal",
            "mathrm", "mathbb", "mathit", "nabla", "infty", "partial",
            // operators and relations
            "frac", "dfrac", "tfrac", "sqrt", "cdot", "times", "odot", "top", "intercal", "pm", "mp",
            "circ", "ne", "neq", "le", "leq", "ge", "geq", "lt", "gt", "in", "approx", "equiv", "sim",
            "propto", "to", "rightarrow", "Rightarrow", "leftarrow", "iff", "Leftrightarrow", "xrightarrow", "mapsto", "because",
            "therefore", "mid",
            // sets and logic, as problem statements write them
            "subset", "subseteq", "supset", "supseteq", "cup", "cap", "setminus", "notin", "forall", "exists",
            "emptyset", "varnothing", "colon",
            // functions (BuiltinFn.latex)
            "exp", "log", "ln", "sin", "cos", "tan", "sinh", "cosh", "tanh", "max", "min", "operatorname", "dim",
            // big operators, limits
            "sum", "prod", "lim", "limits", "nolimits",
            // delimiters and dots
            "left", "right", "vert", "Vert", "lVert", "rVert", "lvert", "rvert", "langle", "rangle",
            "big", "Big", "bigg", "Bigg", "dots", "ldots", "cdots", "vdots", "ddots",
            // structure and layout
            "begin", "end", "text", "boxed", "quad", "qquad", "underbrace", "overbrace", "displaystyle",
            "textstyle");

    /** Environments LatexPrinter prints (cases, bmatrix) and the renderers use. */
    private static final Set<String> ENVIRONMENTS = Set.of(
            "cases", "bmatrix", "pmatrix", "vmatrix", "matrix", "aligned", "array");

    /** Control symbols: {@code \,} {@code \;} {@code \!} {@code \:} {@code \ } {@code \\} {@code \{} {@code \}} {@code \|}. */
    private static final String CONTROL_SYMBOLS = ",;!: \\{}|_&%";

    /**
     * Returns {@code latex} when it is safe to lay out with jlatexmath.
     *
     * @throws UnsafeLatexException naming the first command that is not allowed, or the limit exceeded
     */
    public static String check(String latex) {
        if (latex == null) throw new UnsafeLatexException("no formula");
        if (latex.length() > MAX_LENGTH)
            throw new UnsafeLatexException("formula too long: " + latex.length() + " characters (limit " + MAX_LENGTH + ")");
        int depth = 0;
        int n = latex.length();
        for (int i = 0; i < n; i++) {
            char c = latex.charAt(i);
            switch (c) {
                case '{' -> {
                    if (++depth > MAX_DEPTH)
                        throw new UnsafeLatexException("formula nested too deeply (limit " + MAX_DEPTH + " levels)");
                }
                case '}' -> {
                    if (--depth < 0) throw new UnsafeLatexException("unbalanced '}' at character " + (i + 1));
                }
                case '#' -> throw new UnsafeLatexException("'#' (a macro parameter) is not allowed in a formula");
                case '%' -> throw new UnsafeLatexException("'%' (a comment) is not allowed in a formula");
                case '^' -> {
                    if (i + 1 < n && latex.charAt(i + 1) == '^')
                        throw new UnsafeLatexException("'^^' (a character code) is not allowed in a formula");
                }
                case '\\' -> i = command(latex, i);
                default -> {
                    if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')
                        throw new UnsafeLatexException("control character U+" + String.format("%04X", (int) c) + " in a formula");
                }
            }
        }
        if (depth != 0) throw new UnsafeLatexException("unbalanced '{': " + depth + " not closed");
        return latex;
    }

    /** Checks the command that starts at {@code at} (a backslash); returns the index of its last character. */
    private static int command(String s, int at) {
        int n = s.length();
        if (at + 1 >= n) throw new UnsafeLatexException("formula ends with a lone backslash");
        char first = s.charAt(at + 1);
        if (!isLetter(first)) {
            if (CONTROL_SYMBOLS.indexOf(first) < 0)
                throw new UnsafeLatexException("command \\" + first + " is not allowed in a formula");
            return at + 1;
        }
        int end = at + 1;
        while (end < n && isLetter(s.charAt(end))) end++;
        String name = s.substring(at + 1, end);
        if (FORBIDDEN.contains(name))
            throw new UnsafeLatexException("command \\" + name + " is not allowed in a formula");
        if (!ALLOWED.contains(name))
            throw new UnsafeLatexException("unknown command \\" + name + " is not allowed in a formula (not in the allow-list)");
        if (name.equals("begin") || name.equals("end")) {
            int open = end;
            while (open < n && s.charAt(open) == ' ') open++;
            int close = open < n && s.charAt(open) == '{' ? s.indexOf('}', open) : -1;
            if (close < 0) throw new UnsafeLatexException("\\" + name + " without an environment name");
            String env = s.substring(open + 1, close);
            if (!ENVIRONMENTS.contains(env))
                throw new UnsafeLatexException("environment " + env + " is not allowed in a formula");
            return close; // the name's braces are balanced by construction
        }
        return end - 1;
    }

    /** TeX letters are ASCII letters only: {@code \alphaé} is {@code \alpha} then {@code é}. */
    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
