package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;

/** The chain rule, shared by every rule for an outer function. */
final class Chain {
    private Chain() {}

    /** d/dx F(u) = F'(u) · du/dx; when u is x itself the rule stands alone. */
    static Step compose(String rule, Expr f, Sym x, Expr u, Expr outer, Differentiator d) {
        Expr tidyOuter = d.tidy(outer);
        if (u.equals(x)) return new Step.RuleStep(rule, f, x, tidyOuter, List.of());
        Step inner = d.diff(u, x);
        Expr result = d.tidy(Expr.mul(tidyOuter, inner.result()));
        return new Step.ChainStep(f, x, result, rule, u, tidyOuter, inner);
    }
}
