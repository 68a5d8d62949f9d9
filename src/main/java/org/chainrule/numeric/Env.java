package org.chainrule.numeric;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * Values for symbols, plus interpretations of abstract functions, for evaluating a tree in doubles.
 * Immutable and persistent: {@link #with} adds one binding in front of this environment without
 * copying it, because finite differences and sums bind one symbol at a time, millions of times.
 */
public final class Env {
    private final Map<Sym, Double> base;
    private final Sym key;        // one binding layered over the parent (null for a base environment)
    private final double value;
    private final Env parent;
    private final AbstractFunctions functions;
    private final Long fallbackSalt;
    private final int depth;      // bindings layered over the base: a lookup walks them all

    /** Past this many layers, {@link #with} starts a new base map (a point of 10,000 symbols made each lookup walk 10,000). */
    private static final int MAX_DEPTH = 32;

    private Env(Map<Sym, Double> base, Sym key, double value, Env parent, AbstractFunctions functions, Long fallbackSalt) {
        this.base = base;
        this.key = key;
        this.value = value;
        this.parent = parent;
        this.functions = functions;
        this.fallbackSalt = fallbackSalt;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    public static Env of(Map<Sym, Double> values) {
        return new Env(new HashMap<>(values), null, 0, null, AbstractFunctions.random(0), null);
    }

    public static Env empty() {
        return of(Map.of());
    }

    public Env withFunctions(AbstractFunctions f) {
        return new Env(flatten(), null, 0, null, f, fallbackSalt);
    }

    public Env with(Sym s, double v) {
        if (depth >= MAX_DEPTH) {
            Map<Sym, Double> m = flatten();
            m.put(s, v);
            return new Env(m, null, 0, null, functions, fallbackSalt);
        }
        return new Env(null, s, v, this, functions, fallbackSalt);
    }

    /**
     * Gives every symbol without an explicit value a value drawn from a hash of the symbol and the
     * salt, so environments derived from this one agree on them (needed for finite differences).
     */
    public Env withFallback(long salt) {
        return new Env(flatten(), null, 0, null, functions, salt);
    }

    /** The explicit value of s, or null. */
    public Double get(Sym s) {
        for (Env e = this; e != null; e = e.parent) {
            if (e.key != null) {
                if (e.key.equals(s)) return e.value;
            } else {
                return e.base.get(s);
            }
        }
        return null;
    }

    /** The explicit value of s, else its fallback value, else null. */
    public Double value(Sym s) {
        Double v = get(s);
        if (v != null || fallbackSalt == null) return v;
        // toString, not hashCode: a record's hash includes enum hashes, which change from run to run.
        return Draw.value(new Random(fallbackSalt * 1_000_003L + s.toString().hashCode()));
    }

    public boolean has(Expr e) {
        return e instanceof Sym s && get(s) != null;
    }

    /** Every explicit binding (the innermost wins), for reports. */
    public Map<Sym, Double> values() {
        return Map.copyOf(flatten());
    }

    private Map<Sym, Double> flatten() {
        if (key == null) return new LinkedHashMap<>(base);
        Map<Sym, Double> m = parent.flatten();
        m.put(key, value);
        return m;
    }

    public AbstractFunctions functions() {
        return functions;
    }

    @Override
    public String toString() {
        return flatten().toString();
    }
}
