package org.chainrule.derive.rules;

import java.util.List;
import java.util.Set;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * indexed-sum-rule: ∂/∂w_j Σ_i u_i = Σ_i ∂u_i/∂w_j. The bound index is renamed first when the
 * variable uses the same letter (∂/∂w_i of Σ_i w_i x_i), and Kronecker deltas collapse the sum.
 */
final class IndexedSumRule implements DiffRule {
    @Override public List<RuleDescriptor> descriptors() { return List.of(Step.IndexedSum.RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof BigOp b) || b.kind() != BigOpKind.SUM) return null;
        BigOp sum = renameAwayFrom(b, x);
        Step inner = d.diff(sum.body(), x);
        Expr result = d.tidy(new BigOp(sum.kind(), sum.index(), sum.from(), sum.to(), inner.result()));
        // The step shows the sum with its renamed index (the same sum), so the parts read consistently.
        return new Step.IndexedSum(sum, x, result, inner);
    }

    /** Renames the bound index when it occurs in the variable, so ∂/∂w_i Σ_i … stays correct. */
    static BigOp renameAwayFrom(BigOp b, Sym x) {
        if (!Exprs.symbols(x).contains(b.index())) return b;
        Set<Sym> used = Exprs.symbols(b);
        used.addAll(Exprs.symbols(x));
        return Exprs.freshLetter(used, "k", "m", "l", "p", "q", "r", "s", "t").map(fresh -> Exprs.renameIndex(b, fresh))
                .orElseThrow(() -> new DeriveException("no free letter to rename the summation index " + b.index().name()));
    }
}
