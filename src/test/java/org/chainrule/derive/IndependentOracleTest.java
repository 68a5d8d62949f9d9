package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Expr;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.testing.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against an oracle that shares nothing with it. A seeded generator writes random scalar
 * problems as LaTeX text, the way a user types them (polynomials, exp/log/sqrt on arguments that are
 * always in the domain, σ, tanh, softplus, ReLU, |·|, max/min, cases, indicators, fractions, powers,
 * Σ with concrete bounds, named intermediates and indexed families given as definitions), and at the
 * same time builds its own tree of the same function. The true derivative at random points (away from
 * every kink) comes from forward-mode differentiation of that tree with dual numbers, itself checked
 * against a central difference in BigDecimal. The engine's answer is evaluated twice: by this test's
 * own evaluator of chainrule's tree and by chainrule's Evaluator.
 *
 * <p>The promise: a wrong value never comes with {@code verified() == true}. The engine runs without the
 * Symja oracle, which can only withdraw "verified", never grant it, so this is the stricter setting.
 */
class IndependentOracleTest {
    static final int COUNT = 1000;
    static final int POINTS = 3;
    static final double KINK_MARGIN = 1e-3;
    static final double TOL = 1e-6;

    // ------------------------------------------------------------------ the oracle's own tree

    sealed interface O {}
    record Var(String name) implements O {}
    record K(double c) implements O {}
    record Plus(O a, O b) implements O {}
    record Minus(O a, O b) implements O {}
    record Times(O a, O b) implements O {}
    record Over(O a, O b) implements O {}
    /** a^p, p an integer or (only for positive bases) a real constant. */
    record Power(O a, double p) implements O {}
    record Call(Fun f, O a) implements O {}
    record Extremum(boolean max, O a, O b) implements O {}
    /** then where (lhs cmp rhs) holds, else otherwise; an indicator is Cases(1, 0). */
    record Cases(O lhs, Cmp cmp, double rhs, O then, O otherwise) implements O {}

    enum Fun { EXP, LOG, SQRT, SIN, SIG, TANH, SOFTPLUS, RELU, ABS }
    /** ABS_LE: |lhs| ≤ rhs. */
    enum Cmp { GT, LT, GE, ABS_LE }

    /** A value with its derivative along the chosen variable. */
    record Dual(double v, double d) {}

    /** Forward-mode derivative; margin[0] keeps the smallest distance to a kink or case boundary. */
    static Dual eval(O o, Map<String, Double> pt, String wrt, double[] margin) {
        return switch (o) {
            case Var v -> {
                Double x = pt.get(v.name());
                if (x == null) throw new IllegalStateException("oracle: no value for " + v.name());
                yield new Dual(x, v.name().equals(wrt) ? 1 : 0);
            }
            case K k -> new Dual(k.c(), 0);
            case Plus p -> {
                Dual a = eval(p.a(), pt, wrt, margin), b = eval(p.b(), pt, wrt, margin);
                yield new Dual(a.v() + b.v(), a.d() + b.d());
            }
            case Minus p -> {
                Dual a = eval(p.a(), pt, wrt, margin), b = eval(p.b(), pt, wrt, margin);
                yield new Dual(a.v() - b.v(), a.d() - b.d());
            }
            case Times p -> {
                Dual a = eval(p.a(), pt, wrt, margin), b = eval(p.b(), pt, wrt, margin);
                yield new Dual(a.v() * b.v(), a.d() * b.v() + a.v() * b.d());
            }
            case Over p -> {
                Dual a = eval(p.a(), pt, wrt, margin), b = eval(p.b(), pt, wrt, margin);
                yield new Dual(a.v() / b.v(), (a.d() * b.v() - a.v() * b.d()) / (b.v() * b.v()));
            }
            case Power p -> {
                Dual a = eval(p.a(), pt, wrt, margin);
                yield new Dual(Math.pow(a.v(), p.p()), p.p() * Math.pow(a.v(), p.p() - 1) * a.d());
            }
            case Call c -> {
                Dual a = eval(c.a(), pt, wrt, margin);
                double x = a.v();
                yield switch (c.f()) {
                    case EXP -> new Dual(Math.exp(x), Math.exp(x) * a.d());
                    case LOG -> new Dual(Math.log(x), a.d() / x);
                    case SQRT -> new Dual(Math.sqrt(x), a.d() / (2 * Math.sqrt(x)));
                    case SIN -> new Dual(Math.sin(x), Math.cos(x) * a.d());
                    case SIG -> {
                        double s = 1 / (1 + Math.exp(-x));
                        yield new Dual(s, s * (1 - s) * a.d());
                    }
                    case TANH -> new Dual(Math.tanh(x), (1 - Math.tanh(x) * Math.tanh(x)) * a.d());
                    case SOFTPLUS -> new Dual(Math.log1p(Math.exp(x)), a.d() / (1 + Math.exp(-x)));
                    case RELU -> {
                        margin[0] = Math.min(margin[0], Math.abs(x));
                        yield x > 0 ? a : new Dual(0, 0);
                    }
                    case ABS -> {
                        margin[0] = Math.min(margin[0], Math.abs(x));
                        yield x >= 0 ? a : new Dual(-x, -a.d());
                    }
                };
            }
            case Extremum e -> {
                Dual a = eval(e.a(), pt, wrt, margin), b = eval(e.b(), pt, wrt, margin);
                // max(u, u) is a tie everywhere, where either side is the derivative
                if (!e.a().equals(e.b())) margin[0] = Math.min(margin[0], Math.abs(a.v() - b.v()));
                yield (a.v() > b.v()) == e.max() ? a : b;
            }
            case Cases c -> {
                double l = eval(c.lhs(), pt, wrt, margin).v();
                double m = c.cmp() == Cmp.ABS_LE ? Math.abs(Math.abs(l) - c.rhs()) : Math.abs(l - c.rhs());
                if (variable(c.lhs())) margin[0] = Math.min(margin[0], m); // a constant condition has no boundary
                boolean holds = switch (c.cmp()) {
                    case GT -> l > c.rhs();
                    case LT -> l < c.rhs();
                    case GE -> l >= c.rhs();
                    case ABS_LE -> Math.abs(l) <= c.rhs();
                };
                yield eval(holds ? c.then() : c.otherwise(), pt, wrt, margin);
            }
        };
    }

