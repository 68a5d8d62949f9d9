package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** sign-rule: \frac{d}{du} \operatorname{sign}(u) = 0 \quad (u \ne 0) */
final class SignRule extends UnaryRule {
    @Override public String name() { return "sign-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\operatorname{sign}(u) = 0 \\quad (u \\ne 0)"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.SIGN); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.num(0); }
}
