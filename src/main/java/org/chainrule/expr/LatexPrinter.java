package org.chainrule.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.chainrule.expr.Expr.*;

/**
 * Prints an {@link Expr} as canonical LaTeX: standard ML notation, minimal parentheses, and text that
 * compiles with amsmath+amssymb and renders in jlatexmath.
 *
 * <p><b>Round trip.</b> For every tree the parser can produce, {@code parse(print(t))} is {@code t} again:
 * same records, same factor order, same flattening. The rules that make this hold (see notes on the
 * methods): subtraction and unary minus print so that {@link Expr#sub}/{@link Expr#neg} rebuild them;
 * {@code \frac{A}{B}} is printed only for a run of numerator factors directly followed by one
 * {@code Pow(B, -1)}, because the parser reads it as {@code div(A, B)} with A spliced; every other
 * {@code Pow(B, -1)} prints as {@code B^{-1}}. Trees only algebra makes (for instance
 * {@code Mul(Num(-3), x)}, which the parser builds as {@code Mul(-1, 3, x)} from {@code -3 x}) print as
 * correct, readable LaTeX, not necessarily re-parsing to the identical tree. The assumptions about the
 * parser are listed in {@code src/test/resources/roundtrip/README.md}.
 *
 * <p><b>Safety.</b> Only chainrule-generated LaTeX may reach TeX engines, so this class never copies a
 * string it has not checked: symbol names must be Latin letters, known Greek commands or plain words;
 * anything else throws {@link IllegalArgumentException}.
 */
public final class LatexPrinter {

    private LatexPrinter() {}

    /** Canonical LaTeX of an expression (no surrounding {@code $}). */
    public static String print(Expr e) {
        return top(e);
    }

    /** The name of a function as it prints before its argument list: {@code \log_{2}}, {@code f''}. */
    public static String print(Fn fn) {
        return fnName(fn);
    }

    // ------------------------------------------------------------------ dispatch

    /** e printed where anything may stand unbracketed: top level, inside braces, parentheses, cells. */
    private static String top(Expr e) {
        return switch (e) {
            case Num n -> num(n);
            case Sym s -> sym(s);
            case Kronecker k -> "\\delta" + subscript(List.of(k.i(), k.j()));
            case Const c -> switch (c.kind()) {
                case PI -> "\\pi";
                case E -> "e";
                case INFINITY -> "\\infty";
            };
            case Add a -> add(a);
            case Mul m -> mul(m.factors());
            case Pow p -> pow(p);
            case Hadamard h -> hadamardOperand(h.left()) + " \\odot " + hadamardOperand(h.right());
            case Apply a -> apply(a);
            case Indicator i -> "\\mathbf{1}" + parens(top(i.condition()), tall(i.condition()));
            case Abs a -> abs(a);
            case Norm n -> norm(n);
            case Piecewise p -> piecewise(p);
            case Rel r -> rel(r);
            case BigOp b -> bigOp(b);
            case Deriv d -> deriv(d);
            case Matrix m -> matrix(m);
            case Transpose t -> Shapes.inverted(t.arg()) != null ? base(Shapes.inverted(t.arg())) + "^{-\\top}" : base(t.arg()) + "^{\\top}";
            case Index i -> indexBase(i.base()) + "_{" + indexList(i.indices()) + "}";
            case EvalAt ev -> "\\left." + top(ev.body()) + "\\right|_{" + join(ev.at(), ", ") + "}";
            case Limit l -> limit(l);
            case Space s -> space(s);
            case Dots d -> switch (d.kind()) {
                case LOW -> "\\dots";
                case CENTER -> "\\cdots";
                case VERTICAL -> "\\vdots";
                case DIAGONAL -> "\\ddots";
            };
        };
    }

    // ------------------------------------------------------------------ numbers

    private static String num(Num n) {
        Rational v = n.value();
        if (n.decimal()) {
            String s = v.toDecimalString();
            // "2.0" keeps the decimal flag through a re-parse; "2" would come back as an integer.
            return s.contains(".") ? s : s + ".0";
        }
        if (v.isInteger()) return v.num().toString();
        String frac = "\\frac{" + v.num().abs() + "}{" + v.den() + "}";
        return v.signum() < 0 ? "-" + frac : frac;
    }

    private static boolean isMinusOne(Expr e) {
        return e instanceof Num n && n.value().equals(Rational.MINUS_ONE);
    }

