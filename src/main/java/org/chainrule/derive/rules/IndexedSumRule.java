package org.chainrule.derive.rules;

import java.util.List;
import java.util.Set;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Exprs;

/**
 * indexed-sum-rule: ∂/∂w_j Σ_i u_i = Σ_i ∂u_i/∂w_j. The bound index is renamed first when the
 * variable uses the same letter (∂/∂w_i of Σ_i w_i x_i), and Kronecker deltas collapse the sum.
 */
final class IndexedSumRule implements DiffRule {
    @Override public String name() { return "indexed-sum-rule"; }
    @Override public String identity() { return "\\frac{\\partial}{\\partial w_{j}} \\sum_{i} u_{i} = \\sum_{i} \\frac{\\partial u_{i}}{\\partial w_{j}}"; }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof BigOp b) || b.kind() != BigOpKind.SUM) return null;
        BigOp sum = renameAwayFrom(b, x);
        Step inner = d.diff(sum.body(), x);
        Expr result = d.tidy(new BigOp(sum.kind(), sum.index(), sum.from(), sum.to(), inner.result()));
        // The step shows the sum with its renamed index (the same sum), so the parts read consistently.
        return new Step.RuleStep(name(), sum, x, result, List.of(inner));
    }

    /** Renames the bound index when it occurs in the variable, so ∂/∂w_i Σ_i … stays correct. */
    static BigOp renameAwayFrom(BigOp b, Sym x) {
        if (!Exprs.symbols(x).contains(b.index())) return b;
        Set<Sym> used = Exprs.symbols(b);
        used.addAll(Exprs.symbols(x));
        return Exprs.freshLetter(used, "k", "m", "l", "p", "q", "r", "s", "t").map(fresh -> Exprs.renameIndex(b, fresh))
                .orElseThrow(() -> new org.chainrule.derive.core.DeriveException("no free letter to rename the summation index " + b.index().name()));
    }
}
