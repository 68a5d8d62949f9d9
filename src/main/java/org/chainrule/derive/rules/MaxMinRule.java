package org.chainrule.derive.rules;

import java.util.List;
import java.util.Optional;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.simplify.Conditions;

/**
 * max-rule / min-rule: max(a, b) is written as cases, {a if a > b; b otherwise}, then differentiated
 * case by case. A varying argument is put first (max(0, u) = {u if u > 0; 0 otherwise}), so at a tie
 * the derivative is the constant case's: ReLU'(0) = 0, and the hinge's derivative at the margin is 0.
 */
final class MaxMinRule implements DiffRule {
    static final RuleDescriptor MAX = new RuleDescriptor("max-rule", "max as cases",
            "\\max(u, v) = \\begin{cases} u & u > v \\\\ v & \\text{otherwise} \\end{cases}", List.of(Convention.MAX_AT_TIE));
    static final RuleDescriptor MIN = new RuleDescriptor("min-rule", "min as cases",
            "\\min(u, v) = \\begin{cases} u & u < v \\\\ v & \\text{otherwise} \\end{cases}", List.of(Convention.MAX_AT_TIE));

    @Override public List<RuleDescriptor> descriptors() { return List.of(MAX, MIN); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Apply ap) || !(ap.fn() instanceof Builtin b)) return null;
        if (b.op() != BuiltinFn.MAX && b.op() != BuiltinFn.MIN) return null;
        boolean max = b.op() == BuiltinFn.MAX;
        List<Expr> args = ap.args();
        Expr a = args.get(0);
        Expr rest = args.size() == 2 ? args.get(1) : new Apply(ap.fn(), args.subList(1, args.size()));
        if (!Dependence.dependsOn(a, x) && Dependence.dependsOn(rest, x)) {
            Expr t = a; a = rest; rest = t;
        }
        Expr cond = Conditions.tidy(Rel.of(a, max ? RelOp.GT : RelOp.LT, rest));
        Piecewise cases = new Piecewise(List.of(new Case(a, cond)), Optional.of(rest));
        Step inner = d.diff(cases, x);
        return new Step.MaxMin(max ? MAX : MIN, f, x, inner.result(), inner);
    }
}
