package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** log-rule: \frac{d}{du} \log u = \frac{1}{u} */
final class LogRule extends UnaryRule {
    @Override public String name() { return "log-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\log u = \\frac{1}{u}"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.LOG); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.pow(u, -1); }
}
