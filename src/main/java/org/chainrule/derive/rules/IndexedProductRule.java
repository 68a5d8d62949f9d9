package org.chainrule.derive.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * indexed-product-rule: the product rule for Π, one term per factor with that factor differentiated,
 * ∂/∂x Π_{i=a}^{b} f_i = Σ_{j=a}^{b} (∂f_j/∂x) Π_{i=a}^{j-1} f_i Π_{i=j+1}^{b} f_i. The other factors
 * are written as the products below and above j, so the form holds even where some f_i is 0 (the
 * log-derivative Π f_i · Σ f_j'/f_j does not).
 */
final class IndexedProductRule implements DiffRule {
    static final RuleDescriptor RULE = new RuleDescriptor("indexed-product-rule", "product rule over the index",
            "\\frac{\\partial}{\\partial x} \\prod_{i=a}^{b} f_{i} = \\sum_{j=a}^{b} \\frac{\\partial f_{j}}{\\partial x} "
                    + "\\prod_{i=a}^{j - 1} f_{i} \\prod_{i=j + 1}^{b} f_{i}");

    @Override public List<RuleDescriptor> descriptors() { return List.of(RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof BigOp b) || b.kind() != BigOpKind.PROD) return null;
        if (b.from().isEmpty() || b.to().isEmpty())
            throw new DeriveException("a product \\prod without bounds cannot be differentiated term by term; write \\prod_{i=1}^{n}");
        BigOp prod = IndexedSumRule.renameAwayFrom(b, x);
        Sym i = prod.index();
        Set<Sym> used = Exprs.symbols(prod);
        used.addAll(Exprs.symbols(x));
        Optional<Sym> fresh = Exprs.freshLetter(used, "j", "k", "m", "l", "p", "q", "r", "s", "t");
        Sym j = fresh.orElseThrow(() -> new DeriveException("no free letter for the index of the product rule"));
        Step inner = d.diff(Exprs.substitute(prod.body(), i, j), x);
        Expr below = new BigOp(BigOpKind.PROD, i, prod.from(), Optional.of(Expr.sub(j, Expr.num(1))), prod.body());
        Expr above = new BigOp(BigOpKind.PROD, i, Optional.of(Expr.add(j, Expr.num(1))), prod.to(), prod.body());
        Expr sum = new BigOp(BigOpKind.SUM, j, prod.from(), prod.to(), Expr.mul(inner.result(), below, above));
        return new Step.Applied(RULE, prod, x, d.tidy(sum), List.of(inner));
    }
}