    /**
     * The outermost syntactic shape of e as printed; each context decides on brackets from it alone.
     * NEG: leading minus. PREFIX: \sum, \prod, \lim, d/dx operators whose body runs on to the right.
     * SCRIPTED: ends in a script that cannot take another ({@code x^{2}}, {@code W^{\top}},
     * {@code y^{(i)}}, {@code e^{x}}, {@code (x)_{i}}), or {@code \nabla w}. BLOCK: one delimited
     * unit that still cannot carry an exponent unbracketed ({@code \frac{1}{2}}, cases). ATOM: takes a
     * superscript as is.
     */
    private enum Form { REL, SUM, HADAMARD, NEG, PRODUCT, PREFIX, SCRIPTED, BLOCK, ATOM }

    private static Form form(Expr e) {
        return switch (e) {
            case Num n -> n.value().signum() < 0 ? Form.NEG
                    : !n.value().isInteger() && !n.decimal() ? Form.BLOCK : Form.ATOM;
            case Sym s -> s.sup().kind() != SupKind.NONE || s.styles().contains("nabla") ? Form.SCRIPTED : Form.ATOM;
            case Const c -> Form.ATOM;
            case Kronecker k -> Form.ATOM;
            case Add a -> Form.SUM;
            case Mul m -> m.factors().get(0) instanceof Num n && n.value().signum() < 0 ? Form.NEG : Form.PRODUCT;
            case Pow p -> isDenominator(p) ? Form.BLOCK : Form.SCRIPTED;
            case Hadamard h -> Form.HADAMARD;
            case Apply a -> isExp(a) || Shapes.isZeroMatrix(a) || Shapes.inverted(a) != null || Shapes.largestEntryOf(a) != null ? Form.SCRIPTED : Form.ATOM;
            case Indicator i -> Form.ATOM;
            case Abs a -> Form.ATOM;
            case Norm n -> Form.ATOM;
            case Piecewise p -> Form.BLOCK;
            case Rel r -> Form.REL;
            case BigOp b -> Form.PREFIX;
            case Deriv d -> quotientForm(d) ? Form.BLOCK : Form.PREFIX;
            case Matrix m -> Form.ATOM;
            case Transpose t -> Form.SCRIPTED;
            case Index i -> Form.SCRIPTED;
            case EvalAt ev -> Form.SCRIPTED;
            case Limit l -> Form.PREFIX;
            case Space s -> Form.SCRIPTED;
            case Dots d -> Form.ATOM;
        };
    }

    /** True when e prints with a leading minus sign: a negative number, or a product led by one. */
    private static boolean startsNegative(Expr e) {
        return form(e) == Form.NEG;
    }

    private static String bracketIf(boolean wrap, Expr e) {
        return wrap ? parens(top(e), tall(e)) : top(e);
    }

    // ------------------------------------------------------------------ symbols

    private static final Set<String> GREEK = Set.of(
            "\\alpha", "\\beta", "\\gamma", "\\delta", "\\epsilon", "\\varepsilon", "\\zeta", "\\eta",
            "\\theta", "\\vartheta", "\\iota", "\\kappa", "\\lambda", "\\mu", "\\nu", "\\xi", "\\pi",
            "\\varpi", "\\rho", "\\varrho", "\\sigma", "\\varsigma", "\\tau", "\\upsilon", "\\phi",
            "\\varphi", "\\chi", "\\psi", "\\omega", "\\Gamma", "\\Delta", "\\Theta", "\\Lambda", "\\Xi",
            "\\Pi", "\\Sigma", "\\Upsilon", "\\Phi", "\\Psi", "\\Omega", "\\ell");
    private static final Pattern LETTER = Pattern.compile("[A-Za-z]");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    static String sym(Sym s) {
        String name = s.name();
        String core;
        boolean rm = s.styles().contains("rm");
        if (GREEK.contains(name) || LETTER.matcher(name).matches()) core = name;
        else if (WORD.matcher(name).matches()) core = rm ? name : "\\mathrm{" + name + "}"; // never glue letters into a product
        else throw new IllegalArgumentException("symbol name cannot be printed safely: " + name);

        List<String> styles = new ArrayList<>(s.styles());
        Collections.reverse(styles); // styles are stored outside-in; wrap from the inside out
        for (String style : styles) core = style(style, core, s.isGreek());
        return core + subscript(s.sub(), s.joined()) + supIndex(s.sup());
    }

