package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;

/** variable-rule: dx/dx = 1; for one index family, ∂w_i/∂w_j = δ_{ij} (kronecker-delta). */
final class VariableRule implements DiffRule {
    @Override public String name() { return "variable-rule"; }
    @Override public String identity() { return "\\frac{\\partial x}{\\partial x} = 1, \\quad \\frac{\\partial w_{i}}{\\partial w_{j}} = \\delta_{ij}"; }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Sym s)) return null;
        if (s.equals(x)) return new Step.RuleStep("variable-rule", f, x, Expr.num(1), List.of());
        if (org.chainrule.expr.Components.isComponentOf(x, s))
            throw new org.chainrule.derive.core.DeriveException("the derivative of a vector by one of its components is a vector; declare it (\\mathbf{x} \\in \\mathbb{R}^{n}) and differentiate by the vector itself");
        Expr p = Dependence.partial(s, x);
        return new Step.RuleStep("kronecker-delta", f, x, p, List.of());
    }
}
