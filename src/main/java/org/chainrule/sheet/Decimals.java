package org.chainrule.sheet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.WengertList.Value;

/**
 * Numbers as numeric sections show them: rounded to a number of significant digits (\round, 4 by
 * default) but never losing digits before the decimal point, trailing zeros dropped, exact values
 * shown exactly when they fit ({@code 4.3}, not {@code 4.300000000000001}), very large or small
 * magnitudes in scientific notation.
 */
final class Decimals {
    private Decimals() {}

    /** A rounded number: its digits ("-4.8", "1.234") and a power of ten when scientific. */
    record Rounded(String digits, int exponent, boolean scientific) {}

    static Rounded round(Value v, int digits) {
        if (v.exact().isPresent() && v.exact().get().hasFiniteDecimal()) {
            Rational r = v.exact().get();
            String s = r.toDecimalString();
            if (significant(s) <= digits || (r.isInteger() && s.length() <= 16)) return new Rounded(s, 0, false);
        }
        return round(v.approx(), digits);
    }

    static Rounded round(double x, int digits) {
        if (x == 0 || !Double.isFinite(x)) return new Rounded(x == 0 ? "0" : Double.toString(x), 0, false);
        double a = Math.abs(x);
        if (a >= 1e15 || a < 1e-4) {
            String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
            int e = s.indexOf('e');
            String mantissa = strip(s.substring(0, e));
            return new Rounded(mantissa, Integer.parseInt(s.substring(e + 1)), true);
        }
        BigDecimal d = new BigDecimal(x);
        int magnitude = d.precision() - d.scale() - 1; // floor(log10 |x|)
        int decimals = Math.max(0, digits - 1 - magnitude);
        String s = d.setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        if (s.matches("-0(\\.0*)?")) s = "0";
        return new Rounded(s, 0, false);
    }

    /** The number as LaTeX: {@code -4.8}, {@code 1.234 \times 10^{-5}}. */
    static String latex(Value v, int digits) {
        Rounded r = round(v, digits);
        return r.scientific() ? r.digits() + " \\times 10^{" + r.exponent() + "}" : r.digits();
    }

    /** The number as plain text, with a real minus sign: {@code −4.8}, {@code 1.234e−5}. */
    static String text(Value v, int digits) {
        Rounded r = round(v, digits);
        String s = r.scientific() ? r.digits() + "e" + r.exponent() : r.digits();
        return s.replace('-', '\u2212');
    }

    /** The exact value for JSON: a terminating decimal ("0.15") or a fraction ("1/3"). */
    static String exact(Rational r) {
        return r.hasFiniteDecimal() ? r.toDecimalString() : r.toString();
    }

    private static String strip(String mantissa) {
        if (!mantissa.contains(".")) return mantissa;
        String s = mantissa.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static int significant(String decimal) {
        String digits = decimal.replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return Math.max(1, digits.length());
    }
}