    /** The same tree in BigDecimal where it is exact (+, −, ×, ÷, integer powers), doubles elsewhere. */
    static BigDecimal big(O o, Map<String, BigDecimal> pt) {
        MathContext mc = MathContext.DECIMAL128;
        return switch (o) {
            case Var v -> pt.get(v.name());
            case K k -> new BigDecimal(k.c());
            case Plus p -> big(p.a(), pt).add(big(p.b(), pt), mc);
            case Minus p -> big(p.a(), pt).subtract(big(p.b(), pt), mc);
            case Times p -> big(p.a(), pt).multiply(big(p.b(), pt), mc);
            case Over p -> big(p.a(), pt).divide(big(p.b(), pt), mc);
            case Power p -> p.p() == Math.rint(p.p()) && p.p() >= 0 ? big(p.a(), pt).pow((int) p.p(), mc)
                    : new BigDecimal(Math.pow(big(p.a(), pt).doubleValue(), p.p()), mc);
            case Call c -> {
                BigDecimal a = big(c.a(), pt);
                double x = a.doubleValue();
                yield switch (c.f()) {
                    case RELU -> a.signum() > 0 ? a : BigDecimal.ZERO;
                    case ABS -> a.abs();
                    case EXP -> new BigDecimal(Math.exp(x));
                    case LOG -> new BigDecimal(Math.log(x));
                    case SQRT -> a.sqrt(mc);
                    case SIN -> new BigDecimal(Math.sin(x));
                    case SIG -> new BigDecimal(1 / (1 + Math.exp(-x)));
                    case TANH -> new BigDecimal(Math.tanh(x));
                    case SOFTPLUS -> new BigDecimal(Math.log1p(Math.exp(x)));
                };
            }
            case Extremum e -> {
                BigDecimal a = big(e.a(), pt), b = big(e.b(), pt);
                yield (a.compareTo(b) > 0) == e.max() ? a : b;
            }
            case Cases c -> {
                double l = big(c.lhs(), pt).doubleValue();
                boolean holds = switch (c.cmp()) {
                    case GT -> l > c.rhs();
                    case LT -> l < c.rhs();
                    case GE -> l >= c.rhs();
                    case ABS_LE -> Math.abs(l) <= c.rhs();
                };
                yield big(holds ? c.then() : c.otherwise(), pt);
            }
        };
    }

    static O subst(O o, UnaryOperator<String> rename) {
        return replace(o, n -> new Var(rename.apply(n)));
    }

    /** Every variable replaced by the tree the function gives for its name. */
    static O replace(O o, java.util.function.Function<String, O> by) {
        UnaryOperator<O> rename = x -> replace(x, by);
        return switch (o) {
            case Var v -> by.apply(v.name());
            case K k -> k;
            case Plus p -> new Plus(rename.apply(p.a()), rename.apply(p.b()));
            case Minus p -> new Minus(rename.apply(p.a()), rename.apply(p.b()));
            case Times p -> new Times(rename.apply(p.a()), rename.apply(p.b()));
            case Over p -> new Over(rename.apply(p.a()), rename.apply(p.b()));
            case Power p -> new Power(rename.apply(p.a()), p.p());
            case Call c -> new Call(c.f(), rename.apply(c.a()));
            case Extremum e -> new Extremum(e.max(), rename.apply(e.a()), rename.apply(e.b()));
            case Cases c -> new Cases(rename.apply(c.lhs()), c.cmp(), c.rhs(), rename.apply(c.then()), rename.apply(c.otherwise()));
        };
    }

