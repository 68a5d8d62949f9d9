package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Budget;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;

/**
 * chainrule's own rewrite rules: the everyday simplifications that make a derivative read the way a
 * TA writes it (fold numbers, drop ·1 and +0, collect like terms and equal bases, cancel, collapse
 * Kronecker deltas in sums). Every rewrite here is an identity for scalars wherever both sides are
 * defined; the engine re-checks results numerically anyway.
 *
 * <p>Products are treated as commutative, which is right for the scalar derivations of the engine;
 * matrix expressions are left alone (see {@link #isScalarLike}).
 */
public final class Simplifier {
    private Simplifier() {}

    /** Applies the rewrite rules bottom-up until nothing changes (bounded). */
    public static Expr simplify(Expr e) {
        return simplify(e, true);
    }

    /**
     * As {@link #simplify}, but a Kronecker delta with two numbers (δ_{12}, δ_{11}) is kept: the
     * differentiator evaluates those in a step of their own, so that a derivation shows δ_{12} = 0.
     */
    public static Expr simplifyKeepingNumberedDeltas(Expr e) {
        return simplify(e, false);
    }

    private static Expr simplify(Expr e, boolean numberedDeltas) {
        if (e instanceof Sym || e instanceof Num || FIXED.contains(e, numberedDeltas)) return e;
        Expr cur = e;
        for (int i = 0; i < 8; i++) {
            Expr next = once(cur, numberedDeltas);
            if (next.equals(cur)) {
                FIXED.add(next, numberedDeltas);
                return next;
            }
            cur = next;
        }
        return cur;
    }

    /**
     * The last results known to be fixed points, by identity: the engine simplifies many results again
     * (each candidate form, each name put back), and a full pass over a tree that cannot change is
     * wasted. Identity, not equals: equal trees may differ in what equals ignores (\ln or \log), and a
     * tree is immutable, so a result stays simplified. A few slots, overwritten, not a growing map:
     * keeping many large trees alive made the collector copy them again and again (measured: with
     * 16,384 entries, three derivations of an 80-leaf tree spent 25 s in collector pauses, not 1 s).
     * Races are harmless: a slot only ever holds a fixed point, and a lost write is a miss.
     */
    private static final class Fixed {
        private static final int SLOTS = 64;
        private final Expr[] full = new Expr[SLOTS], keeping = new Expr[SLOTS];

        boolean contains(Expr e, boolean numberedDeltas) {
            int h = System.identityHashCode(e) & (SLOTS - 1);
            // a fixed point of simplify is one of simplifyKeepingNumberedDeltas too, not the other way round
            return full[h] == e || !numberedDeltas && keeping[h] == e;
        }

        void add(Expr e, boolean numberedDeltas) {
            int h = System.identityHashCode(e) & (SLOTS - 1);
            (numberedDeltas ? full : keeping)[h] = e;
        }
    }

    private static final Fixed FIXED = new Fixed();

    private static Expr once(Expr e, boolean numberedDeltas) {
        Budget.check();
        Expr inner = Exprs.mapChildren(e, c -> once(c, numberedDeltas));
        return switch (inner) {
            case Add a -> add(a.terms());
            case Mul m -> mul(m.factors());
            case Pow p -> pow(p.base(), p.exponent());
            case Apply ap -> apply(ap);
            case Indicator ind -> indicator(ind);
            case Abs a -> a.arg() instanceof Num n ? Expr.num(n.value().abs()) : a;
            case Piecewise pw -> piecewise(pw);
            case BigOp b -> bigOp(b);
            case Kronecker k -> kronecker(k, numberedDeltas);
            case Sym s -> s;
            case Num n -> n;
            case Const c -> c;
            case Hadamard h -> h;
            case Norm n -> n;
            case Rel r -> r;
            case Deriv d -> d;
            case Matrix m -> m;
            case Transpose t -> t.arg() instanceof Transpose tt ? tt.arg() : t;
            case Index ix -> ix;
            case EvalAt at -> at;
            case Limit l -> l;
            case Space sp -> sp;
            case Dots d -> d;
        };
    }

    // ------------------------------------------------------------------ sums

