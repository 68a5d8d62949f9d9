package org.chainrule.sheet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Exact;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.FormulaParser;

/** Shared arithmetic of the numeric sections: exact values, point lists, options and display. */
final class Numbers {
    private Numbers() {}

    /** A number given in a sheet: exact when it is rational, always as a double. */
    record Value(Optional<Rational> exact, double approx, Expr expr) {}

    /** The value of a closed numeric formula (0.5, \frac{1}{3}, -2, \sqrt{2}), or a plain-words error. */
    static Value value(Expr e, String what) throws Section.SectionException {
        Optional<Rational> r = Exact.value(e);
        if (r.isPresent()) return new Value(r, r.get().doubleValue(), e instanceof Num ? e : Expr.num(r.get()));
        if (!Exprs.symbols(e).isEmpty())
            throw new Section.SectionException(what + " must be a number, not a formula with symbols");
        try {
            double d = Evaluator.eval(e, Env.empty());
            if (!Double.isFinite(d)) throw new Section.SectionException(what + " is not a finite number");
            return new Value(Optional.empty(), d, e);
        } catch (EvalException ex) {
            throw new Section.SectionException(what + " must be a number");
        }
    }

    /** "x = 1, y = 100" as an ordered map from symbol to value. */
    static Map<Sym, Value> point(List<Expr> items, String what) throws Section.SectionException {
        Map<Sym, Value> out = new LinkedHashMap<>();
        for (Expr e : items) {
            if (!(e instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ && r.operands().get(0) instanceof Sym s))
                throw new Section.SectionException(what + " must be a list of values such as x = 1, y = 100");
            if (out.containsKey(s)) throw new Section.SectionException(what + " gives a value twice for the same symbol");
            out.put(s, value(r.operands().get(1), "the value of " + plain(s)));
        }
        return out;
    }

    /** Options "key = value, key = value" as an ordered map (keys trimmed). */
    static Map<String, String> options(Optional<String> text, List<String> known, String directive) throws Section.SectionException {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty() || text.get().isBlank()) return out;
        for (String part : text.get().split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) throw new Section.SectionException("the option \"" + part.strip() + "\" of \\" + directive + " needs a value (name = value)");
            String key = part.substring(0, eq).strip(), val = part.substring(eq + 1).strip();
            if (!known.contains(key))
                throw new Section.SectionException("\\" + directive + " has no option \"" + key + "\"; its options are " + String.join(", ", known));
            out.put(key, val);
        }
        return out;
    }

    static Sym symbolOption(String text, String what) throws Section.SectionException {
        try {
            if (FormulaParser.parseExpr(text) instanceof Sym s) return s;
        } catch (ParseException e) {
            // reported below
        }
        throw new Section.SectionException(what + " must be a symbol such as w");
    }

    /**
     * An upper bound on the degree of e as a polynomial in x, or empty when e is not visibly a
     * polynomial in x (x under a function, in a denominator or in an exponent).
     */
    static OptionalInt degree(Expr e, Sym x) {
        if (!Exprs.contains(e, x)) return OptionalInt.of(0);
        switch (e) {
            case Sym s -> { return OptionalInt.of(s.equals(x) ? 1 : 0); }
            case Add a -> {
                int d = 0;
                for (Expr t : a.terms()) {
                    OptionalInt k = degree(t, x);
                    if (k.isEmpty()) return k;
                    d = Math.max(d, k.getAsInt());
                }
                return OptionalInt.of(d);
            }
            case Mul m -> {
                int d = 0;
                for (Expr f : m.factors()) {
                    OptionalInt k = degree(f, x);
                    if (k.isEmpty()) return k;
                    d += k.getAsInt();
                }
                return OptionalInt.of(d);
            }
            case Pow p -> {
                if (p.exponent() instanceof Num k && k.value().isInteger() && k.value().signum() >= 0 && k.value().num().bitLength() < 8) {
                    OptionalInt b = degree(p.base(), x);
                    return b.isEmpty() ? b : OptionalInt.of(b.getAsInt() * k.value().num().intValueExact());
                }
                return OptionalInt.empty();
            }
            default -> { return OptionalInt.empty(); }
        }
    }

    /** A value for display: exact when it has at most {@code digits} decimals, else rounded to them. */
    static String show(Rational r, int digits) {
        if (r.abs().compareTo(Rational.of(1_000_000_000_000L)) > 0) return show(r.doubleValue(), digits);
        BigDecimal v = new BigDecimal(r.num()).divide(new BigDecimal(r.den()), digits, RoundingMode.HALF_EVEN);
        return plainDecimal(v);
    }

    static String show(double d, int digits) {
        if (Double.isNaN(d)) return "\\text{undefined}";
        if (Double.isInfinite(d)) return d > 0 ? "\\infty" : "-\\infty";
        if (Math.abs(d) >= 1e12 || (d != 0 && Math.abs(d) < Math.pow(10, -digits))) {
            String s = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", d);
            int e = s.indexOf('e');
            String mant = new BigDecimal(s.substring(0, e)).stripTrailingZeros().toPlainString();
            int exp = Integer.parseInt(s.substring(e + 1));
            return mant + " \\times 10^{" + exp + "}";
        }
        return plainDecimal(new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN));
    }

    private static String plainDecimal(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** A symbol's name for a message in plain words (w, x_1, \alpha). */
    static String plain(Sym s) {
        return LatexPrinter.print(s);
    }
}
