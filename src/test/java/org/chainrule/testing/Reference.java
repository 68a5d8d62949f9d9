package org.chainrule.testing;

import java.math.BigDecimal;
import java.math.MathContext;
import org.chainrule.expr.BuiltinFn;

/**
 * Values of the named functions that do not use chainrule's function table: java.lang.Math closed
 * forms, and erf by its Taylor series in 60 digits. The tests' one independent reference (the table
 * test, the simplifier's oracle, the independent-oracle problems), so a new row needs one value here.
 */
public final class Reference {
    private Reference() {}

    /** f at x for a function of one argument; NaN for max, min and softmax, which have no such value. */
    public static double value(BuiltinFn f, double x) {
        double s = 1 / (1 + Math.exp(-x));
        return switch (f) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> s;
            case RELU -> Math.max(0, x);
            case SOFTPLUS -> Math.log1p(Math.exp(x));
            case SIGN -> Math.signum(x);
            case ERF -> erf60(x);
            case NORMCDF -> 0.5 * (1 + erf60(x / Math.sqrt(2)));
            case NORMPDF -> Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case GELU -> x * 0.5 * (1 + erf60(x / Math.sqrt(2)));
            case SWISH -> x * s;
            case MAX, MIN, SOFTMAX -> Double.NaN;
        };
    }

    /** erf x = (2/√π) Σ (−1)ⁿ x^{2n+1} / (n! (2n+1)), summed in 60 digits so cancellation does not matter. */
    public static double erf60(double xd) {
        MathContext mc = new MathContext(60);
        BigDecimal x = new BigDecimal(xd), x2 = x.multiply(x, mc), power = x, sum = BigDecimal.ZERO;
        BigDecimal factorial = BigDecimal.ONE;
        for (int n = 0; n < 400; n++) {
            if (n > 0) {
                power = power.multiply(x2, mc).negate();
                factorial = factorial.multiply(BigDecimal.valueOf(n));
            }
            BigDecimal term = power.divide(factorial.multiply(BigDecimal.valueOf(2L * n + 1)), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(new BigDecimal("1e-40")) < 0) break;
        }
        BigDecimal pi = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");
        return sum.multiply(BigDecimal.valueOf(2), mc).divide(pi.sqrt(mc), mc).doubleValue();
    }
}