    /** Whether the tree depends on a variable (δ's values are constants). */
    static boolean variable(O o) {
        boolean[] any = {false};
        replace(o, n -> {
            if (!n.startsWith("δ")) any[0] = true;
            return new Var(n);
        });
        return any[0];
    }

    /** The k-th member of an indexed name: x_i → x_2, x^{(i)} → x^{(2)}, δ_i → δ_2. */
    static String member(String name, int k) {
        if (name.endsWith("_i")) return name.substring(0, name.length() - 1) + k;
        if (name.endsWith("^{(i)}")) return name.substring(0, name.length() - 6) + "^{(" + k + ")}";
        return name;
    }

    static boolean mentions(O o, String name) {
        return switch (o) {
            case Var v -> v.name().equals(name);
            case K k -> false;
            case Plus p -> mentions(p.a(), name) || mentions(p.b(), name);
            case Minus p -> mentions(p.a(), name) || mentions(p.b(), name);
            case Times p -> mentions(p.a(), name) || mentions(p.b(), name);
            case Over p -> mentions(p.a(), name) || mentions(p.b(), name);
            case Power p -> mentions(p.a(), name);
            case Call c -> mentions(c.a(), name);
            case Extremum e -> mentions(e.a(), name) || mentions(e.b(), name);
            case Cases c -> mentions(c.lhs(), name) || mentions(c.then(), name) || mentions(c.otherwise(), name);
        };
    }

    // ------------------------------------------------------------------ the generator: LaTeX and tree together

    /** A generated piece: what the user types, and what it means. */
    record T(String tex, O o) {}

    /** A generated problem. */
    record Problem(String expr, List<String> given, String wrt, O function, String describe) {}

    static final class Gen {
        final Random r;
        final List<String> given = new ArrayList<>();
        /** What a leaf can be here: variables, intermediates, and inside a sum the indexed ones. */
        List<T> leaves = new ArrayList<>();
        boolean usedSum;
        int names;
        /** The indexed data inside sums: x_i or x^{(i)}. */
        final String fam;
        /** A function the problem defines, g(t) = body, or null. */
        T function;

        Gen(long seed) {
            r = new Random(seed);
            fam = r.nextBoolean() ? "x_i" : "x^{(i)}";
        }

        static T v(String name) { return new T(name, new Var(name)); }

        T number() {
            return switch (r.nextInt(4)) {
                case 0 -> new T("2", new K(2));
                case 1 -> new T("0.5", new K(0.5));
                case 2 -> new T("3", new K(3));
                default -> new T("1.5", new K(1.5));
            };
        }

        T leaf() {
            if (r.nextInt(6) == 0) return number();
            return leaves.get(r.nextInt(leaves.size()));
        }

        static String p(String s) { return "\\left(" + s + "\\right)"; }

        T sq(T a) { return new T(p(a.tex()) + "^{2}", new Power(a.o(), 2)); }

        /** 1 + a², positive: the argument of log, sqrt and real powers. */
        T onePlusSq(T a) { return new T("1 + " + p(a.tex()) + "^{2}", new Plus(new K(1), new Power(a.o(), 2))); }

        String cond(T l, Cmp c, double rhs) {
            String num = rhs == Math.rint(rhs) ? String.valueOf((long) rhs) : String.valueOf(rhs);
            return switch (c) {
                case GT -> l.tex() + " > " + num;
                case LT -> l.tex() + " < " + num;
                case GE -> l.tex() + " \\ge " + num;
                case ABS_LE -> "\\left|" + l.tex() + "\\right| \\le " + num;
            };
        }

