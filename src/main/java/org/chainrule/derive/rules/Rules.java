package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.DiffRule;

/** Every differentiation rule, in the order the differentiator tries them. */
public final class Rules {
    private Rules() {}

    public static final List<DiffRule> ALL = List.of(
            new VariableRule(),
            new SumRule(),
            new IndexedSumRule(),
            new IndexedProductRule(),
            new DotProductRule(),
            new ProductRule(),
            new PowerRule(),
            new ExpRule(),
            new LogRule(),
            new LogBaseRule(),
            new SinRule(),
            new CosRule(),
            new TanRule(),
            new SinhRule(),
            new CoshRule(),
            new TanhRule(),
            new SigmoidRule(),
            new SoftplusRule(),
            new ReluRule(),
            new AbsRule(),
            new SignRule(),
            new IndicatorRule(),
            new MaxMinRule(),
            new PiecewiseRule(),
            new SoftmaxRule(),
            new AbstractFunctionRule(),
            new DerivRule());
}
