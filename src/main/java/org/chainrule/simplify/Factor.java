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
        List<Map<String, Expr>> termFactors = new ArrayList<>();
        for (Expr t : a.terms()) {
            Map<String, Expr> fs = new LinkedHashMap<>();
            for (Expr f : Simplifier.withoutCoefficient(t) instanceof Mul m ? m.factors() : List.of(Simplifier.withoutCoefficient(t)))
                if (!(f instanceof Num)) fs.putIfAbsent(Canon.key(f), f);
            termFactors.add(fs);
        }
        Map<String, Expr> shared = new LinkedHashMap<>(termFactors.get(0));
        for (Map<String, Expr> fs : termFactors) shared.keySet().retainAll(fs.keySet());
        if (shared.isEmpty()) return inner;
        List<Expr> rest = new ArrayList<>();
        for (Expr t : a.terms()) {
            Rational c = Simplifier.coefficient(t);
            List<Expr> keep = new ArrayList<>();
            keep.add(Expr.num(c));
            Expr body = Simplifier.withoutCoefficient(t);
            boolean removed = false;
            List<String> toRemove = new ArrayList<>(shared.keySet());
            for (Expr f : body instanceof Mul m ? m.factors() : List.of(body)) {
                String k = Canon.key(f);
                if (toRemove.remove(k)) { removed = true; continue; }
                keep.add(f);
            }
            if (!removed) return inner;
            rest.add(Simplifier.simplify(Expr.mul(keep)));
        }
        List<Expr> out = new ArrayList<>(shared.values());
        out.add(Simplifier.simplify(Expr.add(rest)));
        return Simplifier.simplify(Expr.mul(out));
    }
}
