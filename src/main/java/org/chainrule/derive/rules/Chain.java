package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/** The chain rule ({@link Step.Chain#RULE}), shared by every rule for an outer function. */
final class Chain {
    private Chain() {}

    /** d/dx F(u) = F'(u) · du/dx; when u is x itself the rule stands alone. */
    static Step compose(RuleDescriptor rule, Expr f, Sym x, Expr u, Expr outer, Differentiator d) {
        Expr tidyOuter = d.tidy(outer);
        if (u.equals(x)) return new Step.Applied(rule, f, x, tidyOuter, List.of());
        Step inner = d.diff(u, x);
        Expr result = d.tidy(Expr.mul(tidyOuter, inner.result()));
        return new Step.Chain(rule, f, x, result, u, tidyOuter, inner);
    }
}
