package org.chainrule.numeric;

import java.util.HashMap;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * Values for symbols, plus interpretations of abstract functions, for evaluating a tree in doubles.
 * Immutable: {@link #with} returns a new environment.
 */
public final class Env {
    private final Map<Sym, Double> values;
    private final AbstractFunctions functions;
    private final Long fallbackSalt;

    private Env(Map<Sym, Double> values, AbstractFunctions functions, Long fallbackSalt) {
        this.values = values;
        this.functions = functions;
        this.fallbackSalt = fallbackSalt;
    }

    public static Env of(Map<Sym, Double> values) {
        return new Env(Map.copyOf(values), AbstractFunctions.random(0), null);
    }

    public static Env empty() {
        return of(Map.of());
    }

    public Env withFunctions(AbstractFunctions f) {
        return new Env(values, f, fallbackSalt);
    }

    public Env with(Sym s, double v) {
        Map<Sym, Double> m = new HashMap<>(values);
        m.put(s, v);
        return new Env(Map.copyOf(m), functions, fallbackSalt);
    }

    public Env withAll(Map<Sym, Double> more) {
        Map<Sym, Double> m = new HashMap<>(values);
        m.putAll(more);
        return new Env(Map.copyOf(m), functions, fallbackSalt);
    }

    /**
     * Gives every symbol without an explicit value a value drawn from a hash of the symbol and the
     * salt, so environments derived from this one agree on them (needed for finite differences).
     */
    public Env withFallback(long salt) {
        return new Env(values, functions, salt);
    }

    /** The explicit value of s, or null. */
    public Double get(Sym s) {
        return values.get(s);
    }

    /** The explicit value of s, else its fallback value, else null. */
    public Double value(Sym s) {
        Double v = values.get(s);
        if (v != null || fallbackSalt == null) return v;
        long h = fallbackSalt * 1_000_003L + s.hashCode();
        java.util.Random r = new java.util.Random(h);
        double x;
        do {
            x = r.nextDouble() * 4 - 2;
        } while (Math.abs(x) < 0.05);
        return x;
    }

    public boolean has(Expr e) {
        return e instanceof Sym s && values.containsKey(s);
    }

    public Map<Sym, Double> values() {
        return values;
    }

    public AbstractFunctions functions() {
        return functions;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
