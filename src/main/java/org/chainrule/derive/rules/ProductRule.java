package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Rational;

/**
 * Products, in three rules: constant-multiple-rule when one factor depends on x ((c·u)' = c·u'),
 * quotient-rule when a numerator and a denominator both do ((u/v)' = (u'v − uv')/v²), and
 * product-rule otherwise ((uv)' = u'v + uv', for any number of factors); each has a step type of its own.
 */
final class ProductRule implements DiffRule {
    @Override
    public List<RuleDescriptor> descriptors() {
        return List.of(Step.ConstantMultiple.RULE, Step.Product.RULE, Step.Quotient.RULE);
    }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Mul m)) return null;
        List<Expr> constant = new ArrayList<>(), varying = new ArrayList<>();
        for (Expr factor : m.factors()) (Dependence.dependsOn(factor, x) ? varying : constant).add(factor);
        if (varying.size() == 1) {
            Step inner = d.diff(varying.get(0), x);
            List<Expr> r = new ArrayList<>(constant);
            r.add(inner.result());
            return new Step.ConstantMultiple(f, x, d.tidy(Expr.mul(r)), inner);
        }
        // u/v with both varying: the quotient rule reads the way students are taught.
        List<Expr> num = new ArrayList<>(), den = new ArrayList<>();
        for (Expr factor : varying) {
            if (factor instanceof Pow p && p.exponent() instanceof Num n && n.value().equals(Rational.MINUS_ONE))
                den.add(p.base());
            else num.add(factor);
        }
        if (den.size() == 1 && !num.isEmpty()) {
            Expr u = Expr.mul(num), v = den.get(0);
            Step du = d.diff(u, x), dv = d.diff(v, x);
            Expr top = Expr.sub(Expr.mul(du.result(), v), Expr.mul(u, dv.result()));
            List<Expr> r = new ArrayList<>(constant);
            r.add(Expr.div(top, Expr.pow(v, 2)));
            return new Step.Quotient(f, x, d.tidy(Expr.mul(r)), du, dv);
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
        return new Step.Product(f, x, d.tidy(Expr.add(terms)), parts);
    }
}
