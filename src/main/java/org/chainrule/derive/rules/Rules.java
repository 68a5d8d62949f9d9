package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.BuiltinFn;

/** Every differentiation rule, in the order the differentiator tries them, and the descriptors they name. */
public final class Rules {
    private Rules() {}

    public static final List<DiffRule> ALL = all();

    /**
     * The descriptors of every scalar rule, once each, in the order the rules are tried: constant-rule
     * (which the differentiator tries first) and the function table's rules included.
     */
    public static final List<RuleDescriptor> DESCRIPTORS = descriptors();

    private static List<RuleDescriptor> descriptors() {
        Set<RuleDescriptor> out = new LinkedHashSet<>();
        out.add(Step.Constant.RULE);
        for (DiffRule r : ALL) out.addAll(r.descriptors());
        for (BuiltinFn f : BuiltinFn.withRules()) out.add(FunctionRule.of(f)); // exp-rule, also used for e^u
        out.add(Step.Chain.RULE);
        out.add(Step.Simplified.RULE);
        return List.copyOf(out);
    }

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
