package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Indicator;
import org.chainrule.expr.Expr.Sym;

/** indicator-rule: an indicator is piecewise constant, so its derivative is 0 away from the boundary. */
final class IndicatorRule implements DiffRule {
    static final RuleDescriptor RULE = new RuleDescriptor("indicator-rule", "indicator is piecewise constant",
            "\\frac{d}{dx} \\mathbf{1}(c(x)) = 0", List.of(Convention.STEP_ALMOST_EVERYWHERE));

    @Override public List<RuleDescriptor> descriptors() { return List.of(RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Indicator)) return null;
        return new Step.Applied(RULE, f, x, Expr.num(0), List.of());
    }
}