    private static String style(String style, String inner, boolean greek) {
        return switch (style) {
            case "hat" -> "\\hat{" + inner + "}";
            case "bar" -> "\\bar{" + inner + "}";
            case "tilde" -> "\\tilde{" + inner + "}";
            case "vec" -> "\\vec{" + inner + "}";
            case "dot" -> "\\dot{" + inner + "}";
            case "ddot" -> "\\ddot{" + inner + "}";
            case "check" -> "\\check{" + inner + "}";
            // \mathbf does not embolden Greek in pdflatex; \boldsymbol does (amsmath loads amsbsy).
            case "bold" -> (greek ? "\\boldsymbol{" : "\\mathbf{") + inner + "}";
            case "cal" -> "\\mathcal{" + inner + "}";
            case "rm" -> "\\mathrm{" + inner + "}";
            case "nabla" -> "\\nabla " + inner;
            default -> throw new IllegalArgumentException("unknown symbol style: " + style);
        };
    }

    /**
     * {@code _{ij}} when every index is one letter, Greek letter or digit and no two digits touch
     * ({@code w_{11}} is ambiguous between [11] and [1, 1], so [1, 1] prints {@code w_{1,1}});
     * otherwise comma-separated: {@code x_{10,2}}, {@code w_{i - 1}}. A symbol the author wrote
     * {@code W_{14}} ({@code joined}) prints so: the parser reads it back as [1, 4].
     */
    private static String subscript(List<Expr> items) {
        return subscript(items, false);
    }

    private static String subscript(List<Expr> items, boolean joined) {
        if (items.isEmpty()) return "";
        return "_{" + indexList(items, joined) + "}";
    }

    private static String indexList(List<Expr> items) {
        return indexList(items, false);
    }

    private static String indexList(List<Expr> items, boolean joined) {
        boolean compact = items.size() > 1;
        for (int i = 0; i < items.size() && compact; i++) {
            if (!isIndexAtom(items.get(i))) compact = false;
            else if (!joined && i > 0 && isDigit(items.get(i)) && isDigit(items.get(i - 1))) compact = false;
        }
        if (!compact) return join(items, ",");
        StringBuilder b = new StringBuilder();
        for (Expr item : items) {
            String t = top(item);
            // a command followed by a letter needs a space: \alpha j, not \alphaj
            if (b.length() > 0 && Character.isLetter(t.charAt(0)) && endsWithCommand(b)) b.append(' ');
            b.append(t);
        }
        return b.toString();
    }

    private static boolean endsWithCommand(CharSequence s) {
        int i = s.length() - 1;
        while (i >= 0 && Character.isLetter(s.charAt(i))) i--;
        return i >= 0 && i < s.length() - 1 && s.charAt(i) == '\\';
    }

    private static boolean isIndexAtom(Expr e) {
        if (e instanceof Sym s)
            return s.styles().isEmpty() && s.sub().isEmpty() && s.sup().kind() == SupKind.NONE
                    && (s.name().length() == 1 || GREEK.contains(s.name()));
        return isDigit(e);
    }

    private static boolean isDigit(Expr e) {
        return e instanceof Num n && !n.decimal() && n.value().isInteger() && n.value().signum() >= 0
                && n.value().num().compareTo(BigInteger.TEN) < 0;
    }

    private static String supIndex(SupIndex sup) {
        return switch (sup.kind()) {
            case NONE -> "";
            case PAREN -> "^{(" + join(sup.items(), ",") + ")}";
            case BRACKET -> "^{[" + join(sup.items(), ",") + "]}";
            case STAR -> "^{*}";
        };
    }

    // ------------------------------------------------------------------ sums

    /** Terms that start with a minus print as {@code a - b}, which the parser rebuilds with Expr.sub. */
    private static String add(Add a) {
        StringBuilder b = new StringBuilder();
        List<Expr> terms = a.terms();
        for (int i = 0; i < terms.size(); i++) {
            Expr t = terms.get(i);
            if (i == 0) b.append(term(t));
            else if (startsNegative(t)) b.append(" - ").append(magnitude(t));
            else b.append(" + ").append(term(t));
        }
        return b.toString();
    }

    private static String term(Expr t) {
        return bracketIf(form(t) == Form.REL, t);
    }

