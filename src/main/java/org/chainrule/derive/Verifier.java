package org.chainrule.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * function, at random points that respect the assumptions and stay away from kinks (a point whose
 * neighbourhood crosses a case boundary, a |·| or max kink or an indicator's edge is skipped), with
 * points drawn inside each case's region in turn.
 */
public final class Verifier {

    /** A check that failed: which step, where, and the two values. */
    public record Failure(String path, String rule, Expr f, Sym var, Expr claimed, Map<Sym, Double> point,
                          double expected, double got) {}

    /** Outcome of checking one derivation. */
    public record Report(boolean verified, int checks, int points, List<Failure> failures, List<String> notes) {
        public Report {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }
    }

    static final int POINTS = 6;
    static final int TRIES = 120;

    private final Sampler sampler;
    private final long seed;
    private int checks;
    private int points;
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

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
        boolean ok = v.failures.isEmpty() && v.checks > 0;
        return new Report(ok, v.checks, v.points, v.failures, v.notes);
    }

    /** Checks only that {@code answer} is d original / dx (used for the final answer of chained derivations). */
    public static Report verifyAnswer(Expr original, Sym x, Expr answer, List<Expr> assumptions, long seed) {
        Verifier v = new Verifier(new Sampler(List.of(original, answer, x), assumptions, seed), seed);
        v.checkDerivative("answer", "answer", original, x, answer, regions(original));
        return new Report(v.failures.isEmpty() && v.checks > 0, v.checks, v.points, v.failures, v.notes);
    }

    /** Checks that two expressions are equal as functions (for rewrites such as back-substitution). */
    public static Report verifyEqual(Expr a, Expr b, List<Expr> assumptions, long seed) {
        Verifier v = new Verifier(new Sampler(List.of(a, b), assumptions, seed), seed);
        v.checkEqual("equal", a, b);
        return new Report(v.failures.isEmpty() && v.checks > 0, v.checks, v.points, v.failures, v.notes);
    }

    private static void collect(Step s, List<Expr> out) {
        out.add(s.f());
        out.add(s.result());
        for (Step c : s.substeps()) collect(c, out);
    }

    private void checkTree(Step s, String path) {
        switch (s) {
            case Step.Simplified simp -> checkEqual(path + " (" + simp.how() + ")", simp.of().result(), simp.result());
            case Step.CasesStep cs -> checkDerivative(path, cs.rule(), cs.f(), cs.var(), cs.result(), regions(cs.f()));
            default -> checkDerivative(path, s.rule(), s.f(), s.var(), s.result(), List.of());
        }
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
        checks++;
        List<Expr> kinks = kinks(f);
        kinks.addAll(kinks(claimed));
        double tol = hasDeriv(claimed) || hasDeriv(f) ? 1e-3 : 1e-6;
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
                Env env = sampler.point(pointSeed++);
                if (env == null) {
                    notes.add("no point satisfies the assumptions");
                    return;
                }
                try {
                    if (target instanceof Indicator out) {
                        if (Evaluator.holds(out.condition(), env)) continue;
                    } else if (target != null && !Evaluator.holds(target, env)) {
                        continue;
                    }
                    Sym cx = Evaluator.concreteVariable(x, env);
                    if (nearKink(kinks, env, cx)) continue;
                    double[] fd = Evaluator.derivativeWithError(f, List.of(x), env);
                    double expected = fd[0];
                    double got = Evaluator.eval(claimed, env);
                    if (!Double.isFinite(expected) || !Double.isFinite(got)) continue;
                    // Ill-conditioned here: the difference quotient itself is unreliable.
                    // (NaN: a difference step left the function's domain, e.g. crossed log's singularity.)
                    if (!Double.isFinite(fd[1]) || fd[1] > tol * 0.1 * (1 + Math.abs(expected))) continue;
                    here++;
                    found++;
                    points++;
                    if (!close(expected, got, tol)) {
                        failures.add(new Failure(path, rule, f, x, claimed, env.values(), expected, got));
                        return;
                    }
                } catch (EvalException ex) {
                    // not evaluable at this point (e.g. a vector expression): try another
                }
            }
        }
        if (found == 0) {
            checks--;
            notes.add("step " + path + " (" + rule + ") could not be evaluated numerically");
        }
    }

    private void checkEqual(String path, Expr a, Expr b) {
        checks++;
        int found = 0;
        long pointSeed = seed + 7919;
        List<Expr> kinks = kinks(a);
        kinks.addAll(kinks(b));
        for (int attempt = 0; attempt < TRIES && found < POINTS; attempt++) {
            Env env = sampler.point(pointSeed++);
            if (env == null) return;
            try {
                if (nearKink(kinks, env, null)) continue;
                double va = Evaluator.eval(a, env), vb = Evaluator.eval(b, env);
                if (!Double.isFinite(va) || !Double.isFinite(vb)) continue;
                found++;
                points++;
                if (!close(va, vb, hasDeriv(a) || hasDeriv(b) ? 1e-4 : 1e-9)) {
                    failures.add(new Failure(path, "simplify", a, null, b, env.values(), va, vb));
                    return;
                }
            } catch (EvalException ex) {
                // skip
            }
        }
        if (found == 0) {
            checks--;
            notes.add("rewrite " + path + " could not be evaluated numerically");
        }
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

    /** Expressions whose sign change marks a kink or a case boundary. */
    private static List<Expr> kinks(Expr e) {
        List<Expr> out = new ArrayList<>();
        findKinks(e, out);
        return out;
    }

    private static void findKinks(Expr e, List<Expr> out) {
        switch (e) {
            case Abs a -> out.add(a.arg());
            case Apply ap when ap.fn() instanceof Builtin b -> {
                switch (b.op()) {
                    case RELU, SIGN -> out.add(ap.args().get(0));
                    case MAX, MIN -> {
                        for (int i = 1; i < ap.args().size(); i++) out.add(Expr.sub(ap.args().get(0), ap.args().get(i)));
                    }
                    default -> { }
                }
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
                if (Math.abs(v0) < 1e-7) return true;
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
}
