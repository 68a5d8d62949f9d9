package org.chainrule.derive.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Budget;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Sampler;

/**
 * Numeric checks of derivations: every step's result against central finite differences of its
 * function, at random points inside the expressions' domain and the problem's conditions
 * ({@link Sampler}) that stay away from kinks (a point whose neighbourhood crosses a case boundary, a
 * |·| or max kink or an indicator's edge is skipped), with points drawn inside each case's region in
 * turn. Every step gets a {@link Check}: checked at N points, unchecked (why), or failed (where).
 */
public final class Verifier {

    /** A check that failed: which step, where, and the two values. */
    public record Failure(String path, String rule, Map<Sym, Double> point, double expected, double got) {}

    /** One checked claim: where it is in the derivation (1.2, answer), the rule that made it, and how it was checked. */
    public record Entry(String path, String rule, Check check) {}

    /**
     * Every claim of a derivation with its check. Verified only when there is at least one and every
     * one was {@link Check.Checked}: an unchecked step makes the whole report unverified.
     */
    public record Report(List<Entry> entries) {
        public Report {
            entries = List.copyOf(entries);
        }

        public static Report of(Entry... entries) {
            return new Report(List.of(entries));
        }

        public boolean verified() {
            return !entries.isEmpty() && entries.stream().allMatch(e -> e.check() instanceof Check.Checked);
        }

        /** Claims evaluated at some point (checked or failed). */
        public int checks() {
            return (int) entries.stream().filter(e -> !(e.check() instanceof Check.Unchecked)).count();
        }

        /** Points at which claims agreed, over all claims. */
        public int points() {
            int n = 0;
            for (Entry e : entries) if (e.check() instanceof Check.Checked c) n += c.points();
            return n;
        }

        public List<Failure> failures() {
            List<Failure> out = new ArrayList<>();
            for (Entry e : entries)
                if (e.check() instanceof Check.Failed f) out.add(new Failure(e.path(), e.rule(), f.at(), f.expected(), f.got()));
            return out;
        }

        public List<Entry> unchecked() {
            return entries.stream().filter(e -> e.check() instanceof Check.Unchecked).toList();
        }

        /** The unchecked claims in words: "step 1.2 (sqrt-rule): no point found where w - 5 > 0 holds". */
        public List<String> notes() {
            List<String> out = new ArrayList<>();
            for (Entry e : unchecked()) out.add("step " + e.path() + " (" + e.rule() + "): " + ((Check.Unchecked) e.check()).why());
            return out;
        }

        public Report plus(Report other) {
            List<Entry> all = new ArrayList<>(entries);
            all.addAll(other.entries);
            return new Report(all);
        }

