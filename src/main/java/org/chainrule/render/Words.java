package org.chainrule.render;

/** All English wording for rules and conventions lives here, not in the engine. */
public final class Words {
    private Words() {}

    /** A short justification for a rule, as a TA writes it beside a step. */
    public static String rule(String rule) {
        return switch (rule) {
            case "constant-rule" -> "constant";
            case "variable-rule" -> "dx/dx = 1";
            case "kronecker-delta" -> "∂w_i/∂w_j = δ_ij";
            case "sum-rule" -> "sum rule";
            case "indexed-sum-rule" -> "differentiate under the sum";
            case "dot-product-rule" -> "∂(uᵀv)/∂u_i = v_i";
            case "constant-multiple-rule" -> "constant multiple";
            case "product-rule" -> "product rule";
            case "quotient-rule" -> "quotient rule";
            case "power-rule" -> "power rule";
            case "sqrt-rule" -> "d√u/du = 1/(2√u)";
            case "exp-rule" -> "de^u/du = e^u";
            case "exponential-rule" -> "da^u/du = a^u ln a";
            case "general-power-rule" -> "f^g = e^{g ln f}";
            case "log-rule" -> "d log u/du = 1/u";
            case "log-base-rule" -> "d log_b u/du = 1/(u ln b)";
            case "sin-rule" -> "d sin u/du = cos u";
            case "cos-rule" -> "d cos u/du = −sin u";
            case "tan-rule" -> "d tan u/du = 1 + tan²u";
            case "sinh-rule" -> "d sinh u/du = cosh u";
            case "cosh-rule" -> "d cosh u/du = sinh u";
            case "tanh-rule" -> "d tanh u/du = 1 − tanh²u";
            case "sigmoid-rule" -> "σ' = σ(1 − σ)";
            case "softplus-rule" -> "softplus' = σ";
            case "relu-rule" -> "ReLU'(u) = 𝟏(u > 0)";
            case "abs-rule" -> "d|u|/du = sign(u)";
            case "sign-rule" -> "sign is constant off 0";
            case "indicator-rule" -> "an indicator is constant off its boundary";
            case "max-rule" -> "max as cases";
            case "min-rule" -> "min as cases";
            case "piecewise-rule" -> "case by case, recombined with indicators";
            case "softmax-rule" -> "∂s_i/∂a_j = s_i(δ_ij − s_j)";
            case "abstract-function-rule" -> "derivative of an unknown function";
            case "prime-rule" -> "derivative of a derivative";
            case "higher-derivative-rule" -> "mixed derivative";
            case "chain-rule" -> "chain rule";
            case "simplify" -> "simplify";
            default -> rule;
        };
    }

    /** What chainrule does at non-differentiable points, per convention key. */
    public static String convention(String key) {
        return switch (key) {
            case "relu-at-zero" -> "At u = 0 ReLU has no derivative; chainrule uses 𝟏(u > 0), i.e. ReLU'(0) = 0 (a subgradient).";
            case "abs-at-zero" -> "At u = 0 |u| has no derivative; chainrule uses sign(0) = 0 (a subgradient).";
            case "step-almost-everywhere" -> "sign(·) and indicators jump at their boundary; their derivative is 0 everywhere else.";
            case "max-at-tie" -> "Where the arguments of max/min are equal (the kink), chainrule uses the derivative of the \"otherwise\" case (a subgradient for max).";
            case "boundary-uses-holding-case" -> "On the boundary between cases, the derivative of the case whose condition holds there is used (a one-sided derivative).";
            default -> key;
        };
    }
}
