package org.chainrule.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/** An exact rational number in lowest terms with a positive denominator. */
public record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {

    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
    public static final Rational MINUS_ONE = new Rational(BigInteger.ONE.negate(), BigInteger.ONE);
    public static final Rational TWO = new Rational(BigInteger.TWO, BigInteger.ONE);
    public static final Rational HALF = new Rational(BigInteger.ONE, BigInteger.TWO);

    public Rational {
        if (den.signum() == 0) throw new ArithmeticException("zero denominator");
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        if (!den.equals(BigInteger.ONE)) { // an integer is in lowest terms; most numbers here are
            BigInteger g = num.gcd(den);
            if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
                num = num.divide(g);
                den = den.divide(g);
            }
        }
        if (num.signum() == 0) den = BigInteger.ONE;
    }

    // written out as the record's own (same values): the generated ones cost a bootstrap on first use,
    // in every cold run (see Expr.SupIndex)
    @Override public boolean equals(Object o) { return o instanceof Rational r && num.equals(r.num) && den.equals(r.den); }
    @Override public int hashCode() { return 31 * num.hashCode() + den.hashCode(); }

    public static Rational of(long n) {
        return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    public static Rational of(long n, long d) {
        return new Rational(BigInteger.valueOf(n), BigInteger.valueOf(d));
    }

    public static Rational of(BigDecimal d) {
        if (d.scale() <= 0) return new Rational(d.toBigIntegerExact(), BigInteger.ONE);
        return new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    /** Parses "12", "0.5", "-3.25" exactly. */
    public static Rational parse(String text) {
        return of(new BigDecimal(text));
    }

    public boolean isInteger() { return den.equals(BigInteger.ONE); }
    public boolean isZero() { return num.signum() == 0; }
    public boolean isOne() { return num.equals(BigInteger.ONE) && isInteger(); }
    public int signum() { return num.signum(); }

    public Rational add(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }
    public Rational subtract(Rational o) { return add(o.negate()); }
    public Rational multiply(Rational o) { return new Rational(num.multiply(o.num), den.multiply(o.den)); }
    public Rational divide(Rational o) { return new Rational(num.multiply(o.den), den.multiply(o.num)); }
    public Rational negate() { return new Rational(num.negate(), den); }
    public Rational abs() { return signum() < 0 ? negate() : this; }

    /** this^k for an integer k (negative allowed unless this is zero). */
    public Rational pow(int k) {
        if (k >= 0) return new Rational(num.pow(k), den.pow(k));
        return new Rational(den.pow(-k), num.pow(-k));
    }

    /** True when the decimal expansion terminates (denominator of the form 2^a 5^b). */
    public boolean hasFiniteDecimal() {
        BigInteger d = den;
        BigInteger two = BigInteger.TWO, five = BigInteger.valueOf(5);
        while (d.mod(two).signum() == 0) d = d.divide(two);
        while (d.mod(five).signum() == 0) d = d.divide(five);
        return d.equals(BigInteger.ONE);
    }

    /** Exact decimal text; only valid when {@link #hasFiniteDecimal()}. */
    public String toDecimalString() {
        BigDecimal v = new BigDecimal(num).divide(new BigDecimal(den), MathContext.UNLIMITED);
        String s = v.stripTrailingZeros().toPlainString();
        return s;
    }

    public double doubleValue() {
        // An integer below 2^53 is a double exactly (the decimal division gives the same double); the
        // evaluator converts every number of a tree at every point, and the division is slow.
        if (isInteger() && num.bitLength() <= 53) return num.longValue();
        return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
        return isInteger() ? num.toString() : num + "/" + den;
    }
}
