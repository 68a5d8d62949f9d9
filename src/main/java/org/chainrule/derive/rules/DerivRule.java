package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** higher-derivative-rule: ∂/∂x of a derivative kept symbolic is the mixed derivative. */
final class DerivRule implements DiffRule {
    static final RuleDescriptor RULE = new RuleDescriptor("higher-derivative-rule", "mixed derivative",
            "\\frac{\\partial}{\\partial x} \\frac{\\partial g}{\\partial w} = \\frac{\\partial^{2} g}{\\partial w \\partial x}");

    @Override public List<RuleDescriptor> descriptors() { return List.of(RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Deriv dv)) return null;
        List<Expr> wrt = new ArrayList<>(dv.wrt());
        wrt.add(x);
        return new Step.Opaque(RULE, f, x, new Deriv(dv.f(), wrt, true), "symbolic");
    }
}
