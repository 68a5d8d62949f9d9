package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.expr.BuiltinFn;

/** Every differentiation rule, in the order the differentiator tries them. */
public final class Rules {
    private Rules() {}

    public static final List<DiffRule> ALL = all();

    // Each rule matches its own shape only, so the function table's rules can sit together after powers.
    private static List<DiffRule> all() {
        List<DiffRule> rules = new ArrayList<>(List.of(
            new VariableRule(),
            new SumRule(),
            new IndexedSumRule(),
            new IndexedProductRule(),
            new DotProductRule(),
            new ProductRule(),
            new PowerRule()));
        for (BuiltinFn f : BuiltinFn.withRules()) rules.add(new FunctionRule(f));
        rules.addAll(List.of(
            new LogBaseRule(),
            new AbsRule(),
            new IndicatorRule(),
            new MaxMinRule(),
            new PiecewiseRule(),
            new SoftmaxRule(),
            new AbstractFunctionRule(),
            new DerivRule()));
        return List.copyOf(rules);
    }
}