    /** The text after the minus sign of an expression that {@link #startsNegative}. */
    private static String magnitude(Expr e) {
        if (e instanceof Num n) return num(new Num(n.value().negate(), n.decimal()));
        if (!(e instanceof Mul m && m.factors().get(0) instanceof Num lead))
            throw new IllegalStateException("not negative: " + e);
        List<Expr> fs = m.factors();
        List<Expr> rest = new ArrayList<>(fs.subList(1, fs.size()));
        // Mul(-1, x) is −x and Mul(-3, x) is −3 x: the parser negates a product's leading number.
        // Mul(-1, Pow(x, -1)) prints −\frac{1}{x}, which reads back the same way.
        if (!isMinusOne(lead) || isDenominator(rest.get(0))) rest.add(0, new Num(lead.value().negate(), lead.decimal()));
        return negOperand(rest);
    }

    /** What follows a unary minus: the parser applies it to the whole product up to the next + or −. */
    private static String negOperand(List<Expr> rest) {
        if (rest.size() > 1) return product(rest);
        Expr r = rest.get(0);
        boolean wrap = switch (form(r)) {
            case REL, SUM, HADAMARD, NEG -> true;
            // powers, calls, fractions, big operators bind tighter than a unary minus
            case PRODUCT, PREFIX, SCRIPTED, BLOCK, ATOM -> false;
        };
        return bracketIf(wrap, r);
    }

    // ------------------------------------------------------------------ products

    private static String mul(List<Expr> fs) {
        Expr first = fs.get(0);
        if (first instanceof Num n && n.value().signum() < 0) return "-" + magnitude(new Mul(fs));
        return product(fs);
    }

    /** A Pow(b, -k), k a positive integer, that prints as a fraction denominator b^{k}. */
    private static boolean isDenominator(Expr e) {
        return e instanceof Pow p && p.exponent() instanceof Num n && !n.decimal()
                && n.value().isInteger() && n.value().signum() < 0;
    }

    /** The denominator b^{k} of a Pow(b, -k). */
    private static String denominator(Pow p) {
        Rational k = ((Num) p.exponent()).value().negate();
        return k.isOne() ? top(p.base()) : base(p.base()) + "^{" + k + "}";
    }

    private record Unit(String text, Expr expr) {} // expr is null for a \frac unit

    /**
     * Factors in order. A maximal run of non-denominator factors directly followed by a Pow(B, -1)
     * prints as {@code \frac{run}{B}}: the parser reads that back as div(run, B) with the run spliced,
     * i.e. the same factors in the same order. A denominator with no run before it prints as
     * {@code B^{-1}}. Every negative factor is parenthesised, because a leading minus would be read as
     * negating the whole product.
     */
    private static String product(List<Expr> fs) {
        List<Unit> units = new ArrayList<>();
        int i = 0, n = fs.size();
        while (i < n) {
            if (isDenominator(fs.get(i))) {
                units.add(new Unit(top(fs.get(i)), fs.get(i)));
                i++;
                continue;
            }
            int j = i;
            while (j < n && !isDenominator(fs.get(j))) j++;
            List<Expr> run = fs.subList(i, j);
            if (j < n) {
                String numerator = run.size() == 1 ? top(run.get(0)) : plainProduct(run, true);
                units.add(new Unit("\\frac{" + numerator + "}{" + denominator((Pow) fs.get(j)) + "}", null));
                i = j + 1;
            } else {
                for (int k = i; k < n; k++) units.add(new Unit(factor(fs.get(k), k == n - 1), fs.get(k)));
                i = n;
            }
        }
        return joinUnits(units);
    }

    /** A run of factors without denominators (a numerator): every factor but the last is followed by another. */
    private static String plainProduct(List<Expr> run, boolean delimited) {
        List<Unit> units = new ArrayList<>();
        for (int k = 0; k < run.size(); k++) {
            boolean last = k == run.size() - 1 && delimited;
            units.add(new Unit(factor(run.get(k), last), run.get(k)));
        }
        return joinUnits(units);
    }

    private static String joinUnits(List<Unit> units) {
        StringBuilder b = new StringBuilder(units.get(0).text());
        for (int k = 1; k < units.size(); k++) {
            b.append(needsCdot(units.get(k - 1), units.get(k)) ? " \\cdot " : " ");
            b.append(units.get(k).text());
        }
        return b.toString();
    }

