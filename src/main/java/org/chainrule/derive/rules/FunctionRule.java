package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;

/**
 * The rule of one function of the table (sigmoid-rule, tanh-rule, gelu-rule …): F'(u) is the table's
 * derivative template, and the chain rule multiplies by du/dx. Name and identity come from the table too.
 */
final class FunctionRule extends UnaryRule {
    private final BuiltinFn op;

    FunctionRule(BuiltinFn op) {
        this.op = op;
    }

    @Override public String name() { return op.spec.rule(); }
    @Override public String identity() { return op.spec.identity(); }
    @Override Expr inner(Expr f) { return Fns.arg(f, op); }
    @Override Expr outerDerivative(Expr f, Expr u) { return op.derivative(u); }
}
