package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Add;
import org.chainrule.expr.Expr.Apply;
import org.chainrule.expr.Expr.Builtin;
import org.chainrule.expr.Expr.Const;
import org.chainrule.expr.Expr.ConstKind;
import org.chainrule.expr.Expr.Mul;
import org.chainrule.expr.Expr.Num;
import org.chainrule.expr.Expr.Pow;
import org.chainrule.expr.Exprs;

/**
 * The logistic identities a TA writes a final answer in: e^v/(1 + e^v) = σ(v), 1/(1 + e^{−u}) = σ(u) and
 * e^v/(1 + e^v)² = σ(v)(1 − σ(v)), so softplus′ reads σ(βx) and σ′ reads σ(1 − σ). Each is an identity
 * for every real v; the verifier checks the answer it produces like any other. Likewise
 * (e^v − e^{−v})/(e^v + e^{−v}) = tanh(v), so tanh′ written out reads 1 − tanh²(v).
 */
public final class Identities {
    private Identities() {}

    /** e with every quotient of exponentials above written with σ. */
    public static Expr sigmoid(Expr e) {
        // A product's factors are rewritten inside, not as wholes: (1 + e^v)^{-1} must still be seen
        // beside its numerator e^v.
        if (e instanceof Mul mul) return product(mul.factors().stream().map(Identities::inside).toList());
        if (e instanceof Pow) return product(List.of(inside(e)));
        return Exprs.mapChildren(e, Identities::sigmoid);
    }

    private static Expr inside(Expr e) {
        return e instanceof Pow p ? new Pow(sigmoid(p.base()), sigmoid(p.exponent())) : sigmoid(e);
    }

    private static Expr product(List<Expr> factors) {
        Optional<List<Expr>> t = tanh(factors);
        if (t.isPresent()) return product(t.get());
        for (int i = 0; i < factors.size(); i++) {
            if (!(factors.get(i) instanceof Pow p && p.exponent() instanceof Num n && n.value().isInteger())) continue;
            long k = -n.value().num().longValueExact();
            if (k != 1 && k != 2) continue;
            Optional<Expr> v = onePlusExp(p.base());
            if (v.isEmpty()) continue;
            int num = indexOfExp(factors, v.get(), i);
            List<Expr> rest = new ArrayList<>(factors);
            if (num >= 0) {
                // e^v (1 + e^v)^{-k}
                Expr s = sigma(k == 1 ? v.get() : plainer(v.get()));
                rest.set(i, k == 1 ? s : Expr.mul(s, Expr.add(Expr.num(1), Expr.neg(s))));
                rest.remove(num);
            } else if (k == 1) {
                // (1 + e^v)^{-1} = σ(−v)
                rest.set(i, sigma(Simplifier.simplify(Expr.neg(v.get()))));
            } else {
                continue;
            }
            return product(flatten(rest));
        }
        return Expr.mul(factors);
    }

    /**
     * (e^v − e^{−v})^m (e^v + e^{−v})^{−m} = tanh(v)^m, so that tanh′ reads 1 − tanh²(v): the factors
     * with one such pair replaced, or nothing when there is none.
     */
    private static Optional<List<Expr>> tanh(List<Expr> factors) {
        for (int i = 0; i < factors.size(); i++) {
            Expr f = factors.get(i);
            if (!(f instanceof Pow p && p.exponent() instanceof Num n && n.value().isInteger() && n.value().signum() < 0)) continue;
            Expr m = Expr.num(n.value().num().negate().longValueExact());
            Optional<Expr> v = cosh(p.base());
            if (v.isEmpty()) continue;
            for (int j = 0; j < factors.size(); j++) {
                if (j == i) continue;
                Expr g = factors.get(j);
                Expr base = g instanceof Pow q && q.exponent().equals(m) ? q.base() : Exprs.isNum(m, 1) ? g : null;
                if (base == null) continue;
                Optional<Expr> w = sinh(base);
                if (w.isEmpty() || !(w.get().equals(v.get()) || w.get().equals(Simplifier.simplify(Expr.neg(v.get()))))) continue;
                List<Expr> rest = new ArrayList<>(factors);
                Expr th = Expr.apply(BuiltinFn.TANH, w.get());
                rest.set(i, Exprs.isNum(m, 1) ? th : new Pow(th, m));
                rest.remove(j);
                return Optional.of(flatten(rest));
            }
        }
        return Optional.empty();
    }

    /** v when e is e^v + e^{−v} (either order; v is the exponent of the first term). */
    private static Optional<Expr> cosh(Expr e) {
        if (!(e instanceof Add a) || a.terms().size() != 2) return Optional.empty();
        Optional<Expr> u = exponent(a.terms().get(0)), w = exponent(a.terms().get(1));
        if (u.isEmpty() || w.isEmpty() || !Simplifier.simplify(Expr.neg(u.get())).equals(Simplifier.simplify(w.get()))) return Optional.empty();
        return u;
    }

    /** v when e is e^v − e^{−v} (in either order). */
    private static Optional<Expr> sinh(Expr e) {
        if (!(e instanceof Add a) || a.terms().size() != 2) return Optional.empty();
        for (int k = 0; k < 2; k++) {
            Optional<Expr> u = exponent(a.terms().get(k));
            Expr other = a.terms().get(1 - k);
            if (u.isEmpty() || !(other instanceof Mul nm) || nm.factors().size() != 2 || !Exprs.isNum(nm.factors().get(0), -1)) continue;
            Optional<Expr> w = exponent(nm.factors().get(1));
            if (w.isPresent() && Simplifier.simplify(Expr.neg(u.get())).equals(Simplifier.simplify(w.get()))) return u;
        }
        return Optional.empty();
    }

    private static Expr sigma(Expr v) {
        return Expr.apply(BuiltinFn.SIGMOID, v);
    }

    /** v or −v, whichever is smaller: σ(v)(1 − σ(v)) is the same for both, and σ(x)(1 − σ(x)) reads better than σ(−x)(…). */
    private static Expr plainer(Expr v) {
        Expr u = Simplifier.simplify(Expr.neg(v));
        return Exprs.size(u) < Exprs.size(v) ? u : v;
    }

    private static List<Expr> flatten(List<Expr> fs) {
        List<Expr> out = new ArrayList<>();
        for (Expr f : fs) {
            if (f instanceof Mul m) out.addAll(m.factors());
            else out.add(f);
        }
        return out;
    }

    /** v when e is 1 + e^v (in either order). */
    private static Optional<Expr> onePlusExp(Expr e) {
        if (!(e instanceof Add a) || a.terms().size() != 2) return Optional.empty();
        for (int j = 0; j < 2; j++) {
            if (Exprs.isNum(a.terms().get(j), 1)) return exponent(a.terms().get(1 - j));
        }
        return Optional.empty();
    }

    /** v when e is e^v or exp(v). */
    private static Optional<Expr> exponent(Expr e) {
        if (e instanceof Pow p && p.base() instanceof Const c && c.kind() == ConstKind.E) return Optional.of(p.exponent());
        if (e instanceof Apply ap && ap.fn() instanceof Builtin b && b.op() == BuiltinFn.EXP) return Optional.of(ap.args().get(0));
        return Optional.empty();
    }

    private static int indexOfExp(List<Expr> factors, Expr v, int skip) {
        for (int j = 0; j < factors.size(); j++) {
            if (j == skip) continue;
            Optional<Expr> w = exponent(factors.get(j));
            if (w.isPresent() && Simplifier.simplify(w.get()).equals(Simplifier.simplify(v))) return j;
        }
        return -1;
    }
}