    /** One factor of a product; {@code last} says nothing follows it inside the same product or braces. */
    private static String factor(Expr f, boolean last) {
        boolean wrap = switch (form(f)) {
            // a leading minus inside a product would be read as negating the whole product
            case REL, SUM, HADAMARD, NEG, PRODUCT -> true;
            // the parser extends a prefix operator's body over the factors that follow it
            case PREFIX -> !last;
            case SCRIPTED, BLOCK, ATOM -> false;
        };
        return bracketIf(wrap, f);
    }

    /** Where plain juxtaposition would be misread, or would read badly. */
    private static boolean needsCdot(Unit left, Unit right) {
        String r = right.text();
        String l = left.text();
        if (right.expr() instanceof Num) return true; // x \cdot 2, 2 \cdot 3, x \cdot \frac{1}{2}
        if (!r.isEmpty() && Character.isDigit(r.charAt(0))) return true; // 2^{x} after anything
        // x (a + b) would read as a call when x is f, g, h, \sigma or a declared function; \sigma^{2}(x) too
        if ((r.startsWith("(") || r.startsWith("\\left(")) && endsWithName(left.expr())) return true;
        // |a| |b| is ambiguous with one bar pair containing a b
        if ((l.endsWith("|")) && (r.startsWith("|") || r.startsWith("\\left|") || r.startsWith("\\|"))) return true;
        // d x inside a fraction reads as a differential: \frac{d p}{d a} would become a derivative
        return left.expr() instanceof Sym s && s.name().equals("d") && s.sub().isEmpty()
                && s.sup().kind() == SupKind.NONE && (s.styles().isEmpty() || s.styles().equals(List.of("rm")));
    }

    /**
     * Printed text ends in a name that a following "(" would turn into a call: f, g, h, \sigma (and \Phi, \phi),
     * calligraphic and upright names (possibly scripted). Other names before "(" read as products
     * (p (1 - p)), so they need no dot.
     */
    private static boolean endsWithName(Expr e) {
        if (e instanceof Pow p) e = p.base();
        else if (e instanceof Transpose t) e = t.arg();
        if (!(e instanceof Sym s)) return false;
        // \sigma, \Phi, \phi: the Greek letters the function table reads as functions before "("
        return s.name().equals("f") || s.name().equals("g") || s.name().equals("h")
                || s.styles().isEmpty() && s.name().startsWith("\\") && BuiltinFn.byCommand(s.name()).isPresent()
                || s.styles().contains("cal") || s.styles().contains("rm");
    }

    // ------------------------------------------------------------------ powers

    private static String pow(Pow p) {
        // b^{-1} is written \frac{1}{b}; the parser reads \frac{1}{b} back as b^{-1}.
        if (isDenominator(p)) return "\\frac{1}{" + denominator(p) + "}";
        if (p.exponent() instanceof Num n && !n.decimal() && n.value().signum() > 0
                && n.value().num().equals(BigInteger.ONE) && !n.value().isInteger()) {
            BigInteger root = n.value().den();
            return (root.equals(BigInteger.TWO) ? "\\sqrt{" : "\\sqrt[" + root + "]{") + top(p.base()) + "}";
        }
        return base(p.base()) + "^{" + top(p.exponent()) + "}";
    }

    /** The base of a power or transpose: bracketed unless it is one visual unit that takes a superscript. */
    private static String base(Expr b) {
        return baseNeedsParens(b) ? parens(top(b), tall(b)) : top(b);
    }

    private static boolean baseNeedsParens(Expr b) {
        return form(b) != Form.ATOM;
    }

    /** The base of an Index: a bare symbol would take the subscript as its own index, so it is bracketed. */
    private static String indexBase(Expr b) {
        // (W x)_{j}, (x)_{i}: only a call or a matrix takes the component subscript unbracketed
        boolean bare = form(b) == Form.ATOM && (b instanceof Apply || b instanceof Matrix);
        return bracketIf(!bare, b);
    }

    // ------------------------------------------------------------------ functions

    private static boolean isExp(Apply a) {
        return a.fn() instanceof Builtin b && b.op() == BuiltinFn.EXP && a.args().size() == 1;
    }

    /** u_k: a plain name takes the index as a subscript, anything else is (u)_k. */
    private static Expr component(Expr u, Sym k) {
        return u instanceof Sym s && s.sub().isEmpty() && s.sup().kind() == SupKind.NONE ? s.withSub(List.of(k)) : new Index(u, List.of(k));
    }