        T gen(int depth) {
            if (depth == 0 || r.nextInt(6) == 0) return leaf();
            T a = gen(depth - 1);
            return switch (r.nextInt(26)) {
                case 0, 1 -> { T b = gen(depth - 1); yield new T(p(a.tex() + " + " + b.tex()), new Plus(a.o(), b.o())); }
                case 2 -> { T b = gen(depth - 1); yield new T(p(a.tex() + " - " + b.tex()), new Minus(a.o(), b.o())); }
                case 3, 4 -> { T b = gen(depth - 1); yield new T(p(a.tex() + " \\cdot " + b.tex()), new Times(a.o(), b.o())); }
                case 5 -> { T b = gen(depth - 1);
                    yield new T("\\frac{" + a.tex() + "}{" + onePlusSq(b).tex() + "}", new Over(a.o(), onePlusSq(b).o())); }
                case 6 -> { T b = gen(depth - 1);
                    yield new T("\\frac{" + a.tex() + "}{2 + \\sigma(" + b.tex() + ")}",
                            new Over(a.o(), new Plus(new K(2), new Call(Fun.SIG, b.o())))); }
                case 7 -> { int n = 2 + r.nextInt(2); yield new T(p(a.tex()) + "^{" + n + "}", new Power(a.o(), n)); }
                case 8 -> r.nextBoolean()
                        ? new T(p(onePlusSq(a).tex()) + "^{\\frac{3}{2}}", new Power(onePlusSq(a).o(), 1.5))
                        : new T(p(onePlusSq(a).tex()) + "^{-\\frac{1}{2}}", new Power(onePlusSq(a).o(), -0.5));
                case 9 -> { T t = new T("\\tanh(" + a.tex() + ")", new Call(Fun.TANH, a.o())); // bounded exponent
                    yield r.nextBoolean() ? new T("e^{" + t.tex() + "}", new Call(Fun.EXP, t.o()))
                            : new T("\\exp(" + t.tex() + ")", new Call(Fun.EXP, t.o())); }
                case 10 -> new T("e^{-" + p(a.tex()) + "^{2}}", new Call(Fun.EXP, new Minus(new K(0), new Power(a.o(), 2))));
                case 11 -> switch (r.nextInt(3)) {
                    case 0 -> new T("\\log(" + onePlusSq(a).tex() + ")", new Call(Fun.LOG, onePlusSq(a).o()));
                    case 1 -> new T("\\log(\\sigma(" + a.tex() + "))", new Call(Fun.LOG, new Call(Fun.SIG, a.o())));
                    default -> new T("\\ln(2 + \\tanh(" + a.tex() + "))", new Call(Fun.LOG, new Plus(new K(2), new Call(Fun.TANH, a.o()))));
                };
                case 12 -> new T("\\sqrt{" + onePlusSq(a).tex() + "}", new Call(Fun.SQRT, onePlusSq(a).o()));
                case 13 -> new T("\\sigma(" + a.tex() + ")", new Call(Fun.SIG, a.o()));
                case 14 -> new T("\\tanh(" + a.tex() + ")", new Call(Fun.TANH, a.o()));
                case 15 -> new T((r.nextBoolean() ? "\\operatorname{softplus}(" : "\\mathrm{softplus}(") + a.tex() + ")",
                        new Call(Fun.SOFTPLUS, a.o()));
                case 16 -> new T("\\operatorname{ReLU}(" + a.tex() + ")", new Call(Fun.RELU, a.o()));
                case 17 -> new T("\\left|" + a.tex() + "\\right|", new Call(Fun.ABS, a.o()));
                case 18 -> { T b = gen(depth - 1); boolean max = r.nextBoolean();
                    yield new T((max ? "\\max(" : "\\min(") + a.tex() + ", " + b.tex() + ")", new Extremum(max, a.o(), b.o())); }
                case 19, 20 -> { T b = gen(depth - 1), l = gen(depth - 1);
                    Cmp c = Cmp.values()[r.nextInt(Cmp.values().length)];
                    double rhs = c == Cmp.ABS_LE ? 1 : (r.nextBoolean() ? 0 : 0.5);
                    yield new T(p("\\begin{cases} " + a.tex() + " & " + cond(l, c, rhs) + " \\\\ " + b.tex()
                            + " & \\text{otherwise} \\end{cases}"), new Cases(l.o(), c, rhs, a.o(), b.o())); }
                case 21 -> { T l = gen(depth - 1); Cmp c = r.nextBoolean() ? Cmp.GT : Cmp.LT;
                    String ind = r.nextBoolean() ? "\\mathbf{1}(" + cond(l, c, 0) + ")" : "\\mathbb{1}[" + cond(l, c, 0) + "]";
                    yield new T(p(a.tex() + " \\cdot " + ind), new Times(a.o(), new Cases(l.o(), c, 0, new K(1), new K(0)))); }
                case 22 -> new T("\\sin(" + a.tex() + ")", new Call(Fun.SIN, a.o()));
                case 23 -> sum(depth - 1);
                case 24 -> function == null ? sum(depth - 1) : new T("g(" + a.tex() + ")",
                        replace(function.o(), n -> n.equals("t") ? a.o() : new Var(n)));
                default -> { T b = gen(depth - 1); yield new T(p(a.tex() + " \\cdot " + b.tex()), new Times(a.o(), b.o())); }
            };
        }

