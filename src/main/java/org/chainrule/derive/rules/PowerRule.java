package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Rational;

/**
 * Powers by which side varies: power-rule (u^n)' = n u^{n−1} u' (sqrt-rule for n = ½),
 * exp-rule for e^u, exponential-rule (a^u)' = a^u ln a · u', general-power-rule when both vary.
 */
final class PowerRule implements DiffRule {
    static final RuleDescriptor POWER = new RuleDescriptor("power-rule", "power rule", "\\frac{d}{du} u^{n} = n u^{n - 1}");
    static final RuleDescriptor SQRT = new RuleDescriptor("sqrt-rule", "square-root rule",
            "\\frac{d}{du} \\sqrt{u} = \\frac{1}{2\\sqrt{u}}");
    static final RuleDescriptor EXPONENTIAL = new RuleDescriptor("exponential-rule", "exponential rule, base a",
            "\\frac{d}{du} a^{u} = a^{u} \\log a");
    static final RuleDescriptor GENERAL_POWER = new RuleDescriptor("general-power-rule", "general power rule",
            "\\frac{d}{dx} u^{v} = u^{v} \\left(\\frac{dv}{dx} \\log u + \\frac{v}{u} \\frac{du}{dx}\\right)");

    /** e^u is differentiated by exp-rule, the function table's rule for \exp u. */
    @Override public List<RuleDescriptor> descriptors() { return List.of(POWER, SQRT, EXPONENTIAL, GENERAL_POWER); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Pow p)) return null;
        Expr u = p.base(), n = p.exponent();
        boolean baseVaries = Dependence.dependsOn(u, x), expVaries = Dependence.dependsOn(n, x);
        if (!expVaries) {
            if (n instanceof Num k && k.value().equals(Rational.HALF))
                return Chain.compose(SQRT, f, x, u, Expr.div(Expr.num(1), Expr.mul(Expr.num(2), f)), d);
            Expr outer = Expr.mul(n, Expr.pow(u, Expr.add(n, Expr.num(-1))));
            return Chain.compose(POWER, f, x, u, outer, d);
        }
        if (u instanceof Const c && c.kind() == ConstKind.E)
            return Chain.compose(FunctionRule.of(BuiltinFn.EXP), f, x, n, f, d);
        if (!baseVaries)
            return Chain.compose(EXPONENTIAL, f, x, n, Expr.mul(f, Expr.apply(BuiltinFn.LOG, u)), d);
        // f^g = e^{g ln f}: (f^g)' = f^g (g' ln f + g f'/f)
        Step du = d.diff(u, x), dn = d.diff(n, x);
        Expr inner = Expr.add(Expr.mul(dn.result(), Expr.apply(BuiltinFn.LOG, u)), Expr.div(Expr.mul(n, du.result()), u));
        return new Step.Applied(GENERAL_POWER, f, x, d.tidy(Expr.mul(f, inner)), List.of(du, dn));
    }
}
