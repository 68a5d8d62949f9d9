package org.chainrule.derive.rules;

import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/** log-base-rule: d/du log_b u = 1/(u ln b). */
final class LogBaseRule extends UnaryRule {
    static final RuleDescriptor RULE = new RuleDescriptor("log-base-rule", "logarithm rule, base b",
            "\\frac{d}{du} \\log_{b} u = \\frac{1}{u \\log b}");

    @Override RuleDescriptor rule() { return RULE; }
    @Override Expr inner(Expr f) {
        return f instanceof Apply ap && ap.fn() instanceof LogBase && ap.args().size() == 1 ? ap.args().get(0) : null;
    }
    @Override Expr outerDerivative(Expr f, Expr u) {
        Expr b = ((LogBase) ((Apply) f).fn()).base();
        return Expr.div(Expr.num(1), Expr.mul(u, Expr.apply(BuiltinFn.LOG, b)));
    }
}
