package org.chainrule.render;

import org.chainrule.expr.BuiltinFn;

/** All English wording for rules and conventions lives here, not in the engine. */
public final class Words {
    private Words() {}

    /** A short justification for a rule, as a TA writes it beside a step. */
    public static String rule(String rule) {
        return switch (rule) {
            case "constant-rule" -> "constant";
            case "variable-rule" -> "variable";
            case "kronecker-delta" -> "Kronecker delta";
            case "sum-rule" -> "sum rule";
            case "indexed-sum-rule" -> "differentiate under the sum";
            case "indexed-product-rule" -> "product rule over the index";
            case "dot-product-rule" -> "derivative of a dot product";
            case "constant-multiple-rule" -> "constant multiple";
            case "product-rule" -> "product rule";
            case "quotient-rule" -> "quotient rule";
            case "power-rule" -> "power rule";
            case "sqrt-rule" -> "square-root rule";
            case "exponential-rule" -> "exponential rule, base a";
            case "general-power-rule" -> "general power rule";
            case "log-base-rule" -> "logarithm rule, base b";
            case "abs-rule" -> "absolute value rule";
            case "indicator-rule" -> "indicator is piecewise constant";
            case "max-rule" -> "max as cases";
            case "min-rule" -> "min as cases";
            case "piecewise-rule" -> "case by case";
            case "softmax-rule" -> "softmax rule";
            case "abstract-function-rule" -> "unknown function";
            case "prime-rule" -> "derivative of a derivative";
            case "higher-derivative-rule" -> "mixed derivative";
            case "chain-rule" -> "chain rule";
            case "simplify" -> "simplify";
            case "linear-form-rule" -> "∂(aᵀx)/∂x = ∂(xᵀa)/∂x = a";
            case "quadratic-form-rule" -> "∂(xᵀAx)/∂x = (A + Aᵀ)x";
            case "linear-map-rule" -> "∂(Ax)/∂x = Aᵀ";
            case "outer-product-rule" -> "for z = Wx: ∂L/∂W = (∂L/∂z)xᵀ";
            case "norm-squared-rule" -> "∂‖v‖²/∂v = 2v";
            case "norm-rule" -> "∂‖v‖/∂v = v/‖v‖";
            case "l1-norm-rule" -> "∂‖v‖₁/∂v = sign(v)";
            case "max-norm-rule" -> "∂‖v‖∞/∂v = sign(v_k*) e_k*, k* = argmax_k |v_k|";
            case "inverse-rule" -> "∂f/∂M = −M⁻ᵀ (∂f/∂M⁻¹) M⁻ᵀ";
            case "determinant-rule" -> "∂ det M/∂M = det(M) M⁻ᵀ";
            case "transpose-rule" -> "transpose";
            case "hadamard-rule" -> "∂(a ⊙ u)/∂u = diag(a)";
            case "elementwise-rule" -> "∂f(u)/∂u = diag(f′(u)), elementwise f";
            case "vector-chain-rule" -> "chain rule: ∂L/∂x = (∂u/∂x)(∂L/∂u)";
            // a function's own rule: its words are in the function table
            default -> BuiltinFn.byRule(rule).map(f -> f.spec.ruleWords()).orElse(rule);
        };
    }

    /** What the derivation does at non-differentiable points, per convention key (key text: no tool names). */
    public static String convention(String key) {
        return switch (key) {
            case "relu-at-zero" -> "At u = 0 ReLU has no derivative; we use ReLU'(0) = 0 (a subgradient).";
            case "abs-at-zero" -> "At u = 0 |u| has no derivative; we use sign(0) = 0 (a subgradient).";
            case "step-almost-everywhere" -> "sign(·) and indicators jump at their boundary; their derivative is 0 everywhere else.";
            case "max-norm-at-tie" -> "Where several entries of v share the largest |v_k| (the kink of ‖v‖∞), we use the first of them, k* (a subgradient).";
            case "max-at-tie" -> "Where the arguments of max/min are equal (the kink), we use the derivative of the \"otherwise\" case (a subgradient for max).";
            case "boundary-uses-holding-case" -> "On the boundary between cases, the derivative of the case whose condition holds there is used (a one-sided derivative).";
            default -> key;
        };
    }
}