    private static String apply(Apply a) {
        if (isExp(a)) return "e^{" + top(a.args().get(0)) + "}"; // the parser maps e^{…} to exp
        if (Shapes.largestEntryOf(a) != null) // e_{k*}, k* = argmax_k |u_k|
            return "\\mathbf{e}_{\\operatorname{arg\\,max}_{k} " + top(new Abs(component(Shapes.largestEntryOf(a), Sym.of("k")))) + "}";
        if (Shapes.inverted(a) != null) return base(Shapes.inverted(a)) + "^{-1}";
        if (Shapes.isZeroMatrix(a)) return "\\mathbf{0}_{" + top(a.args().get(0)) + " \\times " + top(a.args().get(1)) + "}";
        boolean tall = false;
        for (Expr x : a.args()) tall |= tall(x);
        return fnName(a.fn()) + parens(join(a.args(), ", "), tall);
    }

    private static String fnName(Fn fn) {
        return switch (fn) {
            case Builtin b -> b.latex();
            case LogBase l -> "\\log_{" + top(l.base()) + "}";
            case Abstract f -> sym(f.name());
            case Prime p -> fnName(p.fn()) + "'".repeat(Math.max(0, p.order()));
        };
    }

    private static String abs(Abs a) {
        // Bars inside bars are ambiguous (||a| - b| reads as a norm), so the outer pair is spelt as a
        // command. Not \lvert: jlatexmath 1.0.7 does not know it; \vert renders everywhere.
        if (containsBars(a.arg())) return "\\left\\vert " + top(a.arg()) + " \\right\\vert";
        return tall(a.arg()) ? "\\left|" + top(a.arg()) + "\\right|" : "|" + top(a.arg()) + "|";
    }

    private static String norm(Norm n) {
        String body = top(n.arg());
        String open = "\\|", close = "\\|";
        if (containsBars(n.arg())) {
            open = "\\left\\lVert ";
            close = " \\right\\rVert";
        } else if (tall(n.arg())) {
            open = "\\left\\|";
            close = "\\right\\|";
        }
        boolean two = n.p() instanceof Num p && !p.decimal() && p.value().equals(Rational.TWO);
        return open + body + close + (two ? "" : "_{" + top(n.p()) + "}");
    }

    /** True when e is, or contains, an absolute value or a norm. */
    private static boolean containsBars(Expr e) {
        if (e instanceof Abs || e instanceof Norm) return true;
        for (Expr c : children(e)) if (containsBars(c)) return true;
        return false;
    }

    // ------------------------------------------------------------------ structure

    private static String piecewise(Piecewise p) {
        StringBuilder b = new StringBuilder("\\begin{cases} ");
        for (int i = 0; i < p.cases().size(); i++) {
            Case c = p.cases().get(i);
            if (i > 0) b.append(" \\\\ ");
            b.append(top(c.value())).append(" & ").append(top(c.condition()));
        }
        p.otherwise().ifPresent(o -> b.append(" \\\\ ").append(top(o)).append(" & \\text{otherwise}"));
        return b.append(" \\end{cases}").toString();
    }

    /** The LaTeX of a relation operator. */
    public static String relation(RelOp op) {
        return switch (op) {
            case EQ -> "=";
            case DEF -> ":=";
            case NE -> "\\ne";
            case LT -> "<";
            case LE -> "\\le";
            case GT -> ">";
            case GE -> "\\ge";
            case IN -> "\\in";
            case APPROX -> "\\approx";
            case EQUIV -> "\\equiv";
        };
    }

    private static String rel(Rel r) {
        StringBuilder b = new StringBuilder(relOperand(r.operands().get(0)));
        for (int i = 0; i < r.ops().size(); i++) {
            String op = relation(r.ops().get(i));
            b.append(' ').append(op).append(' ').append(relOperand(r.operands().get(i + 1)));
        }
        return b.toString();
    }

    private static String relOperand(Expr e) {
        return bracketIf(form(e) == Form.REL, e);
    }

    private static String bigOp(BigOp op) {
        StringBuilder b = new StringBuilder(op.kind() == BigOpKind.SUM ? "\\sum" : "\\prod");
        b.append("_{").append(sym(op.index()));
        op.from().ifPresent(f -> b.append('=').append(top(f)));
        b.append('}');
        op.to().ifPresent(t -> b.append("^{").append(top(t)).append('}'));
        return b.append(' ').append(operatorBody(op.body())).toString();
    }

