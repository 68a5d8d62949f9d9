package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** relu-rule: \frac{d}{du} \operatorname{ReLU}(u) = \mathbf{1}(u > 0) */
final class ReluRule extends UnaryRule {
    @Override public String name() { return "relu-rule"; }
    @Override public String identity() { return "\\frac{d}{du} \\operatorname{ReLU}(u) = \\mathbf{1}(u > 0)"; }
    @Override Expr inner(Expr f) { return Fns.arg(f, BuiltinFn.RELU); }
    @Override Expr outerDerivative(Expr f, Expr u) { return new Indicator(Rel.of(u, RelOp.GT, Expr.num(0))); }
}
