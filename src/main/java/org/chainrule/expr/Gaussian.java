package org.chainrule.expr;

/**
 * The error function and the standard normal distribution in double precision, for GELU
 * (GELU(u) = u Φ(u)). Both branches avoid cancellation: a series of positive terms below 1.5, a
 * continued fraction for the tail erfc above it.
 */
public final class Gaussian {
    private Gaussian() {}

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return -erf(-x);
        return x < 1.5 ? series(x) : 1 - erfcTail(x);
    }

    /** erfc(x) = 1 − erf(x), precise also where it is tiny. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2 - erfc(-x);
        return x < 1.5 ? 1 - series(x) : erfcTail(x);
    }

    /** Φ(u), the standard normal distribution function ½(1 + erf(u/√2)). */
    public static double cdf(double u) {
        return u < 0 ? 0.5 * erfc(-u / Math.sqrt(2)) : 1 - 0.5 * erfc(u / Math.sqrt(2));
    }

    /** φ(u) = e^{−u²/2}/√(2π), the standard normal density. */
    public static double pdf(double u) {
        return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
    }

    /** erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1}/(1·3·…·(2n+1)), every term positive. */
    private static double series(double x) {
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the back (x ≥ 1.5, where 150 terms give full precision). */
    private static double erfcTail(double x) {
        double f = x;
        for (int k = 150; k >= 1; k--) f = x + (k / 2.0) / f;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
