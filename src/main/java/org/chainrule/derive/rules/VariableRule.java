package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/** variable-rule: dx/dx = 1; for one index family, ∂w_i/∂w_j = δ_{ij} (kronecker-delta). */
final class VariableRule implements DiffRule {
    static final RuleDescriptor KRONECKER_DELTA = new RuleDescriptor("kronecker-delta", "Kronecker delta",
            "\\frac{\\partial w_{i}}{\\partial w_{j}} = \\delta_{ij}");

    @Override public List<RuleDescriptor> descriptors() { return List.of(Step.Variable.RULE, KRONECKER_DELTA); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Sym s)) return null;
        if (s.equals(x)) return new Step.Variable(f, x);
        if (Components.isComponentOf(x, s))
            throw new DeriveException("the derivative of a vector by one of its components is a vector; declare it (\\mathbf{x} \\in \\mathbb{R}^{n}) and differentiate by the vector itself");
        Expr p = Dependence.partial(s, x);
        return new Step.Applied(KRONECKER_DELTA, f, x, p, List.of());
    }
}
