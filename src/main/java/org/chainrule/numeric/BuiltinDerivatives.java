package org.chainrule.numeric;

import org.chainrule.expr.BuiltinFn;

/**
 * Derivatives of any order of the one-argument built-in functions, from their exact formulas rather
 * than finite differences. σ, tanh and tan have derivatives that are polynomials in the function
 * itself (σ' = σ(1 − σ), tanh' = 1 − tanh², tan' = 1 + tan²); the first derivatives use forms
 * without cancellation (σ(x)σ(−x), 1/cosh², 1/cos²).
 */
final class BuiltinDerivatives {
    private BuiltinDerivatives() {}

    static boolean known(BuiltinFn op) {
        return switch (op) {
            case EXP, LOG, SIN, COS, TAN, SINH, COSH, TANH, SIGMOID, RELU, SOFTPLUS, SIGN -> true;
            case MAX, MIN, SOFTMAX -> false;
        };
    }

    /** The order-th derivative (order ≥ 1) at x. */
    static double of(BuiltinFn op, int order, double x) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> { // (−1)^{n−1} (n−1)! / x^n
                double f = 1;
                for (int k = 2; k < order; k++) f *= k;
                yield (order % 2 == 1 ? f : -f) / Math.pow(x, order);
            }
            case SIN -> switch (order % 4) {
                case 1 -> Math.cos(x);
                case 2 -> -Math.sin(x);
                case 3 -> -Math.cos(x);
                default -> Math.sin(x);
            };
            case COS -> switch (order % 4) {
                case 1 -> -Math.sin(x);
                case 2 -> -Math.cos(x);
                case 3 -> Math.sin(x);
                default -> Math.cos(x);
            };
            case SINH -> order % 2 == 1 ? Math.cosh(x) : Math.sinh(x);
            case COSH -> order % 2 == 1 ? Math.sinh(x) : Math.cosh(x);
            case TANH -> order == 1 ? 1 / (Math.cosh(x) * Math.cosh(x)) : polynomial(Math.tanh(x), order, -1);
            case TAN -> order == 1 ? 1 / (Math.cos(x) * Math.cos(x)) : polynomial(Math.tan(x), order, 1);
            case SIGMOID -> sigmoid(x, order);
            case SOFTPLUS -> order == 1 ? Evaluator.builtin(BuiltinFn.SIGMOID, new double[] {x}) : sigmoid(x, order - 1);
            // ReLU' = 𝟏(x > 0), the convention of the relu-rule; higher derivatives and sign' are 0 away from 0.
            case RELU -> order == 1 ? (x > 0 ? 1 : 0) : 0;
            case SIGN -> 0;
            case MAX, MIN, SOFTMAX -> throw new EvalException(op.latex + " has no derivative formula here");
        };
    }

    private static double sigmoid(double x, int order) {
        double s = Evaluator.builtin(BuiltinFn.SIGMOID, new double[] {x});
        if (order == 1) return s * Evaluator.builtin(BuiltinFn.SIGMOID, new double[] {-x});
        // σ^{(n)} = P_n(σ) with P_0 = s, P_{n+1} = P_n'(s) · s(1 − s) = P_n'(s) (s − s²)
        double[] p = {0, 1};
        for (int k = 0; k < order; k++) p = times(derivative(p), new double[] {0, 1, -1});
        return eval(p, s);
    }

    /** f^{(n)} = P_n(f) where f' = 1 + c f² (tanh: c = −1, tan: c = 1). */
    private static double polynomial(double f, int order, double c) {
        double[] p = {0, 1};
        for (int k = 0; k < order; k++) p = times(derivative(p), new double[] {1, 0, c});
        return eval(p, f);
    }

    private static double[] derivative(double[] p) {
        double[] d = new double[Math.max(1, p.length - 1)];
        for (int k = 1; k < p.length; k++) d[k - 1] = k * p[k];
        return d;
    }

    private static double[] times(double[] a, double[] b) {
        double[] r = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < b.length; j++) r[i + j] += a[i] * b[j];
        return r;
    }

    private static double eval(double[] p, double x) {
        double r = 0;
        for (int k = p.length - 1; k >= 0; k--) r = r * x + p[k];
        return r;
    }
}
