package org.chainrule.numeric;

import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Rational;

/**
 * Exact rational evaluation: numbers, symbols given a rational value, Kronecker deltas of equal or
 * numeric indices, sums, products and integer powers. Anything else (a function, a constant such as
 * π, a matrix) has no exact value and gives empty, so the caller falls back to doubles.
 */
public final class Exact {
    private Exact() {}

    /** The largest |k| of a power b^k evaluated exactly. */
    static final int MAX_EXPONENT = 64;

    /**
     * The largest size, in bits, of the numerator or denominator of a power: powers of powers would
     * otherwise grow without bound ((2^64)^64…), and a descent run squares its iterates at every step.
     */
    static final int MAX_BITS = 1 << 16;

    /** The exact value of a closed expression, or empty. */
    public static Optional<Rational> value(Expr e) {
        return value(e, Map.of());
    }

    /** The exact value of e with the given symbols' values, or empty (also where e divides by zero). */
    public static Optional<Rational> value(Expr e, Map<Sym, Rational> values) {
        switch (e) {
            case Num n -> { return Optional.of(n.value()); }
            case Sym s -> { return Optional.ofNullable(values.get(s)); }
            case Kronecker k -> {
                if (k.i().equals(k.j())) return Optional.of(Rational.ONE);
                if (k.i() instanceof Num && k.j() instanceof Num) return Optional.of(Rational.ZERO);
                return Optional.empty();
            }
            case Add a -> {
                Rational sum = Rational.ZERO;
                for (Expr t : a.terms()) {
                    Optional<Rational> v = value(t, values);
                    if (v.isEmpty()) return v;
                    sum = sum.add(v.get());
                }
                return Optional.of(sum);
            }
            case Mul m -> {
                Rational product = Rational.ONE;
                for (Expr f : m.factors()) {
                    Optional<Rational> v = value(f, values);
                    if (v.isEmpty()) return v;
                    product = product.multiply(v.get());
                }
                return Optional.of(product);
            }
            case Pow p -> {
                Optional<Rational> b = value(p.base(), values), k = value(p.exponent(), values);
                if (b.isEmpty() || k.isEmpty()) return Optional.empty();
                return power(b.get(), k.get());
            }
            default -> { return Optional.empty(); }
        }
    }

    /** b^k for an integer k within {@link #MAX_EXPONENT} whose result fits {@link #MAX_BITS}; empty otherwise and for 0^(negative). */
    private static Optional<Rational> power(Rational b, Rational k) {
        if (!k.isInteger() || k.num().bitLength() > 31 || Math.abs(k.num().intValue()) > MAX_EXPONENT) return Optional.empty();
        int kk = k.num().intValue();
        if (b.isZero() && kk < 0) return Optional.empty();
        long bits = (long) Math.max(b.num().bitLength(), b.den().bitLength()) * Math.abs(kk);
        if (bits > MAX_BITS) return Optional.empty();
        return Optional.of(b.pow(kk));
    }
}
