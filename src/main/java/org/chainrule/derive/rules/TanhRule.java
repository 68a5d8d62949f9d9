package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** tanh-rule: \frac{d}{du} \tanh u = 1 - \tanh(u)^{2} */
final class TanhRule extends UnaryRule {
    @Override public String name() { return "tanh-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\tanh u = 1 - \\tanh(u)^{2}"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.TANH); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.sub(Expr.num(1), Expr.pow(f, 2)); }
}
