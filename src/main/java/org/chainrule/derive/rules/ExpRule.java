package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** exp-rule: \frac{d}{du} e^{u} = e^{u} */
final class ExpRule extends UnaryRule {
    @Override public String name() { return "exp-rule"; }
    @Override public String identity() { return "\\frac{d}{du} e^{u} = e^{u}"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.EXP); }
    @Override Expr outerDerivative(Expr f, Expr u) { return f; }
}