        /** Σ_{i=1}^{3} body, the body using x_i (and a_i when the family is given); expanded in the tree. */
        T sum(int depth) {
            if (usedSum) return gen(depth);
            usedSum = true;
            List<T> saved = leaves;
            leaves = new ArrayList<>(saved);
            leaves.add(v(fam));
            leaves.add(v(fam));
            if (r.nextInt(4) == 0) leaves.add(new T("\\delta_{i2}", new Var("δ_i"))); // Kronecker δ picks i = 2
            if (r.nextBoolean()) {
                // a family of intermediates: a_i = (its own expression of w and x_i)
                List<T> inner = leaves;
                leaves = new ArrayList<>(List.of(v("w"), v(fam), v("b")));
                T body = gen(2);
                leaves = inner;
                String name = fam.equals("x_i") ? "a_i" : "\\hat{y}^{(i)}";
                given.add(name + " = " + body.tex());
                leaves.add(new T(name, body.o()));
                leaves.add(new T(name, body.o()));
                T member = new T(member(name, 2), subst(body.o(), n -> member(n, 2)));
                if (r.nextBoolean()) {
                    // a second family defined through the first: c_i = (expression of a_i, x_i, w)
                    List<T> outer = leaves;
                    leaves = new ArrayList<>(List.of(new T(name, body.o()), new T(name, body.o()), v(fam), v("w")));
                    T second = gen(2);
                    leaves = outer;
                    String name2 = fam.equals("x_i") ? "c_i" : "\\bar{y}^{(i)}";
                    given.add(name2 + " = " + second.tex());
                    leaves.add(new T(name2, second.o()));
                    member = new T(member(name2, 2), subst(second.o(), n -> member(n, 2)));
                }
                // one member of the family outside the sum: a_2 is the definition at i = 2
                saved.add(member);
            }
            T body = gen(Math.max(depth, 1));
            if (r.nextInt(3) == 0) body = new T("\\delta_{i2} \\cdot " + p(body.tex()), new Times(new Var("δ_i"), body.o()));
            leaves = saved;
            O total = null;
            for (int i = 1; i <= 3; i++) {
                final int k = i;
                O term = subst(body.o(), n -> member(n, k));
                total = total == null ? term : new Plus(total, term);
            }
            return new T(p("\\sum_{i=1}^{3} " + p(body.tex())), total);
        }

        Problem problem() {
            leaves = new ArrayList<>(List.of(v("w"), v("w"), v("x"), v("y"), v("b")));
            // named intermediates: each may use the variables and the names before it
            String[] pool = {"u", "z", "s_1", "s_2", fam.equals("x_i") ? "\\hat{y}" : "q_2", "q_1"};
            if (r.nextInt(4) == 0) {
                // a function definition, called as g(…) in the expression
                List<T> saved = leaves;
                leaves = new ArrayList<>(List.of(v("t"), v("t")));
                usedSum = true;
                function = gen(1 + r.nextInt(2));
                usedSum = false;
                leaves = saved;
                if (!mentions(function.o(), "t")) function = new T("t \\cdot " + function.tex(), new Times(new Var("t"), function.o()));
                given.add("g(t) = " + function.tex());
            }
            int n = r.nextInt(3);
            for (int k = 0; k < n; k++) {
                T def = gen(1 + r.nextInt(2));
                String name = pool[names++ % pool.length];
                given.add(name + " = " + def.tex());
                leaves.add(new T(name, def.o()));
                leaves.add(new T(name, def.o()));
            }
            T f = gen(2 + r.nextInt(3));
            List<String> candidates = new ArrayList<>();
            for (String c : new String[] {"w", "b", "x", member(fam, 2)})
                if (mentions(f.o(), c)) candidates.add(c);
            if (candidates.isEmpty()) return null;
            String wrt = mentions(f.o(), "w") && r.nextInt(3) > 0 ? "w" : candidates.get(r.nextInt(candidates.size()));
            return new Problem(f.tex(), List.copyOf(given), wrt, f.o(), "");
        }
    }

    // ------------------------------------------------------------------ this test's own evaluator of chainrule's tree

    static final class Unsupported extends RuntimeException {
        Unsupported(String what) { super(what, null, false, false); }
    }

