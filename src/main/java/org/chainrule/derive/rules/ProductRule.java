package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Expr;

/**
 * Products, in three rules: constant-multiple-rule when one factor depends on x ((c·u)' = c·u'),
 * quotient-rule when a numerator and a denominator both do ((u/v)' = (u'v − uv')/v²), and
 * product-rule otherwise ((uv)' = u'v + uv', for any number of factors).
 */
final class ProductRule implements DiffRule {
    @Override public String name() { return "product-rule"; }
    @Override public String identity() { return "\\frac{d}{dx}(u v) = \\frac{du}{dx} v + u \\frac{dv}{dx}"; }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Mul m)) return null;
        List<Expr> constant = new ArrayList<>(), varying = new ArrayList<>();
        for (Expr factor : m.factors()) (Dependence.dependsOn(factor, x) ? varying : constant).add(factor);
        if (varying.size() == 1) {
            Step inner = d.diff(varying.get(0), x);
            List<Expr> r = new ArrayList<>(constant);
            r.add(inner.result());
            return new Step.RuleStep("constant-multiple-rule", f, x, d.tidy(Expr.mul(r)), List.of(inner));
        }
        // u/v with both varying: the quotient rule reads the way students are taught.
        List<Expr> num = new ArrayList<>(), den = new ArrayList<>();
        for (Expr factor : varying) {
            if (factor instanceof Pow p && p.exponent() instanceof Num n && n.value().equals(org.chainrule.expr.Rational.MINUS_ONE))
                den.add(p.base());
            else num.add(factor);
        }
        if (den.size() == 1 && !num.isEmpty()) {
            Expr u = Expr.mul(num), v = den.get(0);
            Step du = d.diff(u, x), dv = d.diff(v, x);
            Expr top = Expr.sub(Expr.mul(du.result(), v), Expr.mul(u, dv.result()));
            List<Expr> r = new ArrayList<>(constant);
            r.add(Expr.div(top, Expr.pow(v, 2)));
            return new Step.RuleStep("quotient-rule", f, x, d.tidy(Expr.mul(r)), List.of(du, dv));
        }
        List<Step> parts = new ArrayList<>();
        List<Expr> terms = new ArrayList<>();
        for (int k = 0; k < varying.size(); k++) {
            Step s = d.diff(varying.get(k), x);
            parts.add(s);
            List<Expr> term = new ArrayList<>(constant);
            for (int j = 0; j < varying.size(); j++) term.add(j == k ? s.result() : varying.get(j));
            terms.add(Expr.mul(term));
        }
        return new Step.RuleStep(name(), f, x, d.tidy(Expr.add(terms)), parts);
    }
}
