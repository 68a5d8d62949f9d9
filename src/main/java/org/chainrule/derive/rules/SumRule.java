package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Add;
import org.chainrule.expr.Expr.Sym;

/** sum-rule: (u + v)' = u' + v'; its step is a {@link Step.Sum}. */
final class SumRule implements DiffRule {
    @Override public List<RuleDescriptor> descriptors() { return List.of(Step.Sum.RULE); }

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
        return new Step.Sum(f, x, d.tidy(Expr.add(results)), parts);
    }
}
