package org.chainrule.numeric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * Draws random points for numeric checks. Index symbols (those used only inside subscripts or as
 * summation bounds) get small integers; every other symbol a real in [−2, 2]. Symbols of an index
 * family that only appear after resolution (w_{2} from w_{i} with i = 2) get values on demand, drawn
 * from a hash of the symbol so every copy of an environment agrees. Assumptions (β > 0) are met by
 * rejection.
 */
public final class Sampler {

    /** Size used for symbolic dimensions and summation limits such as n. */
    public static final int DIM = 3;

    private final Set<Sym> reals = new LinkedHashSet<>();
    private final Set<Sym> indices = new LinkedHashSet<>();
    private final Set<Sym> bounds = new LinkedHashSet<>();
    private final List<Expr> assumptions;
    private final Random random;

    /** Facts Σ_{k=a}^{b} y_k = c, met by construction (random positive y_k scaled to sum to c). */
    private final List<Rel> sumFacts = new ArrayList<>();

    public Sampler(List<Expr> exprs, List<Expr> assumptions, long seed) {
        List<Expr> conditions = new ArrayList<>();
        for (Expr a : assumptions) {
            if (a instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ
                    && r.operands().get(0) instanceof BigOp b && b.kind() == BigOpKind.SUM && b.body() instanceof Sym
                    && b.from().isPresent() && b.to().isPresent()) sumFacts.add(r);
            else conditions.add(a);
        }
        this.assumptions = List.copyOf(conditions);
        this.random = new Random(seed);
        for (Expr e : exprs) classify(e, false);
        for (Expr a : assumptions) classify(a, false);
        reals.removeAll(indices);
        reals.removeAll(bounds);
        indices.removeAll(bounds);
    }

    private void classify(Expr e, boolean inIndex) {
        switch (e) {
            case Sym s -> {
                if (inIndex) indices.add(s);
                // w_{i} is resolved through its index at evaluation time (w_{2} when i = 2); only
                // symbols without symbolic indices get values of their own.
                else if (!hasSymbolicIndex(s)) reals.add(s);
                for (Expr i : s.sub()) classify(i, true);
                for (Expr i : s.sup().items()) classify(i, true);
            }
            case Kronecker k -> {
                // δ_{ij} has no value of its own; its indices are index symbols.
                classify(k.i(), true);
                classify(k.j(), true);
            }
            case BigOp b -> {
                b.from().ifPresent(f -> collectBounds(f));
                b.to().ifPresent(t -> collectBounds(t));
                classify(b.body(), inIndex);
                // The bound index gets its value from the sum; it may also be free elsewhere (∂/∂s_k of Σ_k …),
                // so it stays an index symbol, never a real.
                reals.remove(b.index());
            }
            default -> {
                for (Expr c : Exprs.children(e)) classify(c, inIndex);
            }
        }
    }

    private static boolean hasSymbolicIndex(Sym s) {
        for (Expr i : s.sub()) if (!Exprs.symbols(i).isEmpty() && !(i instanceof Sym l && l.styles().contains("rm"))) return true;
        for (Expr i : s.sup().items()) if (!Exprs.symbols(i).isEmpty()) return true;
        return false;
    }

    private void collectBounds(Expr e) {
        for (Sym s : Exprs.symbols(e)) bounds.add(s);
    }

    public Set<Sym> realSymbols() {
        return reals;
    }

    /** A point meeting every assumption, or null after many tries (the assumptions may be contradictory). */
    public Env point(long pointSeed) {
        for (int attempt = 0; attempt < 200; attempt++) {
            Map<Sym, Double> v = new HashMap<>();
            for (Sym b : bounds) v.put(b, (double) DIM);
            for (Sym i : indices) v.put(i, (double) (1 + random.nextInt(DIM)));
            for (Sym s : reals) v.put(s, value());
            long salt = random.nextLong();
            Env env = Env.of(v).withFunctions(AbstractFunctions.random(pointSeed)).withFallback(salt);
            env = applySumFacts(env);
            if (env == null) continue;
            if (satisfies(env)) return env;
        }
        return null;
    }

    private double value() {
        // Avoid values too close to 0, where 1/x and log|x| make finite differences ill-conditioned.
        double x;
        do {
            x = random.nextDouble() * 4 - 2;
        } while (Math.abs(x) < 0.05);
        return Math.round(x * 1e6) / 1e6;
    }

    private Env applySumFacts(Env env) {
        for (Rel fact : sumFacts) {
            BigOp b = (BigOp) fact.operands().get(0);
            try {
                long from = Math.round(Evaluator.eval(b.from().get(), env)), to = Math.round(Evaluator.eval(b.to().get(), env));
                double target = Evaluator.eval(fact.operands().get(1), env);
                Map<Sym, Double> vals = new HashMap<>();
                double sum = 0;
                for (long k = from; k <= to; k++) {
                    Sym concrete = Evaluator.resolve((Sym) b.body(), env.with(b.index(), k));
                    if (concrete == null) return null;
                    double x = 0.1 + random.nextDouble();
                    vals.put(concrete, x);
                    sum += x;
                }
                for (Map.Entry<Sym, Double> en : vals.entrySet()) env = env.with(en.getKey(), en.getValue() * target / sum);
            } catch (EvalException ex) {
                return null;
            }
        }
        return env;
    }

    public boolean satisfies(Env env) {
        for (Expr a : assumptions) {
            try {
                if (!Evaluator.holds(a, env)) return false;
            } catch (EvalException ex) {
                // An assumption that is not numeric (x ∈ ℝ^n) constrains nothing here.
            }
        }
        return true;
    }

    public List<Sym> indexSymbols() {
        return new ArrayList<>(indices);
    }
}
