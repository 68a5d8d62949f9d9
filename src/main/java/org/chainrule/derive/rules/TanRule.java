package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** tan-rule: \frac{d}{du} \tan u = 1 + \tan(u)^{2} */
final class TanRule extends UnaryRule {
    @Override public String name() { return "tan-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\tan u = 1 + \\tan(u)^{2}"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.TAN); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Expr.add(Expr.num(1), Expr.pow(f, 2)); }
}
