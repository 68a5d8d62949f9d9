package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/**
 * softmax-rule: ∂ softmax(a)_i / ∂a_j = softmax(a)_i (δ_{ij} − softmax(a)_j). Matrix calculus uses the
 * same rule for the whole vector, so its descriptor is public.
 */
public final class SoftmaxRule implements DiffRule {
    public static final RuleDescriptor RULE = new RuleDescriptor("softmax-rule", "softmax rule",
            "\\frac{\\partial s_{i}}{\\partial a_{j}} = s_{i} (\\delta_{ij} - s_{j}), \\quad s = \\operatorname{softmax}(\\mathbf{a})");

    @Override public List<RuleDescriptor> descriptors() { return List.of(RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Index ix) || ix.indices().size() != 1) return null;
        if (!(ix.base() instanceof Apply ap) || !(ap.fn() instanceof Builtin b) || b.op() != BuiltinFn.SOFTMAX) return null;
        Expr a = ap.args().get(0);
        if (!(a instanceof Sym vec) || !Components.isVectorSymbol(vec))
            throw new DeriveException("softmax of an expression: name the vector first (\\mathbf{a} = …) and differentiate through it");
        if (!Components.isComponentOf(x, vec)) {
            if (Dependence.dependsOn(a, x)) throw new DeriveException("softmax can be differentiated only by a component of its argument");
            return null;
        }
        Expr i = ix.indices().get(0), j = x.sub().get(0);
        Expr si = f, sj = new Index(ap, List.of(j));
        Expr result = d.tidy(Expr.mul(si, Expr.sub(Dependence.kronecker(i, j), sj)));
        return new Step.Applied(RULE, f, x, result, List.of());
    }
}
