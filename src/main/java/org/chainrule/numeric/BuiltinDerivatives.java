package org.chainrule.numeric;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;

/**
 * Derivatives of any order of the one-argument built-in functions, from their exact formulas rather
 * than finite differences. σ, tanh and tan have derivatives that are polynomials in the function
 * itself (σ' = σ(1 − σ), tanh' = 1 − tanh², tan' = 1 + tan²); σ and tanh are evaluated in forms
 * without cancellation in the tails (σ(x)σ(−x) rather than σ(1 − σ)).
 */
final class BuiltinDerivatives {
    private BuiltinDerivatives() {}

    /**
     * Whether the order-th derivative has a formula: every order for the functions below, which evaluate
     * the table's F' (and its derivatives) in forms precise in the tails; the first order for any other
     * unary function of the table, from its derivative template. Higher orders of those are differences of F'.
     */
    static boolean known(BuiltinFn op, int order) {
        return switch (op) {
            case EXP, LOG, SIN, COS, TAN, SINH, COSH, TANH, SIGMOID, RELU, SOFTPLUS, SIGN -> true;
            case MAX, MIN, SOFTMAX -> false;
            default -> order == 1 && op.spec.maxArgs() == 1 && op.spec.derivative() != null;
        };
    }

    private static final Map<BuiltinFn, Expr> TEMPLATES = new ConcurrentHashMap<>();

    /** The order-th derivative (order ≥ 1) at x, where {@link #known} says there is a formula. */
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
            case TANH -> tanh(x, order);
            case TAN -> order == 1 ? 1 / (Math.cos(x) * Math.cos(x)) : polynomial(Math.tan(x), order, 1);
            case SIGMOID -> sigmoid(x, order);
            case SOFTPLUS -> order == 1 ? Evaluator.builtin(BuiltinFn.SIGMOID, new double[] {x}) : sigmoid(x, order - 1);
            // ReLU' = 𝟏(x > 0), the convention of the relu-rule; higher derivatives and sign' are 0 away from 0.
            case RELU -> order == 1 ? (x > 0 ? 1 : 0) : 0;
            case SIGN -> 0;
            case MAX, MIN, SOFTMAX -> throw new EvalException(op.latex + " has no derivative formula here");
            default -> {
                if (!known(op, order)) throw new EvalException(op.latex + " has no derivative formula of order " + order);
                Expr template = TEMPLATES.computeIfAbsent(op, f -> f.derivative(BuiltinFn.U));
                yield Evaluator.eval(template, Env.of(Map.of(BuiltinFn.U, x)));
            }
        };
    }

    /**
     * σ^{(n)}(x) as a polynomial in s = σ(x) and c = 1 − s = σ(−x), both computed without cancellation:
     * s' = sc and c' = −sc, so every derivative is a sum of terms s^i c^j and stays precise in the tails.
     */
    private static double sigmoid(double x, int order) {
        double s = Evaluator.builtin(BuiltinFn.SIGMOID, new double[] {x});
        double c = Evaluator.builtin(BuiltinFn.SIGMOID, new double[] {-x});
        double[][] p = new double[order + 2][order + 2];
        p[1][0] = 1; // s
        return eval(derive(p, order), s, c);
    }

    /** tanh^{(n)}(x) the same way, in a = 1 + tanh x and b = 1 − tanh x (a' = ab, b' = −ab, tanh = (a − b)/2). */
    private static double tanh(double x, int order) {
        double e = Math.exp(-2 * Math.abs(x)), small = 2 * e / (1 + e); // 1 − tanh|x| without cancellation
        double a = x >= 0 ? 2 - small : small, b = x >= 0 ? small : 2 - small;
        double[][] p = new double[order + 2][order + 2];
        p[1][0] = 0.5;
        p[0][1] = -0.5;
        return eval(derive(p, order), a, b);
    }

    /** Applies d/dx n times to Σ p[i][j] u^i v^j where u' = uv and v' = −uv. */
    private static double[][] derive(double[][] p, int n) {
        for (int k = 0; k < n; k++) {
            double[][] d = new double[p.length][p.length];
            for (int i = 0; i < p.length; i++)
                for (int j = 0; j < p.length; j++) {
                    if (p[i][j] == 0) continue;
                    // (u^i v^j)' = i u^i v^{j+1} − j u^{i+1} v^j
                    if (i > 0) d[i][j + 1] += i * p[i][j];
                    if (j > 0) d[i + 1][j] -= j * p[i][j];
                }
            p = d;
        }
        return p;
    }

    private static double eval(double[][] p, double u, double v) {
        double r = 0;
        for (int i = 0; i < p.length; i++)
            for (int j = 0; j < p.length; j++) if (p[i][j] != 0) r += p[i][j] * Math.pow(u, i) * Math.pow(v, j);
        return r;
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
