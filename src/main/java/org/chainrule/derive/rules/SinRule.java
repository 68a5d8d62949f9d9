package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** sin-rule: \frac{d}{du} \sin u = \cos u */
final class SinRule extends UnaryRule {
    @Override public String name() { return "sin-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\sin u = \\cos u"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.SIN); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Fns.call(BuiltinFn.COS, u); }
}
