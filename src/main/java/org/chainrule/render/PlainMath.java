package org.chainrule.render;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Rational;

/**
 * An {@link Expr} as readable Unicode for a terminal: ∂f/∂xᵢ = fᵢ(1 − fᵢ), σ(a)(1 − σ(a)), 𝟏(y a < 1).
 * Meant for people, not for reading back (LaTeX is what chainrule reads): brackets where the reading
 * needs them, Greek letters, accents and small scripts as Unicode characters, a true minus sign.
 */
public final class PlainMath {
    private PlainMath() {}

    public static String print(Expr e) {
        return at(e, REL);
    }

    /** A number as people write it: −1.2, 0.5, 3/4 (a true minus sign). */
    public static String number(Rational v, boolean decimal) {
        String s = decimal || v.isInteger() ? v.toDecimalString() : v.num().abs() + "/" + v.den();
        if (!decimal && !v.isInteger() && v.signum() < 0) s = "-" + s;
        return s.replace('-', '−');
    }

    // binding strength of an expression's outermost operator; a child weaker than its context is bracketed
    private static final int REL = 0, SUM = 1, NEG = 2, PRODUCT = 3, POWER = 4, ATOM = 5;

    private static int strength(Expr e) {
        return switch (e) {
            case Num n -> n.value().signum() < 0 ? NEG : !n.value().isInteger() && !n.decimal() ? PRODUCT : ATOM;
            case Add a -> SUM;
            case Mul m -> leadingNegative(m) ? NEG : PRODUCT;
            case Pow p -> isReciprocal(p) ? PRODUCT : POWER;
            case Hadamard h -> PRODUCT;
            case Rel r -> REL;
            case BigOp b -> SUM;
            case Deriv d -> d.f() instanceof Sym || d.f() instanceof Apply ? PRODUCT : SUM;
            case Limit l -> SUM;
            case Piecewise p -> ATOM;
            case Transpose t -> POWER;
            case Index i -> POWER;
            case Sym s -> ATOM;
            case Const c -> ATOM;
            case Kronecker k -> ATOM;
            case Apply a -> ATOM;
            case Indicator i -> ATOM;
            case Abs a -> ATOM;
            case Norm n -> ATOM;
            case Matrix m -> ATOM;
            case EvalAt ev -> ATOM;
            case Space s -> ATOM;
            case Dots d -> ATOM;
        };
    }

    /** e printed where it must bind at least as strongly as {@code need}, bracketed otherwise. */
    private static String at(Expr e, int need) {
        String s = bare(e);
        return strength(e) < need ? "(" + s + ")" : s;
    }

    private static String bare(Expr e) {
        return switch (e) {
            case Num n -> number(n.value(), n.decimal());
            case Sym s -> sym(s);
            case Const c -> switch (c.kind()) {
                case PI -> "π";
                case E -> "e";
                case INFINITY -> "∞";
            };
            case Kronecker k -> "δ" + sub(List.of(k.i(), k.j()));
            case Add a -> add(a);
            case Mul m -> mul(m);
            case Pow p -> pow(p);
            case Hadamard h -> at(h.left(), POWER) + " ⊙ " + at(h.right(), POWER);
            case Apply a -> fn(a.fn()) + "(" + join(a.args(), ", ") + ")";
            case Indicator i -> "𝟏(" + print(i.condition()) + ")";
            case Abs a -> "|" + print(a.arg()) + "|";
            case Norm n -> "‖" + print(n.arg()) + "‖" + sub(List.of(n.p()));
            case Piecewise p -> piecewise(p);
            case Rel r -> rel(r);
            case BigOp b -> bigOp(b);
            case Deriv d -> deriv(d);
            case Matrix m -> matrix(m);
            case Transpose t -> at(t.arg(), ATOM) + "ᵀ";
            case Index i -> at(i.base(), ATOM) + sub(i.indices());
            case EvalAt ev -> "(" + print(ev.body()) + ")|" + sub(ev.at());
            case Limit l -> "lim_(" + sym(l.var()) + " → " + print(l.to()) + (l.side() > 0 ? "⁺" : l.side() < 0 ? "⁻" : "") + ") "
                    + at(l.body(), PRODUCT);
            case Space s -> space(s);
            case Dots d -> switch (d.kind()) {
                case LOW -> "…";
                case CENTER -> "⋯";
                case VERTICAL -> "⋮";
                case DIAGONAL -> "⋱";
            };
        };
    }

