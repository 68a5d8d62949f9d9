package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** cosh-rule: \frac{d}{du} \cosh u = \sinh u */
final class CoshRule extends UnaryRule {
    @Override public String name() { return "cosh-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\cosh u = \\sinh u"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.COSH); }
    @Override Expr outerDerivative(Expr f, Expr u) { return Fns.call(BuiltinFn.SINH, u); }
}