    /** The body of \sum, \prod, \lim: it ends at a top-level + or −, so sums and negations are bracketed. */
    private static String operatorBody(Expr body) {
        boolean wrap = switch (form(body)) {
            case REL, SUM, HADAMARD, NEG -> true;
            // a product, power, call or nested operator is the whole body
            case PRODUCT, PREFIX, SCRIPTED, BLOCK, ATOM -> false;
        };
        return bracketIf(wrap, body);
    }

    private static String limit(Limit l) {
        String to = switch (l.side()) {
            case 0 -> top(l.to());
            case 1 -> base(l.to()) + "^{+}";
            case -1 -> base(l.to()) + "^{-}";
            default -> throw new IllegalArgumentException("limit side must be -1, 0 or 1: " + l.side());
        };
        return "\\lim_{" + sym(l.var()) + " \\to " + to + "} " + operatorBody(l.body());
    }

    /** {@code \frac{\partial L}{\partial w}} for a symbol or a call; operator form otherwise. */
    private static boolean quotientForm(Deriv d) {
        return d.f() instanceof Sym || d.f() instanceof Apply;
    }

    /**
     * A printing hint for one derivation: its partials are printed with d. Set while a key lays out a
     * derivation the author asked for as {@code \\frac{dL}{dw}} and whose chain has a single path, where
     * ∂ and d mean the same (a per-thread flag, as keys are built on several threads).
     */
    private static final ThreadLocal<Boolean> TOTAL_D = ThreadLocal.withInitial(() -> false);

    /** Runs {@code body} with every single-variable derivative printed with d when {@code total} holds. */
    public static <T> T withTotalD(boolean total, Supplier<T> body) {
        boolean before = TOTAL_D.get();
        TOTAL_D.set(before || total);
        try {
            return body.get();
        } finally {
            TOTAL_D.set(before);
        }
    }

    private static String deriv(Deriv d) {
        boolean partial = d.partial() && !(TOTAL_D.get() && d.wrt().stream().distinct().count() == 1);
        String op = partial ? "\\partial" : "d";
        int order = d.wrt().size();
        String numerator = order == 1 ? op : op + "^{" + order + "}";
        StringBuilder den = new StringBuilder();
        List<Expr> wrt = d.wrt();
        for (int i = 0; i < wrt.size(); ) {
            int j = i;
            while (j < wrt.size() && wrt.get(j).equals(wrt.get(i))) j++;
            if (den.length() > 0) den.append(' ');
            Expr v = wrt.get(i);
            den.append(op).append(' ');
            if (j - i == 1) den.append(v instanceof Sym s ? sym(s) : base(v));
            else den.append(base(v)).append("^{").append(j - i).append('}');
            i = j;
        }
        if (quotientForm(d)) return "\\frac{" + numerator + " " + top(d.f()) + "}{" + den + "}";
        return "\\frac{" + numerator + "}{" + den + "}" + parens(top(d.f()), tall(d.f()));
    }

    private static String matrix(Matrix m) {
        // A 1 × 1 matrix is its entry: a product there is a scalar factor, (aᵀx) in (aᵀx)Bx.
        if (m.rows().size() == 1 && m.rows().get(0).size() == 1 && m.rows().get(0).get(0) instanceof Mul p)
            return parens(top(p), tall(p));
        StringBuilder b = new StringBuilder("\\begin{bmatrix} ");
        for (int i = 0; i < m.rows().size(); i++) {
            if (i > 0) b.append(" \\\\ ");
            b.append(join(m.rows().get(i), " & "));
        }
        return b.append(" \\end{bmatrix}").toString();
    }

    private static String space(Space s) {
        if (!LETTER.matcher(s.field()).matches())
            throw new IllegalArgumentException("space name cannot be printed safely: " + s.field());
        String field = "\\mathbb{" + s.field() + "}";
        return s.dims().isEmpty() ? field : field + "^{" + join(s.dims(), " \\times ") + "}";
    }

