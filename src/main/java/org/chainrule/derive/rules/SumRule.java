package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Expr.Add;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;

/** sum-rule: (u + v)' = u' + v'. */
final class SumRule implements DiffRule {
    @Override public String name() { return "sum-rule"; }
    @Override public String identity() { return "\\frac{d}{dx}(u + v) = \\frac{du}{dx} + \\frac{dv}{dx}"; }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Add a)) return null;
        List<Step> parts = new ArrayList<>();
        List<Expr> results = new ArrayList<>();
        for (Expr t : a.terms()) {
            Step s = d.diff(t, x);
            parts.add(s);
            results.add(s.result());
        }
        return new Step.RuleStep(name(), f, x, d.tidy(Expr.add(results)), parts);
    }
}