        /**
         * The checks of a step tree that a rewrite now wraps at {@code root}: the tree's paths move one
         * level down (1 → 1.1, 1.2 → 1.1.2), as {@link Step.Simplified} nests its step; others stay.
         */
        public Report nestedUnder(String root) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : entries) {
                String p = e.path();
                if (p.equals(root) || p.startsWith(root + ".")) p = root + ".1" + p.substring(root.length());
                out.add(new Entry(p, e.rule(), e.check()));
            }
            return new Report(out);
        }

        /** The same checks under other names (a rewrite checked by {@link #verifyEqual} is "answer in the given names"). */
        public Report named(String path, String rule) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : entries) out.add(new Entry(path, rule, e.check()));
            return new Report(out);
        }
    }

    static final int POINTS = 6;
    static final int TRIES = 120;

    private final Sampler sampler;
    private final long seed;
    private final List<Entry> entries = new ArrayList<>();

    private Verifier(Sampler sampler, long seed) {
        this.sampler = sampler;
        this.seed = seed;
    }

    /**
     * Checks every step of {@code root}, then {@code answer} as the derivative of {@code original}
     * (both fully substituted, free of named intermediates) with respect to x.
     */
    public static Report verify(Step root, Expr original, Sym x, Expr answer, List<Expr> assumptions, long seed) {
        List<Expr> all = new ArrayList<>();
        all.add(original);
        all.add(answer);
        all.add(x);
        collect(root, all);
        Verifier v = new Verifier(new Sampler(all, assumptions, seed), seed);
        v.checkTree(root, "1");
        v.checkDerivative("answer", "answer", original, x, answer, regions(original));
        return new Report(v.entries);
    }

    /** Checks only that {@code answer} is d original / dx (used for the final answer of chained derivations). */
    public static Report verifyAnswer(Expr original, Sym x, Expr answer, List<Expr> assumptions, long seed) {
        Verifier v = new Verifier(new Sampler(List.of(original, answer, x), assumptions, seed), seed);
        v.checkDerivative("answer", "answer", original, x, answer, regions(original));
        return new Report(v.entries);
    }

    /** Checks that two expressions are equal as functions (for rewrites such as back-substitution). */
    public static Report verifyEqual(Expr a, Expr b, List<Expr> assumptions, long seed) {
        Verifier v = new Verifier(new Sampler(List.of(a, b), assumptions, seed), seed);
        v.checkEqual("equal", Step.Simplified.RULE.name(), a, b);
        return new Report(v.entries);
    }

    private static void collect(Step s, List<Expr> out) {
        out.add(s.f());
        out.add(s.result());
        for (Step c : s.substeps()) collect(c, out);
    }

    private void checkTree(Step s, String path) {
        // a rewrite is checked as an equality; cases are sampled inside each case's region
        if (s instanceof Step.Simplified simp) checkEqual(path, simp.how(), simp.of().result(), simp.result());
        else if (s instanceof Step.Cases cs) checkDerivative(path, cs.rule().name(), cs.f(), cs.var(), cs.result(), regions(cs.f()));
        else checkDerivative(path, s.rule().name(), s.f(), s.var(), s.result(), List.of());
        int k = 1;
        for (Step c : s.substeps()) checkTree(c, path + "." + k++);
    }

    /** The conditions of the cases of f's outermost piecewise parts, to sample inside each region. */
    private static List<Expr> regions(Expr f) {
        List<Expr> out = new ArrayList<>();
        findRegions(f, out);
        return out;
    }

    private static void findRegions(Expr e, List<Expr> out) {
        if (e instanceof Piecewise pw) for (Case c : pw.cases()) out.add(c.condition());
        if (e instanceof Apply ap && ap.fn() instanceof Builtin b && (b.op() == BuiltinFn.MAX || b.op() == BuiltinFn.MIN) && ap.args().size() == 2)
            out.add(Rel.of(ap.args().get(0), RelOp.GT, ap.args().get(1)));
        for (Expr c : Exprs.children(e)) findRegions(c, out);
    }

    private void checkDerivative(String path, String rule, Expr f, Sym x, Expr claimed, List<Expr> regionConds) {
        List<Expr> kinks = kinks(f);
        kinks.addAll(kinks(claimed));
        double tol = hasDeriv(claimed) || hasDeriv(f) ? 1e-3 : 1e-6;
        Skips skips = new Skips();
        int found = 0;
        long pointSeed = seed;
        // Untargeted points first, then points inside each region (and outside it).
        List<Expr> targets = new ArrayList<>();
        targets.add(null);
        for (Expr r : regionConds) {
            targets.add(r);
            targets.add(new Indicator(r)); // marker: outside the region
        }
        for (Expr target : targets) {
            int here = 0;
            for (int attempt = 0; attempt < TRIES && here < (target == null ? POINTS : 2); attempt++) {
                Budget.check();
                Env env = sampler.point(pointSeed++);
                if (env == null) {
                    if (found == 0) {
                        entries.add(new Entry(path, rule, new Check.Unchecked(sampler.whyNoPoint())));
                        return;
                    }
                    break;
                }
                try {
                    if (target instanceof Indicator out) {
                        if (Evaluator.holds(out.condition(), env)) continue;
                    } else if (target != null && !Evaluator.holds(target, env)) {
                        continue;
                    }
                    Sym cx = Evaluator.concreteVariable(x, env);
                    if (nearKink(kinks, env, cx)) {
                        skips.kink++;
                        continue;
                    }
                    double[] fd = Evaluator.derivativeWithError(f, List.of(x), env);
                    double expected = fd[0];
                    Evaluator.Bounded claim = Evaluator.evalBounded(claimed, env);
                    double got = claim.value();
                    if (!Double.isFinite(expected) || !Double.isFinite(got)) {
                        skips.notFinite++;
                        continue;
                    }
                    // Ill-conditioned here: the difference quotient itself is unreliable.
                    if (!Double.isFinite(fd[1]) || fd[1] > tol * 0.1 * (1 + Math.abs(expected))) {
                        skips.illConditioned++;
                        continue;
                    }
                    if (imprecise(Evaluator.differenceNoise(f, x, env) + claim.error(), tol, expected, got)) {
                        skips.imprecise++;
                        continue;
                    }
                    here++;
                    found++;
                    if (!close(expected, got, tol)) {
                        entries.add(new Entry(path, rule, new Check.Failed(env.values(), expected, got)));
                        return;
                    }
                } catch (EvalException ex) {
                    skips.notEvaluable(ex); // not evaluable at this point (e.g. a vector expression): try another
                }
            }
        }
        entries.add(new Entry(path, rule, found > 0 ? new Check.Checked(found, skips.imprecise) : new Check.Unchecked(skips.why())));
    }

    /**
     * True when the rounding errors of the two values (bounded by {@link Evaluator#evalBounded}) could
     * add up to more than the comparison tolerates: there, a correct step could fail and a wrong one
     * pass, so the point proves nothing. Within the bound, a correct step always agrees.
     */
    private static boolean imprecise(double noise, double tol, double a, double b) {
        return !(noise <= tol * (1 + Math.abs(a) + Math.abs(b)));
    }

    /** Why no point was usable: the most frequent reason a point was passed over. */
    private static final class Skips {
        int kink, notFinite, illConditioned, imprecise, evalErrors;
        String evalMessage;

        void notEvaluable(EvalException ex) {
            evalErrors++;
            if (evalMessage == null) evalMessage = ex.getMessage();
        }

        String why() {
            int most = Math.max(Math.max(kink, notFinite), Math.max(Math.max(illConditioned, imprecise), evalErrors));
            if (most == 0) return "no point to check at";
            if (most == evalErrors) return "cannot be evaluated numerically: " + evalMessage;
            if (most == notFinite) return "its value is not a finite number at any point tried";
            if (most == kink) return "every point tried is at a kink or a case boundary";
            if (most == imprecise) return "double precision loses too many digits at every point tried";
            return "finite differences are unreliable at every point tried";
        }
    }

    private void checkEqual(String path, String rule, Expr a, Expr b) {
        int found = 0;
        long pointSeed = seed + 7919;
        Skips skips = new Skips();
        List<Expr> kinks = kinks(a);
        kinks.addAll(kinks(b));
        for (int attempt = 0; attempt < TRIES && found < POINTS; attempt++) {
            Budget.check();
            Env env = sampler.point(pointSeed++);
            if (env == null) {
                if (found == 0) {
                    entries.add(new Entry(path, rule, new Check.Unchecked(sampler.whyNoPoint())));
                    return;
                }
                break;
            }
            try {
                if (nearKink(kinks, env, null)) {
                    skips.kink++;
                    continue;
                }
                Evaluator.Bounded ba = Evaluator.evalBounded(a, env), bb = Evaluator.evalBounded(b, env);
                double va = ba.value(), vb = bb.value();
                if (!Double.isFinite(va) || !Double.isFinite(vb)) {
                    skips.notFinite++;
                    continue;
                }
                double tol = hasDeriv(a) || hasDeriv(b) ? 1e-4 : 1e-9;
                if (imprecise(ba.error() + bb.error(), tol, va, vb)) {
                    skips.imprecise++;
                    continue;
                }
                found++;
                if (!close(va, vb, tol)) {
                    entries.add(new Entry(path, rule, new Check.Failed(env.values(), va, vb)));
                    return;
                }
            } catch (EvalException ex) {
                skips.notEvaluable(ex);
            }
        }
        entries.add(new Entry(path, rule, found > 0 ? new Check.Checked(found, skips.imprecise) : new Check.Unchecked(skips.why())));
    }

    private static boolean hasDeriv(Expr e) {
        if (e instanceof Deriv) return true;
        if (e instanceof Apply ap && ap.fn() instanceof Prime) return true;
        for (Expr c : Exprs.children(e)) if (hasDeriv(c)) return true;
        return false;
    }

    static boolean close(double expected, double got, double tol) {
        return Math.abs(expected - got) <= tol * (1 + Math.abs(expected) + Math.abs(got));
    }

    /** Expressions whose sign change marks a kink or a case boundary (also where the claim judge samples). */
    public static List<Expr> kinks(Expr e) {
        List<Expr> out = new ArrayList<>();
        findKinks(e, out);
        return out;
    }

    private static void findKinks(Expr e, List<Expr> out) {
        switch (e) {
            case Abs a -> out.add(a.arg());
            case Apply ap when ap.fn() instanceof Builtin b -> {
                if (b.op().spec.kink()) out.add(ap.args().get(0)); // ReLU, sign: where the argument changes sign
                if (b.op() == BuiltinFn.MAX || b.op() == BuiltinFn.MIN)
                    for (int i = 1; i < ap.args().size(); i++) out.add(Expr.sub(ap.args().get(0), ap.args().get(i)));
            }
            case Rel r -> {
                for (int i = 0; i + 1 < r.operands().size(); i++)
                    out.add(Expr.sub(r.operands().get(i), r.operands().get(i + 1)));
            }
            default -> { }
        }
        for (Expr c : Exprs.children(e)) findKinks(c, out);
    }

    /** True when some kink expression is (nearly) zero at the point or changes sign within ±2h of x. */
    private static boolean nearKink(List<Expr> kinks, Env env, Sym x) {
        for (Expr k : kinks) {
            try {
                double v0 = Evaluator.eval(k, env);
                if (Math.abs(v0) < 1e-7) {
                    // max(w, w), |w − w|: a kink expression that is zero all around the point selects
                    // the same case throughout; only a zero that is crossed is a kink.
                    if (locallyZero(k, env, x)) continue;
                    return true;
                }
                if (x == null) continue;
                Double xv = env.value(x);
                if (xv == null) continue;
                double h = 1e-4 * Math.max(1, Math.abs(xv));
                double up = Evaluator.eval(k, env.with(x, xv + h)), down = Evaluator.eval(k, env.with(x, xv - h));
                if (Math.signum(up) != Math.signum(v0) || Math.signum(down) != Math.signum(v0)) return true;
            } catch (EvalException ex) {
                // not evaluable: cannot be a kink we can see
            }
        }
        return false;
    }

    /** True when k stays (nearly) zero as each of its variables (only x, when given) moves by up to a difference step. */
    private static boolean locallyZero(Expr k, Env env, Sym x) {
        List<Sym> vars = new ArrayList<>();
        if (x != null) vars.add(x);
        else for (Sym s : Exprs.symbols(k)) if (env.get(s) != null) vars.add(s);
        for (Sym v : vars) {
            Double xv = env.get(v);
            if (xv == null) xv = env.value(v);
            if (xv == null) return false;
            double h = 1e-3 * Math.max(1, Math.abs(xv));
            for (double step : new double[] {h, -h, h / 3, -h / 3})
                if (Math.abs(Evaluator.eval(k, env.with(v, xv + step))) >= 1e-7) return false;
        }
        return true;
    }
}
