package org.chainrule.derive.rules;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;

/**
 * The rule of one function of the table (sigmoid-rule, tanh-rule, gelu-rule …): F'(u) is the table's
 * derivative template, and the chain rule multiplies by du/dx. Its descriptor is the table's row.
 */
final class FunctionRule extends UnaryRule {
    private static final Map<BuiltinFn, RuleDescriptor> RULES = new EnumMap<>(BuiltinFn.class);

    static {
        for (BuiltinFn f : BuiltinFn.withRules()) {
            List<Convention> conventions = f.spec.convention() == null ? List.of()
                    : List.of(Convention.byKey(f.spec.convention()).orElseThrow(
                            () -> new IllegalStateException(f + ": unknown convention " + f.spec.convention())));
            RULES.put(f, new RuleDescriptor(f.spec.rule(), f.spec.ruleWords(), f.spec.identity(), conventions));
        }
    }

    /** The descriptor of a function's rule, from its row of the table. */
    static RuleDescriptor of(BuiltinFn f) {
        RuleDescriptor r = RULES.get(f);
        if (r == null) throw new IllegalArgumentException(f + " has no rule in the function table");
        return r;
    }

    private final BuiltinFn op;

    FunctionRule(BuiltinFn op) {
        this.op = op;
    }

    @Override RuleDescriptor rule() { return of(op); }
    @Override Expr inner(Expr f) { return Fns.arg(f, op); }
    @Override Expr outerDerivative(Expr f, Expr u) { return op.derivative(u); }
}
