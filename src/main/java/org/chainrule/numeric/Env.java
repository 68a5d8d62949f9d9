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

    private Env(Map<Sym, Double> values, AbstractFunctions functions) {
        this.values = values;
        this.functions = functions;
    }

    public static Env of(Map<Sym, Double> values) {
        return new Env(Map.copyOf(values), AbstractFunctions.random(0));
    }

    public static Env empty() {
        return of(Map.of());
    }

    public Env withFunctions(AbstractFunctions f) {
        return new Env(values, f);
    }

    public Env with(Sym s, double v) {
        Map<Sym, Double> m = new HashMap<>(values);
        m.put(s, v);
        return new Env(Map.copyOf(m), functions);
    }

    public Env withAll(Map<Sym, Double> more) {
        Map<Sym, Double> m = new HashMap<>(values);
        m.putAll(more);
        return new Env(Map.copyOf(m), functions);
    }

    public Double get(Sym s) {
        return values.get(s);
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
