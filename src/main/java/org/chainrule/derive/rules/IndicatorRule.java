package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Expr.Indicator;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;

/** indicator-rule: an indicator is piecewise constant, so its derivative is 0 away from the boundary. */
final class IndicatorRule implements DiffRule {
    @Override public String name() { return "indicator-rule"; }
    @Override public String identity() { return "\\frac{d}{dx} \\mathbf{1}(c(x)) = 0 \\quad \\text{(off the boundary)}"; }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Indicator)) return null;
        return new Step.RuleStep(name(), f, x, Expr.num(0), List.of());
    }
}
