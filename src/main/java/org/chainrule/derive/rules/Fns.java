package org.chainrule.derive.rules;

import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Apply;
import org.chainrule.expr.Expr.Builtin;

/** Matching built-in applications. */
final class Fns {
    private Fns() {}

    /** The single argument of op(u), or null when f is not that. */
    static Expr arg(Expr f, BuiltinFn op) {
        if (f instanceof Apply ap && ap.fn() instanceof Builtin b && b.op() == op && ap.args().size() == 1)
            return ap.args().get(0);
        return null;
    }

    static Expr call(BuiltinFn op, Expr u) {
        return Expr.apply(op, u);
    }
}
