package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** sinh-rule: \frac{d}{du} \sinh u = \cosh u */
final class SinhRule extends UnaryRule {
    @Override public String name() { return "sinh-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\sinh u = \\cosh u"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.SINH); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Fns.call(BuiltinFn.COSH, u); }
}
