package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * A rule for an outer function F(u): it knows F'(u); when u is not the variable itself the chain
 * rule multiplies by du/dx, keeping the inner derivation as a sub-step.
 */
abstract class UnaryRule implements DiffRule {

    /** The rule for F. */
    abstract RuleDescriptor rule();

    @Override
    public List<RuleDescriptor> descriptors() {
        return List.of(rule());
    }

    /** The inner expression u when f has this rule's outer shape F(u), else null. */
    abstract Expr inner(Expr f);

    /** F'(u), written the way people write it (σ(u)(1 − σ(u)), 1 − tanh²(u)). */
    abstract Expr outerDerivative(Expr f, Expr u);

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        Expr u = inner(f);
        if (u == null) return null;
        Expr outer = outerDerivative(f, u);
        return Chain.compose(rule(), f, x, u, outer, d);
    }
}