    private static Expr add(List<Expr> terms) {
        Rational constant = Rational.ZERO;
        boolean decimal = false;
        int constantAt = -1;
        // key → coefficient and representative, insertion-ordered so output keeps the author's order
        Map<String, Rational> coeff = new LinkedHashMap<>();
        Map<String, Expr> rest = new LinkedHashMap<>();
        for (Expr t : terms) {
            if (t instanceof Num n) {
                if (constantAt < 0) constantAt = coeff.size();
                constant = constant.add(n.value());
                decimal |= n.decimal();
                continue;
            }
            Rational c = coefficient(t);
            Expr r = withoutCoefficient(t);
            String k = Canon.key(r);
            coeff.merge(k, c, Rational::add);
            rest.putIfAbsent(k, r);
        }
        List<Expr> out = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Rational> en : coeff.entrySet()) {
            if (index++ == constantAt && !constant.isZero()) out.add(new Num(constant, decimal));
            Rational c = en.getValue();
            if (c.isZero()) continue;
            out.add(times(c, rest.get(en.getKey())));
        }
        if (constantAt >= coeff.size() && !constant.isZero()) out.add(new Num(constant, decimal));
        if (out.isEmpty()) out.add(new Num(constant, decimal));
        // A sum reads better starting with a positive term: −p + 1 → 1 − p.
        if (out.size() > 1 && coefficient(out.get(0)).signum() < 0) {
            for (int k = 1; k < out.size(); k++) {
                if (coefficient(out.get(k)).signum() > 0) {
                    Expr first = out.remove(k);
                    out.add(0, first);
                    break;
                }
            }
        }
        return Expr.add(out);
    }

    /** The numeric coefficient of a term: 3 for 3xy, −1 for −x, 1 for x. */
    public static Rational coefficient(Expr t) {
        if (t instanceof Num n) return n.value();
        if (t instanceof Mul m && m.factors().get(0) instanceof Num n) return n.value();
        return Rational.ONE;
    }

    public static Expr withoutCoefficient(Expr t) {
        if (t instanceof Mul m && m.factors().get(0) instanceof Num) return Expr.mul(m.factors().subList(1, m.factors().size()));
        return t;
    }

    /** c·e with the coefficient folded into a leading number. */
    public static Expr times(Rational c, Expr e) {
        if (c.isOne()) return e;
        if (c.isZero()) return Expr.num(0);
        if (e instanceof Num n) return new Num(c.multiply(n.value()), n.decimal());
        List<Expr> fs = new ArrayList<>();
        fs.add(Expr.num(c));
        if (e instanceof Mul m) fs.addAll(m.factors());
        else fs.add(e);
        return Expr.mul(fs);
    }

    // ------------------------------------------------------------------ products

    private static Expr mul(List<Expr> factors) {
        Rational c = Rational.ONE;
        boolean decimal = false;
        List<Expr> rest = new ArrayList<>();
        for (Expr f : factors) {
            if (f instanceof Num n) {
                c = c.multiply(n.value());
                decimal |= n.decimal();
            } else {
                rest.add(f);
            }
        }
        if (c.isZero()) return Expr.num(0);
        if (allScalarLike(rest)) rest = collectPowers(rest);
        // Pull numeric factors out of powers like 2^{-1} that collectPowers folded into numbers.
        List<Expr> again = new ArrayList<>();
        for (Expr f : rest) {
            if (f instanceof Num n) {
                c = c.multiply(n.value());
                decimal |= n.decimal();
            } else {
                again.add(f);
            }
        }
        rest = again;
        if (c.isZero()) return Expr.num(0);
        // −(a − b) reads better as b − a: distribute a lone −1 into a sum that has a negative term.
        if (c.equals(Rational.MINUS_ONE) && rest.size() == 1 && rest.get(0) instanceof Add a
                && a.terms().stream().anyMatch(t -> coefficient(t).signum() < 0)) {
            List<Expr> ts = new ArrayList<>();
            for (Expr t : a.terms()) ts.add(times(Rational.MINUS_ONE, t));
            return add(ts);
        }
        // −2(y − p) reads better as 2(p − y): flip the sign of a two-term sum with one negative term.
        if (c.signum() < 0) {
            for (int k = 0; k < rest.size(); k++) {
                if (rest.get(k) instanceof Add a && a.terms().size() == 2
                        && a.terms().stream().filter(t -> coefficient(t).signum() < 0).count() == 1) {
                    List<Expr> ts = new ArrayList<>();
                    for (Expr t : a.terms()) ts.add(times(Rational.MINUS_ONE, t));
                    rest = new ArrayList<>(rest);
                    rest.set(k, add(ts));
                    c = c.negate();
                    break;
                }
            }
        }
        // Reciprocals go last, so that a product reads as one fraction: e^{-x} (1 + e^{-x})^{-2}.
        if (allScalarLike(rest)) {
            List<Expr> top = new ArrayList<>(), bottom = new ArrayList<>();
            for (Expr f : rest) (isReciprocal(f) ? bottom : top).add(f);
            rest = new ArrayList<>(top);
            rest.addAll(bottom);
        }
        List<Expr> out = new ArrayList<>();
        if (!c.isOne() || rest.isEmpty()) out.add(new Num(c, decimal && c.hasFiniteDecimal()));
        out.addAll(rest);
        return Expr.mul(out);
    }

    static boolean isReciprocal(Expr f) {
        return f instanceof Pow p && p.exponent() instanceof Num n && n.value().signum() < 0 && n.value().isInteger();
    }

    /** x·x → x², x^a·x^b → x^{a+b}, x·x^{-1} → 1; keeps the position of the first occurrence. */
    private static List<Expr> collectPowers(List<Expr> factors) {
        Map<String, Expr> base = new LinkedHashMap<>();
        Map<String, List<Expr>> exps = new LinkedHashMap<>();
        for (Expr f : factors) {
            Expr b = f instanceof Pow p ? p.base() : f;
            Expr x = f instanceof Pow p ? p.exponent() : Expr.num(1);
            String k = Canon.key(b);
            base.putIfAbsent(k, b);
            exps.computeIfAbsent(k, z -> new ArrayList<>()).add(x);
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<String, Expr> en : base.entrySet()) {
            List<Expr> xs = exps.get(en.getKey());
            if (xs.size() == 1) {
                out.add(pow(en.getValue(), xs.get(0)));
                continue;
            }
            Expr sum = add(xs);
            Expr p = pow(en.getValue(), sum);
            if (!Exprs.isNum(p, 1)) out.add(p);
        }
        return out;
    }

    /** Matrices, transposes and bold symbols do not commute; everything else here is scalar. */
    public static boolean isScalarLike(Expr e) {
        return switch (e) {
            case Matrix m -> false;
            case Transpose t -> false;
            // Capital letters (N, L, E) are scalars unless declared otherwise; vectors are bold or arrowed.
            case Sym s -> !s.styles().contains("bold") && !s.styles().contains("vec");
            case Pow p -> isScalarLike(p.base());
            case Mul m -> allScalarLike(m.factors());
            case Add a -> allScalarLike(a.terms());
            case Hadamard h -> false;
            default -> true;
        };
    }

    private static boolean allScalarLike(List<Expr> es) {
        for (Expr e : es) if (!isScalarLike(e)) return false;
        return true;
    }

    // ------------------------------------------------------------------ powers

    private static Expr pow(Expr b, Expr x) {
        if (Exprs.isNum(x, 0)) return Expr.num(1);
        if (Exprs.isNum(x, 1)) return b;
        if (Exprs.isNum(b, 1)) return Expr.num(1);
        if (b instanceof Num nb && x instanceof Num nx && nx.value().isInteger()) {
            int k = nx.value().num().intValueExact();
            if (Math.abs(k) <= 64 && !(nb.value().isZero() && k < 0))
                return new Num(nb.value().pow(k), nb.decimal());
        }
        // (b^a)^k = b^{a k} for integer k (true for all b where both sides are defined).
        if (b instanceof Pow inner && x instanceof Num nx && nx.value().isInteger()
                && inner.exponent() instanceof Num na && na.value().isInteger())
            return pow(inner.base(), Expr.num(na.value().multiply(nx.value())));
        // (c·u)^k with numeric c and integer k: pull the number out.
        return new Pow(b, x);
    }

    // ------------------------------------------------------------------ functions

    private static Expr apply(Apply ap) {
        if (!(ap.fn() instanceof Builtin b)) return ap;
        Expr a = ap.args().get(0);
        return switch (b.op()) {
            case EXP -> {
                if (Exprs.isNum(a, 0)) yield Expr.num(1);
                if (a instanceof Apply in && in.fn() instanceof Builtin ib && ib.op() == BuiltinFn.LOG) yield in.args().get(0);
                yield ap;
            }
            case LOG -> {
                if (Exprs.isNum(a, 1)) yield Expr.num(0);
                if (a instanceof Apply in && in.fn() instanceof Builtin ib && ib.op() == BuiltinFn.EXP) yield in.args().get(0);
                if (a instanceof Const c && c.kind() == ConstKind.E) yield Expr.num(1);
                yield ap;
            }
            case SIGN -> a instanceof Num n ? Expr.num(n.value().signum()) : ap;
            case RELU -> a instanceof Num n ? (n.value().signum() > 0 ? n : Expr.num(0)) : ap;
            case MAX, MIN -> {
                if (ap.args().stream().allMatch(x -> x instanceof Num)) {
                    Rational best = ((Num) ap.args().get(0)).value();
                    for (Expr x : ap.args()) {
                        Rational v = ((Num) x).value();
                        if (b.op() == BuiltinFn.MAX ? v.compareTo(best) > 0 : v.compareTo(best) < 0) best = v;
                    }
                    yield Expr.num(best);
                }
                yield ap;
            }
            case SIN, TAN, SINH, TANH -> Exprs.isNum(a, 0) ? Expr.num(0) : ap;
            case COS, COSH -> Exprs.isNum(a, 0) ? Expr.num(1) : ap;
            case SIGMOID, SOFTPLUS, SOFTMAX, ERF, NORMCDF, NORMPDF, GELU, SWISH -> ap;
        };
    }

    private static Expr indicator(Indicator ind) {
        Optional<Boolean> v = Conditions.decide(ind.condition());
        return v.<Expr>map(b -> Expr.num(b ? 1 : 0)).orElse(ind);
    }

    private static Expr piecewise(Piecewise pw) {
        List<Case> kept = new ArrayList<>();
        for (Case c : pw.cases()) {
            Optional<Boolean> v = Conditions.decide(c.condition());
            if (v.isPresent() && !v.get()) continue;               // never applies
            if (v.isPresent() && v.get() && kept.isEmpty()) return c.value(); // always the first match
            kept.add(c);
        }
        if (kept.isEmpty()) return pw.otherwise().orElse(pw);
        Expr first = kept.get(0).value();
        boolean same = kept.stream().allMatch(c -> c.value().equals(first))
                && pw.otherwise().map(first::equals).orElse(true);
        if (same && pw.otherwise().isPresent()) return first;
        return new Piecewise(kept, pw.otherwise());
    }

    // ------------------------------------------------------------------ indexed sums

    /** δ_{ii} = 1; δ_{12} = 0 and δ_{11} = 1 unless numbered deltas are kept for a step of their own. */
    private static Expr kronecker(Kronecker k, boolean numbered) {
        if (isNumbered(k)) return numbered ? Expr.num(k.i().equals(k.j()) ? 1 : 0) : k;
        return k.i().equals(k.j()) ? Expr.num(1) : k;
    }

    /** δ_{12}, δ_{11}: both indices are numbers, so the delta is a known 0 or 1. */
    public static boolean isNumbered(Kronecker k) {
        return k.i() instanceof Num && k.j() instanceof Num;
    }

    /** Σ_{i=2}^{2} u_i = u_2 and Π likewise; an empty range (from 3 to 2) is 0 for Σ and 1 for Π. */
    private static Expr singleTerm(BigOp b) {
        if (!(b.from().orElse(null) instanceof Num lo) || !(b.to().orElse(null) instanceof Num hi)
                || !lo.value().isInteger() || !hi.value().isInteger()) return null;
        Rational count = hi.value().subtract(lo.value()).add(Rational.ONE);
        if (count.isZero()) return Expr.num(b.kind() == BigOpKind.SUM ? 0 : 1);
        if (count.isOne()) return Exprs.substitute(b.body(), b.index(), Num.of(lo.value()));
        return null;
    }

    /**
     * Σ_i δ_{ij} u_i = u_j (the Kronecker delta picks one term; j is assumed to lie in the range),
     * Σ_i (a + b) = Σ_i a + Σ_i b, Σ_i c·u_i = c Σ_i u_i for c free of i, and Σ_i 0 = 0.
     */
    private static Expr bigOp(BigOp b) {
        Expr single = singleTerm(b);
        if (single != null) return single;
        if (b.kind() != BigOpKind.SUM) return b;
        Sym i = b.index();
        Expr body = b.body();
        if (Exprs.isNum(body, 0)) return Expr.num(0);
        if (body instanceof Add a) {
            List<Expr> parts = new ArrayList<>();
            for (Expr t : a.terms()) parts.add(bigOp(new BigOp(b.kind(), i, b.from(), b.to(), t)));
            return Expr.add(parts);
        }
        List<Expr> factors = body instanceof Mul m ? m.factors() : List.of(body);
        // Kronecker collapse
        for (int k = 0; k < factors.size(); k++) {
            if (factors.get(k) instanceof Kronecker d) {
                Expr other = null;
                if (d.i().equals(i) && !Exprs.contains(d.j(), i)) other = d.j();
                else if (d.j().equals(i) && !Exprs.contains(d.i(), i)) other = d.i();
                if (other != null) {
                    List<Expr> rest = new ArrayList<>(factors);
                    rest.remove(k);
                    return Indices.substitute(Expr.mul(rest), i, other); // Σ_m δ_{mj} Σ_j u_{jm}: rename the inner j first
                }
            }
        }
        // Pull factors that do not depend on the index out of the sum.
        List<Expr> outside = new ArrayList<>(), inside = new ArrayList<>();
        for (Expr f : factors) (Exprs.contains(f, i) ? inside : outside).add(f);
        if (!outside.isEmpty() && !inside.isEmpty()) {
            outside.add(new BigOp(b.kind(), i, b.from(), b.to(), Expr.mul(inside)));
            return Expr.mul(outside);
        }
        return b;
    }
}
