package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** cos-rule: \frac{d}{du} \cos u = -\sin u */
final class CosRule extends UnaryRule {
    @Override public String name() { return "cos-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\cos u = -\\sin u"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.COS); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.neg(Fns.call(BuiltinFn.SIN, u)); }
}