    // ------------------------------------------------------------------ symbols

    private static final Map<String, String> GREEK = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"), Map.entry("varepsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"),
            Map.entry("theta", "θ"), Map.entry("vartheta", "ϑ"), Map.entry("iota", "ι"), Map.entry("kappa", "κ"),
            Map.entry("lambda", "λ"), Map.entry("mu", "μ"), Map.entry("nu", "ν"), Map.entry("xi", "ξ"),
            Map.entry("pi", "π"), Map.entry("varpi", "ϖ"), Map.entry("rho", "ρ"), Map.entry("varrho", "ϱ"),
            Map.entry("sigma", "σ"), Map.entry("varsigma", "ς"), Map.entry("tau", "τ"), Map.entry("upsilon", "υ"),
            Map.entry("phi", "φ"), Map.entry("varphi", "φ"), Map.entry("chi", "χ"), Map.entry("psi", "ψ"),
            Map.entry("omega", "ω"), Map.entry("Gamma", "Γ"), Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"),
            Map.entry("Lambda", "Λ"), Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"), Map.entry("Sigma", "Σ"),
            Map.entry("Upsilon", "Υ"), Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"),
            Map.entry("ell", "ℓ"));

    /** Combining accents, placed after the letter they decorate. */
    private static final Map<String, String> ACCENT = Map.of(
            "hat", "\u0302", "bar", "\u0304", "tilde", "\u0303", "vec", "\u20D7", "dot", "\u0307",
            "ddot", "\u0308", "check", "\u030C");

    static String sym(Sym s) {
        String name = s.isGreek() ? GREEK.getOrDefault(s.name().substring(1), s.name().substring(1)) : s.name();
        StringBuilder b = new StringBuilder();
        if (s.styles().contains("nabla")) b.append('∇');
        b.append(name);
        // accents combine with the last letter; a word keeps one accent at its end
        for (String style : s.styles().reversed()) {
            String accent = ACCENT.get(style);
            if (accent != null) b.append(accent);
        }
        b.append(sub(s.sub(), s.joined()));
        switch (s.sup().kind()) {
            case NONE -> { }
            case PAREN -> b.append("^(").append(join(s.sup().items(), ",")).append(')');
            case BRACKET -> b.append("^[").append(join(s.sup().items(), ",")).append(']');
            case STAR -> b.append('*');
        }
        return b.toString();
    }

    private static final String SUB_FROM = "0123456789aehijklmnoprstuvx+-−=()";
    private static final String SUB_TO = "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₊₋₋₌₍₎";
    private static final String SUP_FROM = "0123456789+-−n";
    private static final String SUP_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻ⁿ";

    /** Indices as small subscripts (xᵢ, w₁₂ for [1, 2], w_(i,j) where a character has no subscript form). */
    private static String sub(List<Expr> items) {
        return sub(items, false);
    }

    /** {@code written}: joined as W_{14}, so printed W₁₄ (see LatexPrinter). */
    private static String sub(List<Expr> items, boolean written) {
        if (items.isEmpty()) return "";
        boolean single = items.stream().allMatch(PlainMath::isIndexAtom);
        String joined = single ? String.join("", items.stream().map(PlainMath::print).toList()) : join(items, ",");
        if (single && !written && items.size() > 1 && items.stream().filter(x -> x instanceof Num).count() > 1) joined = join(items, ",");
        String small = translate(joined, SUB_FROM, SUB_TO);
        return small != null ? small : "_(" + joined + ")";
    }

    private static boolean isIndexAtom(Expr e) {
        return e instanceof Num n && n.value().isInteger() && n.value().signum() >= 0 && n.value().num().compareTo(BigInteger.TEN) < 0
                || e instanceof Sym s && s.sub().isEmpty() && s.styles().isEmpty() && s.sup().kind() == SupKind.NONE && !s.isGreek()
                && s.name().length() == 1;
    }

    /** Every character mapped, or null when one has no small form (a comma never has). */
    private static String translate(String s, String from, String to) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            int k = from.indexOf(c);
            if (k < 0) return null;
            b.append(to.charAt(k));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ algebra

    private static String add(Add a) {
        StringBuilder b = new StringBuilder(at(a.terms().get(0), SUM));
        for (int k = 1; k < a.terms().size(); k++) {
            Expr t = a.terms().get(k);
            Expr negated = negated(t);
            if (negated != null) b.append(" − ").append(at(negated, PRODUCT));
            else b.append(" + ").append(at(t, NEG));
        }
        return b.toString();
    }

    /** −t's magnitude when t prints with a leading minus, else null. */
    private static Expr negated(Expr t) {
        if (t instanceof Num n && n.value().signum() < 0) return new Num(n.value().negate(), n.decimal());
        if (t instanceof Mul m && leadingNegative(m)) return Expr.neg(m);
        return null;
    }

    private static boolean leadingNegative(Mul m) {
        return m.factors().get(0) instanceof Num n && n.value().signum() < 0;
    }

    private static boolean isReciprocal(Pow p) {
        return p.exponent() instanceof Num n && n.value().isInteger() && n.value().signum() < 0;
    }

    private static String mul(Mul m) {
        if (leadingNegative(m)) return "−" + at(Expr.neg(m), PRODUCT);
        List<Expr> num = new ArrayList<>(), den = new ArrayList<>();
        for (Expr f : m.factors()) {
            if (f instanceof Pow p && isReciprocal(p)) {
                Rational k = ((Num) p.exponent()).value().negate();
                den.add(k.isOne() ? p.base() : new Pow(p.base(), Num.of(k)));
            } else {
                num.add(f);
            }
        }
        String top = num.isEmpty() ? "1" : num.size() == 1 ? at(num.get(0), POWER) : juxtapose(num);
        if (den.isEmpty()) return top;
        String bottom = den.size() == 1 ? at(den.get(0), POWER) : "(" + juxtapose(den) + ")";
        return top + "/" + bottom;
    }

    /** Factors side by side: 2x, 2(p − y), p(1 − p)x; a dot where juxtaposition would misread (2·3, f·(x)). */
    private static String juxtapose(List<Expr> fs) {
        StringBuilder b = new StringBuilder();
        String prev = null;
        Expr prevExpr = null;
        for (Expr f : fs) {
            String s = at(f, POWER);
            if (prev != null) {
                boolean digitAfter = Character.isDigit(s.charAt(0));
                boolean callLike = s.startsWith("(") && prevExpr instanceof Sym ps && ps.sub().isEmpty() && isFunctionName(ps);
                boolean bothPlain = !prev.endsWith(")") && !s.startsWith("(") && !(prevExpr instanceof Num);
                b.append(digitAfter || callLike ? "·" : bothPlain ? " " : "");
            }
            b.append(s);
            prev = s;
            prevExpr = f;
        }
        return b.toString();
    }

    private static boolean isFunctionName(Sym s) {
        return List.of("f", "g", "h", "\\sigma").contains(s.name()) || s.styles().contains("cal") || s.styles().contains("rm");
    }

    private static String pow(Pow p) {
        if (isReciprocal(p)) return mul(new Mul(List.of(Num.of(1), p)));
        if (p.exponent() instanceof Num n && !n.decimal() && n.value().equals(Rational.HALF))
            return "√" + at(p.base(), ATOM);
        String exponent = print(p.exponent());
        String small = p.exponent() instanceof Num n && n.value().isInteger() ? translate(exponent, SUP_FROM, SUP_TO) : null;
        String base = at(p.base(), ATOM);
        if (small != null) return base + small;
        return base + "^" + (strength(p.exponent()) == ATOM ? exponent : "(" + exponent + ")");
    }

    private static String fn(Fn fn) {
        return switch (fn) {
            case Builtin b -> b.spelling() == null ? b.op().spec.plain() : b.spelling().replace("\\", "");
            case LogBase l -> "log" + (sub(List.of(l.base())));
            case Abstract a -> sym(a.name());
            case Prime p -> fn(p.fn()) + "′".repeat(Math.max(0, p.order()));
        };
    }

    // ------------------------------------------------------------------ structure

    private static String piecewise(Piecewise p) {
        List<String> cases = new ArrayList<>();
        for (Case c : p.cases()) cases.add(print(c.value()) + " if " + print(c.condition()));
        p.otherwise().ifPresent(o -> cases.add(print(o) + " otherwise"));
        return "{" + String.join("; ", cases) + "}";
    }

    private static String rel(Rel r) {
        StringBuilder b = new StringBuilder(at(r.operands().get(0), SUM));
        for (int k = 0; k < r.ops().size(); k++) {
            String op = switch (r.ops().get(k)) {
                case EQ -> "=";
                case DEF -> "≔";
                case NE -> "≠";
                case LT -> "<";
                case LE -> "≤";
                case GT -> ">";
                case GE -> "≥";
                case IN -> "∈";
                case APPROX -> "≈";
                case EQUIV -> "≡";
            };
            b.append(' ').append(op).append(' ').append(at(r.operands().get(k + 1), SUM));
        }
        return b.toString();
    }

    private static String bigOp(BigOp b) {
        String op = b.kind() == BigOpKind.SUM ? "Σ" : "Π";
        String range = sym(b.index()) + b.from().map(f -> "=" + print(f)).orElse("") + b.to().map(t -> ".." + print(t)).orElse("");
        String small = translate(range.replace("..", ""), SUB_FROM, SUB_TO);
        String scripts = b.from().isEmpty() && b.to().isEmpty() && small != null ? small : "_(" + range + ")";
        return op + scripts + " " + at(b.body(), PRODUCT);
    }

    private static String deriv(Deriv d) {
        String op = d.partial() ? "∂" : "d";
        int order = d.wrt().size();
        StringBuilder den = new StringBuilder();
        for (int i = 0; i < d.wrt().size(); ) {
            int j = i;
            while (j < d.wrt().size() && d.wrt().get(j).equals(d.wrt().get(i))) j++;
            den.append(op).append(at(d.wrt().get(i), ATOM));
            if (j - i > 1) den.append(translate(String.valueOf(j - i), SUP_FROM, SUP_TO));
            i = j;
        }
        String n = op + (order > 1 ? translate(String.valueOf(order), SUP_FROM, SUP_TO) : "");
        if (d.f() instanceof Sym || d.f() instanceof Apply) return n + print(d.f()) + "/" + den;
        return n + "/" + den + " (" + print(d.f()) + ")";
    }

    private static String matrix(Matrix m) {
        if (m.rows().size() == 1 && m.rows().get(0).size() == 1) return at(m.rows().get(0).get(0), ATOM);
        List<String> rows = new ArrayList<>();
        for (List<Expr> r : m.rows()) rows.add(join(r, ", "));
        return "[" + String.join("; ", rows) + "]";
    }

    private static String space(Space s) {
        String field = switch (s.field()) {
            case "R" -> "ℝ";
            case "N" -> "ℕ";
            case "Z" -> "ℤ";
            case "Q" -> "ℚ";
            case "C" -> "ℂ";
            default -> s.field();
        };
        if (s.dims().isEmpty()) return field;
        List<String> dims = new ArrayList<>();
        for (Expr x : s.dims()) dims.add(at(x, ATOM));
        return field + "^(" + String.join("×", dims) + ")";
    }

    private static String join(List<Expr> items, String sep) {
        List<String> out = new ArrayList<>();
        for (Expr x : items) out.add(print(x));
        return String.join(sep, out);
    }
}
