package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Abs;

/** abs-rule: d/du |u| = sign(u), for u ≠ 0; at u = 0 chainrule uses the subgradient 0 = sign(0). */
final class AbsRule extends UnaryRule {
    static final RuleDescriptor RULE = new RuleDescriptor("abs-rule", "absolute value rule",
            "\\frac{d}{du} |u| = \\operatorname{sign}(u)", List.of(Convention.ABS_AT_ZERO));

    @Override RuleDescriptor rule() { return RULE; }
    @Override Expr inner(Expr f) { return f instanceof Abs a ? a.arg() : null; }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.apply(BuiltinFn.SIGN, u); }
}
