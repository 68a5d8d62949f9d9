package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** sigmoid-rule: \frac{d}{du} \sigma(u) = \sigma(u)(1 - \sigma(u)) */
final class SigmoidRule extends UnaryRule {
    @Override public String name() { return "sigmoid-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\sigma(u) = \\sigma(u)(1 - \\sigma(u))"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.SIGMOID); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.mul(f, Expr.sub(Expr.num(1), f)); }
}