    private static String hadamardOperand(Expr e) {
        boolean wrap = switch (form(e)) {
            // \odot's precedence against juxtaposition and its associativity are the parser's choice:
            // bracket every compound operand so the reading does not depend on them
            case REL, SUM, HADAMARD, NEG, PRODUCT, PREFIX -> true;
            case SCRIPTED, BLOCK, ATOM -> false;
        };
        return bracketIf(wrap, e);
    }

    // ------------------------------------------------------------------ helpers

    private static String parens(String inner, boolean tall) {
        return tall ? "\\left(" + inner + "\\right)" : "(" + inner + ")";
    }

    private static String join(List<Expr> items, String sep) {
        StringBuilder b = new StringBuilder();
        for (Expr x : items) {
            if (b.length() > 0) b.append(sep);
            b.append(top(x));
        }
        return b.toString();
    }

    /** Content that is taller than a line of text (fractions, big operators, matrices) gets \left( \right). */
    static boolean tall(Expr e) {
        boolean self = switch (e) {
            case Num n -> !n.decimal() && !n.value().isInteger();
            case Mul m -> m.factors().stream().anyMatch(LatexPrinter::isDenominator);
            case Pow p -> isDenominator(p) || p.exponent() instanceof Num n && !n.decimal() && n.value().signum() > 0
                    && !n.value().isInteger() && n.value().num().equals(BigInteger.ONE); // \frac{1}{b}, \sqrt
            case BigOp b -> true;
            case Deriv d -> true;
            case Matrix m -> true;
            case Piecewise p -> true;
            case EvalAt ev -> true;
            case Limit l -> true;
            case Sym s -> false;
            case Kronecker k -> false;
            case Const c -> false;
            case Add a -> false;
            case Hadamard h -> false;
            case Apply a -> false;
            case Indicator i -> false;
            case Abs a -> false;
            case Norm n -> false;
            case Rel r -> false;
            case Transpose t -> false;
            case Index i -> false;
            case Space s -> false;
            case Dots d -> false;
        };
        if (self) return true;
        for (Expr c : children(e)) if (tall(c)) return true;
        return false;
    }

    /** The direct sub-expressions of e, in print order (symbol indices included). */
    static List<Expr> children(Expr e) {
        return switch (e) {
            case Num n -> List.of();
            case Sym s -> {
                List<Expr> out = new ArrayList<>(s.sub());
                out.addAll(s.sup().items());
                yield out;
            }
            case Kronecker k -> List.of(k.i(), k.j());
            case Const c -> List.of();
            case Add a -> a.terms();
            case Mul m -> m.factors();
            case Pow p -> List.of(p.base(), p.exponent());
            case Hadamard h -> List.of(h.left(), h.right());
            case Apply a -> {
                List<Expr> out = new ArrayList<>(fnChildren(a.fn()));
                out.addAll(a.args());
                yield out;
            }
            case Indicator i -> List.of(i.condition());
            case Abs a -> List.of(a.arg());
            case Norm n -> List.of(n.arg(), n.p());
            case Piecewise p -> {
                List<Expr> out = new ArrayList<>();
                for (Case c : p.cases()) {
                    out.add(c.value());
                    out.add(c.condition());
                }
                p.otherwise().ifPresent(out::add);
                yield out;
            }
            case Rel r -> r.operands();
            case BigOp b -> {
                List<Expr> out = new ArrayList<>();
                out.add(b.index());
                b.from().ifPresent(out::add);
                b.to().ifPresent(out::add);
                out.add(b.body());
                yield out;
            }
            case Deriv d -> {
                List<Expr> out = new ArrayList<>();
                out.add(d.f());
                out.addAll(d.wrt());
                yield out;
            }
            case Matrix m -> m.rows().stream().flatMap(List::stream).toList();
            case Transpose t -> List.of(t.arg());
            case Index i -> {
                List<Expr> out = new ArrayList<>();
                out.add(i.base());
                out.addAll(i.indices());
                yield out;
            }
            case EvalAt ev -> {
                List<Expr> out = new ArrayList<>();
                out.add(ev.body());
                out.addAll(ev.at());
                yield out;
            }
            case Limit l -> List.of(l.body(), l.var(), l.to());
            case Space s -> s.dims();
            case Dots d -> List.of();
        };
    }

    private static List<Expr> fnChildren(Fn fn) {
        return switch (fn) {
            case Builtin b -> List.of();
            case LogBase l -> List.of(l.base());
            case Abstract a -> List.of(a.name());
            case Prime p -> fnChildren(p.fn());
        };
    }
}
