package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** softplus-rule: \frac{d}{du} \operatorname{softplus}(u) = \sigma(u) */
final class SoftplusRule extends UnaryRule {
    @Override public String name() { return "softplus-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\operatorname{softplus}(u) = \\sigma(u)"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.SOFTPLUS); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Fns.call(BuiltinFn.SIGMOID, u); }
}
