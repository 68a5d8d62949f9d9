package org.chainrule.numeric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * summation bounds) get small integers, and sums without bounds run over 1, …, {@link #DIM}; every other symbol a real, in [−2, 2] unless the domain of
 * the expressions (log's argument positive, √'s non-negative, denominators nonzero: {@link Domain})
 * or the problem's conditions (β > 0, 0 < p < 1) need values elsewhere. Symbols of an index family
 * that only appear after resolution (w_{2} from w_{i} with i = 2) get values on demand, drawn from a
 * hash of the symbol so every copy of an environment agrees; conditions on them are met by rejection.
 * Points are deterministic for a seed.
 */
public final class Sampler {

    /** Size used for symbolic dimensions and summation limits such as n. */
    public static final int DIM = 3;

    private final Set<Sym> reals = new LinkedHashSet<>();
    private final Set<Sym> indices = new LinkedHashSet<>();
    private final Set<Sym> bounds = new LinkedHashSet<>();
    /** Whether some sum or product has no bounds: it then runs over 1, …, DIM, like a bound n. */
    private boolean unbounded;
    private final List<Expr> assumptions;
    private final Random random;

    /** Facts Σ_{k=a}^{b} y_k = c, met by construction (random positive y_k scaled to sum to c). */
    private final List<Rel> sumFacts = new ArrayList<>();

    /** Where the expressions are defined, and the problem's conditions, as atoms g op 0. */
    private final List<Domain.Atom> atoms;
    /** Each atom's sampled symbols, and the atoms each symbol completes (it is drawn last among theirs). */
    private final Map<Domain.Atom, List<Sym>> atomReals = new IdentityHashMap<>();
    private final Map<Sym, List<Domain.Atom>> completedBy = new HashMap<>();
    private final Map<Domain.Atom, Integer> misses = new IdentityHashMap<>();
    private int assumptionMisses;
    private String conflict;
    private boolean exhausted;

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
        this.atoms = Domain.of(exprs, conditions);
        List<Sym> order = new ArrayList<>(reals);
        for (Domain.Atom a : atoms) {
            List<Sym> mine = new ArrayList<>();
            for (Sym s : Exprs.symbols(a.g())) if (reals.contains(s)) mine.add(s);
            mine.sort(Comparator.comparingInt(order::indexOf));
            atomReals.put(a, mine);
            if (!mine.isEmpty()) completedBy.computeIfAbsent(mine.get(mine.size() - 1), k -> new ArrayList<>()).add(a);
        }
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
                if (b.from().isEmpty() && b.to().isEmpty()) unbounded = true;
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

    /** Whether the atom involves a family member whose values come from the salt (p_{i}). */
    private static boolean onDemand(Domain.Atom a) {
        for (Sym s : Exprs.symbols(a.g())) if (hasSymbolicIndex(s)) return true;
        return false;
    }

    private static boolean hasSymbolicIndex(Sym s) {
        for (Expr i : s.sub()) if (!Exprs.symbols(i).isEmpty() && !(i instanceof Sym l && l.styles().contains("rm"))) return true;
        for (Expr i : s.sup().items()) if (!Exprs.symbols(i).isEmpty()) return true;
        return false;
    }

    private void collectBounds(Expr e) {
        for (Sym s : Exprs.symbols(e)) bounds.add(s);
    }

    /** The domain and condition atoms points must satisfy (for tests and reports). */
    public List<Domain.Atom> atoms() {
        return atoms;
    }

    /**
     * A point meeting every assumption and every domain atom (away from the domain's edge), or null
     * when none is found: then {@link #whyNoPoint()} says which condition could not be met. Symbols are
     * drawn one at a time; the atoms that a symbol completes restrict its draw (an atom affine in it is
     * solved for its interval, w − 5 &gt; 0 gives w &gt; 5), and when the usual box [−2, 2] has no
     * admissible value a grid over wider scales finds one.
     */
    public Env point(long pointSeed) {
        if (exhausted) return null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<Sym, Double> v = new HashMap<>();
            for (Sym b : bounds) v.put(b, (double) DIM);
            if (unbounded) v.put(Evaluator.UNBOUNDED_TERMS, (double) DIM);
            for (Sym i : indices) v.put(i, (double) (1 + random.nextInt(DIM)));
            long salt = random.nextLong();
            Env env = Env.of(v).withFunctions(AbstractFunctions.random(pointSeed)).withFallback(salt);
            boolean drawn = true;
            for (Sym s : reals) {
                Double x = draw(s, completedBy.getOrDefault(s, List.of()), env);
                if (x == null) {
                    drawn = false;
                    break;
                }
                env = env.with(s, x);
            }
            if (!drawn) continue;
            // Members of a family that only appear after resolution (p_{2} from p_{i}) get values from
            // the salt: when a condition on them fails (0 < p_{i} < 1 for every i), other salts are
            // tried with the same draws before the whole point is drawn again.
            for (int s = 0; s < SALTS; s++) {
                Env e = applySumFacts(s == 0 ? env : env.withFallback(random.nextLong()));
                if (e == null || !satisfies(e)) break;
                Domain.Atom bad = violated(atoms, e);
                if (bad == null) return e;
                if (!onDemand(bad)) break;
            }
        }
        exhausted = true;
        return null;
    }

    /** Why {@link #point} found nothing: the condition that failed most often. */
    public String whyNoPoint() {
        if (conflict != null) return "no value of the variables makes " + conflict + " hold together";
        Domain.Atom worst = null; // in the atoms' order, so the reason is the same from run to run
        for (Domain.Atom a : atoms)
            if (misses.getOrDefault(a, 0) > 0 && (worst == null || misses.get(a) > misses.get(worst))) worst = a;
        if (worst != null) return "no point found where " + worst.shown() + " holds";
        return assumptionMisses > 0 ? "no point found that satisfies the conditions" : "no point found";
    }

    static final int ATTEMPTS = 60;
    /** Salts tried for the on-demand values of one draw of the other symbols. */
    private static final int SALTS = 64;
    private static final double[] SCALES = {2, 10, 100, 1000};
    private static final int GRID = 256;

    /** A value for s that keeps every atom s completes true near the point, or null when none is found. */
    private Double draw(Sym s, List<Domain.Atom> here, Env env) {
        if (here.isEmpty()) return Draw.shortValue(random);
        double[] iv = interval(s, here, env);
        if (iv == null) return null;
        for (int t = 0; t < 8; t++) {
            double x = inside(iv);
            if (robust(here, env.with(s, x), s)) return x;
        }
        // The box rarely holds admissible values: scan wider scales for them.
        for (double scale : SCALES) {
            double lo = Math.max(iv[0], -scale), hi = Math.min(iv[1], scale);
            if (!(lo < hi)) continue;
            double step = (hi - lo) / GRID;
            List<Double> ok = new ArrayList<>();
            for (int k = 1; k < GRID; k++) {
                double x = lo + k * step;
                if (robust(here, env.with(s, x), s)) ok.add(x);
            }
            if (ok.isEmpty()) continue;
            double x = ok.get(random.nextInt(ok.size()));
            double jittered = Draw.round(x + (random.nextDouble() - 0.5) * step * 0.6);
            return robust(here, env.with(s, jittered), s) ? jittered : x;
        }
        return null;
    }

    /**
     * The interval [lo, hi] the atoms affine in s allow, given the symbols drawn before it (±∞ when
     * open), or null when they contradict each other.
     */
    private double[] interval(Sym s, List<Domain.Atom> here, Env env) {
        double lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY;
        for (Domain.Atom a : here) {
            if (a.applies() != null || !a.binders().isEmpty() || a.op() == RelOp.NE) continue;
            double[] line = affine(a.g(), s, env);
            if (line == null) continue;
            double slope = line[0], at0 = line[1];
            boolean above = a.op() == RelOp.GT || a.op() == RelOp.GE; // g > 0
            if (slope == 0) {
                if (!Evaluator.compare(a.op(), at0, 0)) {
                    miss(a);
                    return null;
                }
                continue;
            }
            double root = -at0 / slope;
            if (above == slope > 0) lo = Math.max(lo, root);
            else hi = Math.min(hi, root);
        }
        if (!(lo < hi)) {
            List<String> shown = new ArrayList<>();
            for (Domain.Atom a : here) if (a.applies() == null && a.binders().isEmpty() && a.op() != RelOp.NE) shown.add(a.shown());
            conflict = String.join(" and ", shown);
            return null;
        }
        return new double[] {lo, hi};
    }

    /** {slope, value at 0} when g is affine in s at this point (checked at four values), else null. */
    private static double[] affine(Expr g, Sym s, Env env) {
        try {
            double m1 = Evaluator.eval(g, env.with(s, -1)), z = Evaluator.eval(g, env.with(s, 0));
            double p1 = Evaluator.eval(g, env.with(s, 1)), p3 = Evaluator.eval(g, env.with(s, 3));
            double slope = p1 - z;
            if (!Double.isFinite(m1) || !Double.isFinite(z) || !Double.isFinite(p1) || !Double.isFinite(p3)) return null;
            double scale = 1e-9 * (1 + Math.abs(m1) + Math.abs(z) + Math.abs(p1) + Math.abs(p3));
            if (Math.abs(z - m1 - slope) > scale || Math.abs(p3 - p1 - 2 * slope) > scale) return null;
            return new double[] {slope, z};
        } catch (EvalException ex) {
            return null;
        }
    }

    /** A value in [lo, hi], away from finite ends: from the usual box when it overlaps, else next to the interval's end. */
    private double inside(double[] iv) {
        double lo = iv[0], hi = iv[1];
        if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) return Draw.shortValue(random);
        double a = Double.isFinite(lo) ? lo + margin(lo) : Double.NEGATIVE_INFINITY;
        double b = Double.isFinite(hi) ? hi - margin(hi) : Double.POSITIVE_INFINITY;
        if (!(a < b)) { // narrower than two margins: its middle
            return (lo + hi) / 2;
        }
        double boxLo = Math.max(a, -2), boxHi = Math.min(b, 2);
        if (boxHi - boxLo < 0.2) { // little of the box is admissible: a box-sized window at the interval's end
            if (Double.isFinite(a) && Double.isFinite(b)) { boxLo = a; boxHi = b; }
            else if (Double.isFinite(a)) { boxLo = a; boxHi = a + 4; }
            else { boxLo = b - 4; boxHi = b; }
        }
        double x = 0;
        for (int t = 0; t < 4; t++) { // away from 0 where the interval allows, as Draw.value does
            x = Draw.round(boxLo + random.nextDouble() * (boxHi - boxLo));
            if (Math.abs(x) >= 0.05) break;
        }
        return x;
    }

    private static double margin(double end) {
        return 0.02 * Math.max(1, Math.abs(end));
    }

    /**
     * True when every atom holds at the point and at ±4h in s (h the finite-difference step), and a
     * nonzero atom keeps its sign there: the differences taken around the point stay in the domain.
     */
    private boolean robust(List<Domain.Atom> here, Env env, Sym s) {
        for (Domain.Atom a : here) if (!robust(a, env, List.of(s))) {
            miss(a);
            return false;
        }
        return true;
    }

    private static boolean robust(Domain.Atom a, Env env, Iterable<Sym> vars) {
        if (!a.holds(env)) return false;
        for (Sym v : vars) {
            Double x = env.get(v);
            if (x == null) continue;
            double h = 4e-3 * Math.max(1, Math.abs(x));
            if (!a.holds(env.with(v, x + h)) || !a.holds(env.with(v, x - h))) return false;
            if (a.op() == RelOp.NE && a.binders().isEmpty() && a.applies() == null && !sameSign(a.g(), env, v, x, h)) return false;
        }
        return true;
    }

    private static boolean sameSign(Expr g, Env env, Sym v, double x, double h) {
        try {
            double mid = Evaluator.eval(g, env), up = Evaluator.eval(g, env.with(v, x + h)), down = Evaluator.eval(g, env.with(v, x - h));
            return Math.signum(up) == Math.signum(mid) && Math.signum(down) == Math.signum(mid);
        } catch (EvalException ex) {
            return true;
        }
    }

    /** The first atom that fails near the point, or null. */
    private Domain.Atom violated(List<Domain.Atom> list, Env env) {
        for (Domain.Atom a : list) {
            if (!robust(a, env, atomReals.get(a))) {
                miss(a);
                return a;
            }
        }
        return null;
    }

    private void miss(Domain.Atom a) {
        misses.merge(a, 1, Integer::sum);
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
                if (!Evaluator.holds(a, env)) {
                    assumptionMisses++;
                    return false;
                }
            } catch (EvalException ex) {
                // An assumption that is not numeric (x ∈ ℝ^n) constrains nothing here.
            }
        }
        return true;
    }
}
