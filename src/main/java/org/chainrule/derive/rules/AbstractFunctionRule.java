package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/**
 * abstract-function-rule: the derivative of an unknown function of one argument is g'(w), and through an
 * inner expression g'(u)·du/dx by the chain rule; of several arguments it stays symbolic, ∂g(w, x)/∂w.
 * prime-rule: (f^{(k)})' = f^{(k+1)}. A primed smooth built-in is written out by its own rule first
 * (\tanh'(u) = 1 − tanh(u)²).
 */
final class AbstractFunctionRule implements DiffRule {
    static final RuleDescriptor RULE = new RuleDescriptor("abstract-function-rule", "unknown function",
            "\\frac{d}{dx} g(u) = g'(u) \\frac{du}{dx}");
    static final RuleDescriptor PRIME = new RuleDescriptor("prime-rule", "derivative of a derivative",
            "\\frac{d}{dx} g^{(k)}(u) = g^{(k+1)}(u) \\frac{du}{dx}");

    @Override public List<RuleDescriptor> descriptors() { return List.of(RULE, PRIME); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Apply ap)) return null;
        // \tanh'(u) is 1 − tanh(u)² by tanh-rule: differentiate that, so no primed built-in is left.
        Expr closed = BuiltinPrimes.closedForm(f, d);
        if (closed != null) {
            Step inner = d.diff(closed, x);
            return new Step.WrittenOut(BuiltinPrimes.rule(((Prime) ap.fn()).fn()), f, x, inner.result(), inner);
        }
        if (ap.fn() instanceof Prime p && ap.args().size() == 1)
            return Chain.compose(PRIME, f, x, ap.args().get(0),
                    new Apply(new Prime(p.fn(), p.order() + 1), ap.args()), d);
        if (!(ap.fn() instanceof Abstract)) return null;
        List<Expr> varying = new ArrayList<>();
        for (Expr a : ap.args()) if (Dependence.dependsOn(a, x)) varying.add(a);
        if (ap.args().size() == 1 && !ap.args().get(0).equals(x))
            return Chain.compose(RULE, f, x, ap.args().get(0), new Apply(new Prime(ap.fn(), 1), ap.args()), d);
        // g(w) by w is g'(w): written as ∂g(w)/∂w it would only restate the question.
        if (ap.args().size() == 1)
            return new Step.Opaque(RULE, f, x, new Apply(new Prime(ap.fn(), 1), ap.args()), "abstract");
        // g(w, x_i): the partial derivative itself is the answer, kept symbolic.
        String why = varying.size() == 1 && varying.get(0).equals(x) ? "abstract" : "abstract-several-arguments";
        return new Step.Opaque(RULE, f, x, new Deriv(f, List.of(x), true), why);
    }
}
