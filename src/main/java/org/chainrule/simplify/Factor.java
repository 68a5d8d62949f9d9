package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;

/** Pulls factors common to every term of a sum out in front: s_i δ_ij − s_i s_j → s_i(δ_ij − s_j). */
public final class Factor {
    private Factor() {}

    public static Expr common(Expr e) {
        Expr inner = Exprs.mapChildren(e, Factor::common);
        if (!(inner instanceof Add a) || !Simplifier.isScalarLike(a)) return inner;
        // For each term: base key → exponent (numbers only), e.g. f − f² gives {f: 1} and {f: 2}.
        List<Map<String, Rational>> exps = new ArrayList<>();
        Map<String, Expr> bases = new LinkedHashMap<>();
        for (Expr t : a.terms()) {
            Map<String, Rational> m = new LinkedHashMap<>();
            for (Expr f : factors(Simplifier.withoutCoefficient(t))) {
                if (f instanceof Num) continue;
                Expr b = f instanceof Pow p && p.exponent() instanceof Num ? p.base() : f;
                Rational x = f instanceof Pow p && p.exponent() instanceof Num n ? n.value() : Rational.ONE;
                String k = Canon.key(b);
                bases.putIfAbsent(k, b);
                m.merge(k, x, Rational::add);
            }
            exps.add(m);
        }
        Map<String, Rational> shared = new LinkedHashMap<>();
        for (Map.Entry<String, Rational> en : exps.get(0).entrySet()) {
            Rational min = en.getValue();
            boolean everywhere = min.signum() > 0;
            for (Map<String, Rational> m : exps) {
                Rational v = m.get(en.getKey());
                if (v == null || v.signum() <= 0) { everywhere = false; break; }
                if (v.compareTo(min) < 0) min = v;
            }
            if (everywhere) shared.put(en.getKey(), min);
        }
        if (shared.isEmpty()) return inner;
        List<Expr> rest = new ArrayList<>();
        for (Expr t : a.terms()) {
            List<Expr> fs = new ArrayList<>();
            fs.add(t);
            for (Map.Entry<String, Rational> en : shared.entrySet())
                fs.add(Expr.pow(bases.get(en.getKey()), Expr.num(en.getValue().negate())));
            rest.add(Simplifier.simplify(Expr.mul(fs)));
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<String, Rational> en : shared.entrySet())
            out.add(Simplifier.simplify(Expr.pow(bases.get(en.getKey()), Expr.num(en.getValue()))));
        out.add(Simplifier.simplify(Expr.add(rest)));
        return Simplifier.simplify(Expr.mul(out));
    }

    private static List<Expr> factors(Expr e) {
        return e instanceof Mul m ? m.factors() : List.of(e);
    }
}
