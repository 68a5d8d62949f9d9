package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/**
 * dot-product-rule: ∂(uᵀv)/∂u_i = v_i for vector symbols u, v (ŷ = Wᵀx gives ∂ŷ/∂w_i = x_i). The
 * component form of the matrix rule ∂(aᵀx)/∂x = a, for scalar derivations by index.
 */
final class DotProductRule implements DiffRule {
    static final RuleDescriptor RULE = new RuleDescriptor("dot-product-rule", "derivative of a dot product",
            "\\frac{\\partial}{\\partial u_{i}} \\mathbf{u}^{\\top} \\mathbf{v} = v_{i}");

    @Override public List<RuleDescriptor> descriptors() { return List.of(RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Mul m) || m.factors().size() != 2) return null;
        if (!(m.factors().get(0) instanceof Transpose t) || !(t.arg() instanceof Sym u) || !(m.factors().get(1) instanceof Sym v))
            return null;
        if (!Components.isVectorSymbol(u) || !Components.isVectorSymbol(v)) return null;
        Expr result;
        if (Components.isComponentOf(x, u) && Components.isComponentOf(x, v)) {
            result = Expr.mul(Expr.num(2), x); // uᵀu = Σ u_i²
        } else if (Components.isComponentOf(x, u)) {
            result = Components.component(v, x.sub());
        } else if (Components.isComponentOf(x, v)) {
            result = Components.component(u, x.sub());
        } else {
            return null;
        }
        return new Step.Applied(RULE, f, x, result, List.of());
    }
}