    /** Evaluates chainrule's tree without chainrule's Evaluator; indices are bound in {@code idx}. */
    static double ours(Expr e, Map<Sym, Double> pt, Map<Sym, Long> idx) {
        return switch (e) {
            case Num n -> n.value().doubleValue();
            case Const c -> switch (c.kind()) {
                case PI -> Math.PI;
                case E -> Math.E;
                case INFINITY -> throw new Unsupported("∞");
            };
            case Sym s -> {
                if (idx.containsKey(s)) yield idx.get(s);
                Sym concrete = bind(s, idx);
                Double v = pt.get(concrete);
                if (v == null) throw new Unsupported("no value for " + concrete);
                yield v;
            }
            case Add a -> { double t = 0; for (Expr x : a.terms()) t += ours(x, pt, idx); yield t; }
            case Mul m -> { double t = 1; for (Expr x : m.factors()) t *= ours(x, pt, idx); yield t; }
            case Pow p -> Math.pow(ours(p.base(), pt, idx), ours(p.exponent(), pt, idx));
            case Apply ap -> {
                double[] a = new double[ap.args().size()];
                for (int k = 0; k < a.length; k++) a[k] = ours(ap.args().get(k), pt, idx);
                yield switch (ap.fn()) {
                    case Builtin b -> fn(b.op(), a, 0);
                    case Prime pr when pr.fn() instanceof Builtin b && a.length == 1 -> fn(b.op(), a, pr.order());
                    default -> throw new Unsupported("function " + ap.fn());
                };
            }
            case Indicator ind -> holds(ind.condition(), pt, idx) ? 1 : 0;
            case Abs a -> Math.abs(ours(a.arg(), pt, idx));
            case Piecewise pw -> {
                for (Case c : pw.cases()) if (holds(c.condition(), pt, idx)) yield ours(c.value(), pt, idx);
                if (pw.otherwise().isPresent()) yield ours(pw.otherwise().get(), pt, idx);
                throw new Unsupported("no case applies");
            }
            case BigOp b -> {
                if (b.from().isEmpty() || b.to().isEmpty()) throw new Unsupported("Σ without bounds");
                long lo = Math.round(ours(b.from().get(), pt, idx)), hi = Math.round(ours(b.to().get(), pt, idx));
                double t = b.kind() == BigOpKind.SUM ? 0 : 1;
                for (long i = lo; i <= hi; i++) {
                    Map<Sym, Long> inner = new HashMap<>(idx);
                    inner.put(b.index(), i);
                    double v = ours(b.body(), pt, inner);
                    t = b.kind() == BigOpKind.SUM ? t + v : t * v;
                }
                yield t;
            }
            case Rel r -> holds(r, pt, idx) ? 1 : 0;
            case Hadamard h -> throw new Unsupported("⊙");
            case Norm n -> throw new Unsupported("norm");
            case Deriv d -> throw new Unsupported("a derivative left in the answer");
            case Matrix m -> throw new Unsupported("matrix");
            case Transpose t -> throw new Unsupported("transpose");
            case Index i -> throw new Unsupported("index");
            case EvalAt a -> throw new Unsupported("evaluation bar");
            case Limit l -> throw new Unsupported("limit");
            case Space s -> throw new Unsupported("space");
            case Dots d -> throw new Unsupported("dots");
            case Kronecker k -> Math.round(ours(k.i(), pt, idx)) == Math.round(ours(k.j(), pt, idx)) ? 1 : 0;
        };
    }

    static Sym bind(Sym s, Map<Sym, Long> idx) {
        if (s.sub().isEmpty()) return s;
        List<Expr> sub = new ArrayList<>();
        for (Expr i : s.sub()) sub.add(i instanceof Sym is && idx.containsKey(is) ? Num.of(idx.get(is)) : i);
        return s.withSub(sub);
    }

    /** One comparison of a chain such as 0 < p < 1, in plain Java. */
    static boolean compare(RelOp op, double left, double right) {
        return switch (op) {
            case LT -> left < right;
            case LE -> left <= right;
            case GT -> left > right;
            case GE -> left >= right;
            case EQ -> left == right;
            case NE -> left != right;
            default -> throw new Unsupported("relation " + op);
        };
    }

    static boolean holds(Expr cond, Map<Sym, Double> pt, Map<Sym, Long> idx) {
        if (!(cond instanceof Rel r)) throw new Unsupported("condition " + cond);
        double left = ours(r.operands().get(0), pt, idx);
        for (int k = 0; k < r.ops().size(); k++) {
            double right = ours(r.operands().get(k + 1), pt, idx);
            if (!compare(r.ops().get(k), left, right)) return false;
            left = right;
        }
        return true;
    }

