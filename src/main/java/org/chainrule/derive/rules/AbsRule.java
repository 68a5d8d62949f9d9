package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Abs;

/** abs-rule: d/du |u| = sign(u), for u ≠ 0; at u = 0 chainrule uses the subgradient 0 = sign(0). */
final class AbsRule extends UnaryRule {
    @Override public String name() { return "abs-rule"; }
    @Override public String identity() { return "\\frac{d}{du} |u| = \\operatorname{sign}(u)"; }
    @Override Expr inner(Expr f) { return f instanceof Abs a ? a.arg() : null; }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.apply(BuiltinFn.SIGN, u); }
}