    /** A builtin, or its first derivative (order 1), by the textbook formulas. */
    static double fn(BuiltinFn op, double[] a, int order) {
        double x = a[0];
        if (order > 1) throw new Unsupported("higher derivative");
        double s = 1 / (1 + Math.exp(-x));
        if (order == 1) return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> 1 / x;
            case SIN -> Math.cos(x);
            case COS -> -Math.sin(x);
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case SIGMOID -> s * (1 - s);
            case SOFTPLUS -> s;
            case RELU -> x > 0 ? 1 : 0;
            case SWISH -> s + x * s * (1 - s);
            default -> throw new Unsupported("derivative of " + op);
        };
        return switch (op) {
            case MAX -> { double m = a[0]; for (double v : a) m = Math.max(m, v); yield m; }
            case MIN -> { double m = a[0]; for (double v : a) m = Math.min(m, v); yield m; }
            case SOFTMAX -> throw new Unsupported("softmax");
            default -> Reference.value(op, x);
        };
    }

    // ------------------------------------------------------------------ the run

    enum Outcome { RIGHT, WRONG, NO_VALUE, REFUSED, CRASHED }

    record Result(int k, Problem p, Outcome outcome, boolean verified, String answer, String detail) {
        String describe() {
            return "#" + k + " " + outcome + (verified ? " verified" : " unverified") + "  d/d" + p.wrt() + " of  " + p.expr()
                    + (p.given().isEmpty() ? "" : "\n      given " + String.join(" ; ", p.given()))
                    + "\n      answer " + answer + "\n      " + detail;
        }
    }

    static final List<Result> results = new ArrayList<>();
    static int oursEvaluated, theirsOnly, oracleSelfChecks;
    static double worstRightError, bestWrongError = Double.POSITIVE_INFINITY;
    static long millis;

    static final String[] VARS = {"w", "x", "y", "b", "x_1", "x_2", "x_3", "x^{(1)}", "x^{(2)}", "x^{(3)}"};

    @BeforeAll
    static void run() throws ParseException {
        long t0 = System.currentTimeMillis();
        Map<String, Sym> syms = new LinkedHashMap<>();
        for (String v : VARS) syms.put(v, (Sym) FormulaParser.parseExpr(v));
        Engine engine = new Engine();
        Random pts = new Random(7);
        int k = 0;
        for (long seed = 1; results.size() < COUNT; seed++) {
            Problem p = new Gen(seed).problem();
            if (p == null) continue;
            k++;
            results.add(one(k, p, engine, syms, pts));
        }
        millis = System.currentTimeMillis() - t0;
        Map<Outcome, Integer> counts = new LinkedHashMap<>();
        int verifiedWrong = 0, verifiedRight = 0;
        for (Result r : results) {
            counts.merge(r.outcome(), 1, Integer::sum);
            if (r.outcome() == Outcome.WRONG && r.verified()) verifiedWrong++;
            if (r.outcome() == Outcome.RIGHT && r.verified()) verifiedRight++;
        }
        System.out.printf("independent oracle: %d expressions in %d ms: %s; right and verified %d; WRONG AND VERIFIED %d; "
                        + "answers evaluated by this test's evaluator %d, by chainrule's only %d; oracle self-checks %d; "
                        + "worst error among right %.2e, smallest error among wrong %.2e%n",
                results.size(), millis, counts, verifiedRight, verifiedWrong, oursEvaluated, theirsOnly, oracleSelfChecks,
                worstRightError, bestWrongError);
        for (Result r : results) if (r.outcome() != Outcome.RIGHT) System.out.println("  " + r.describe());
    }

    static Result one(int k, Problem p, Engine engine, Map<String, Sym> syms, Random pts) {
        Derivation d;
        try {
            Expr expr = FormulaParser.parseExpr(p.expr());
            List<Expr> given = new ArrayList<>();
            for (String g : p.given()) given.addAll(FormulaParser.parse(g).statements());
            d = engine.derive(new Engine.Problem(expr, (Sym) FormulaParser.parseExpr(p.wrt()), given, false, List.of(), k));
        } catch (ParseException e) {
            return new Result(k, p, Outcome.CRASHED, false, "-", "parse error on generated input: " + e.getMessage());
        } catch (DeriveException e) {
            return new Result(k, p, Outcome.REFUSED, false, "-", e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new Result(k, p, Outcome.CRASHED, false, "-", e.toString());
        }
        String answer = org.chainrule.expr.LatexPrinter.print(d.answer());
        int checked = 0;
        for (int attempt = 0; attempt < 60 && checked < POINTS; attempt++) {
            Map<String, Double> pt = new LinkedHashMap<>();
            for (String v : VARS) pt.put(v, Math.round((pts.nextDouble() * 3 - 1.5) * 1e6) / 1e6);
            Map<String, Double> withDelta = new LinkedHashMap<>(pt);
            withDelta.putAll(Map.of("δ_1", 0.0, "δ_2", 1.0, "δ_3", 0.0));
            double[] margin = {Double.POSITIVE_INFINITY};
            Dual truth = eval(p.function(), withDelta, p.wrt(), margin);
            if (margin[0] < KINK_MARGIN || !Double.isFinite(truth.d()) || Math.abs(truth.d()) > 1e8 || Math.abs(truth.v()) > 1e8) continue;
            selfCheck(p, withDelta, truth, margin[0]);
            Map<Sym, Double> point = new LinkedHashMap<>();
            for (Map.Entry<String, Double> en : pt.entrySet()) point.put(syms.get(en.getKey()), en.getValue());
            Double theirs;
            try {
                theirs = Evaluator.eval(d.answerFlat(), Env.of(point));
            } catch (EvalException e) {
                theirs = null;
            } catch (RuntimeException e) {
                return new Result(k, p, Outcome.CRASHED, d.verified(), answer, "chainrule's Evaluator on the answer: " + e);
            }
            Double mine;
            try {
                mine = ours(d.answerFlat(), point, Map.of());
                oursEvaluated++;
            } catch (Unsupported e) {
                mine = null;
                theirsOnly++;
            }
            Double got = mine != null ? mine : theirs;
            if (got == null || !Double.isFinite(got))
                return new Result(k, p, Outcome.NO_VALUE, d.verified(), answer, "the answer has no value at " + pt);
            double err = Math.abs(got - truth.d()) / Math.max(1, Math.abs(truth.d()));
            if (mine != null && theirs != null && Math.abs(mine - theirs) > TOL * Math.max(1, Math.abs(mine)))
                return new Result(k, p, Outcome.WRONG, d.verified(), answer,
                        "the two evaluators of the answer disagree: ours " + mine + ", chainrule's " + theirs + " at " + pt);
            if (err > TOL) {
                bestWrongError = Math.min(bestWrongError, err);
                return new Result(k, p, Outcome.WRONG, d.verified(), answer,
                        "true derivative " + truth.d() + ", answer gives " + got + " at " + pt);
            }
            worstRightError = Math.max(worstRightError, err);
            checked++;
        }
        if (checked == 0) return new Result(k, p, Outcome.NO_VALUE, d.verified(), answer, "no point away from kinks");
        return new Result(k, p, Outcome.RIGHT, d.verified(), answer, "");
    }

    /**
     * The dual-number derivative against a central difference of the tree in BigDecimal (exact for
     * the rational operations), on a subset of points: checks the oracle itself.
     */
    static void selfCheck(Problem p, Map<String, Double> pt, Dual truth, double margin) {
        if (oracleSelfChecks >= 400) return;
        double h = Math.min(1e-6, margin / 10);
        Map<String, BigDecimal> plus = new HashMap<>(), minus = new HashMap<>();
        for (Map.Entry<String, Double> en : pt.entrySet()) {
            BigDecimal v = new BigDecimal(en.getValue());
            plus.put(en.getKey(), en.getKey().equals(p.wrt()) ? v.add(new BigDecimal(h)) : v);
            minus.put(en.getKey(), en.getKey().equals(p.wrt()) ? v.subtract(new BigDecimal(h)) : v);
        }
        double fd = big(p.function(), plus).subtract(big(p.function(), minus)).doubleValue() / (2 * h);
        // doubles inside exp, log, σ … limit the difference to about 1e-16 / h
        assertEquals(truth.d(), fd, 1e-6 * Math.max(1, Math.abs(truth.d())) + 1e-9 / h,
                () -> "the oracle disagrees with its own finite difference: " + p.expr() + " at " + pt);
        oracleSelfChecks++;
    }

    // ------------------------------------------------------------------ the properties

    @Test
    void aWrongValueIsNeverVerified() {
        List<String> bad = results.stream().filter(r -> r.outcome() == Outcome.WRONG && r.verified()).map(Result::describe).toList();
        assertTrue(bad.isEmpty(), bad.size() + " wrong answers carry verified() == true:\n" + String.join("\n", bad));
    }

    @Test
    void theEngineNeverCrashesOnValidInput() {
        List<String> bad = results.stream().filter(r -> r.outcome() == Outcome.CRASHED).map(Result::describe).toList();
        assertTrue(bad.isEmpty(), bad.size() + " crashes:\n" + String.join("\n", bad));
    }

    @Test
    void theRunIsLargeAndCoversTheIssuesKinds() {
        assertTrue(results.size() >= 1000);
        long piecewise = results.stream().filter(r -> r.p().expr().contains("cases") || r.p().expr().contains("\\mathbf{1}")
                || r.p().expr().contains("\\mathbb{1}")).count();
        long sums = results.stream().filter(r -> r.p().expr().contains("\\sum")).count();
        long givens = results.stream().filter(r -> !r.p().given().isEmpty()).count();
        long functions = results.stream().filter(r -> r.p().given().stream().anyMatch(g -> g.startsWith("g(t)"))).count();
        long families = results.stream().filter(r -> r.p().given().stream().anyMatch(g -> g.contains("_i =") || g.contains("^{(i)} ="))).count();
        long deltas = results.stream().filter(r -> r.p().expr().contains("\\delta")).count();
        System.out.println("independent oracle coverage: piecewise " + piecewise + ", sums " + sums + ", givens " + givens
                + ", function definitions " + functions + ", indexed families " + families + ", Kronecker deltas " + deltas);
        assertTrue(piecewise >= 100 && sums >= 100 && givens >= 300 && functions >= 100 && families >= 50 && deltas >= 20,
                "piecewise " + piecewise + ", sums " + sums + ", givens " + givens + ", function definitions " + functions
                        + ", indexed families " + families + ", Kronecker deltas " + deltas);
        assertTrue(oracleSelfChecks >= 300, "oracle self-checks: " + oracleSelfChecks);
        long right = results.stream().filter(r -> r.outcome() == Outcome.RIGHT).count();
        assertTrue(right >= results.size() / 2, "the oracle could compare too few: " + right);
    }
}
