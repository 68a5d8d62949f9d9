package org.chainrule.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.chainrule.derive.Verifier;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.numeric.MatrixSampler;
import org.chainrule.numeric.Sampler;

/**
 * The random points at which a claim is compared with the right value, with both values at each, and
 * a way to evaluate further expressions (candidate corrections) at the same points. Scalars are 1 × 1.
 *
 * <p>Scalar problems use {@link Sampler} (the problem's conditions and the domains of both sides, index
 * letters as small integers, sums without bounds over 1, …, 3), as the derivation verifier does, and
 * steer points into every region of the piecewise parts of either side: for each condition of a case,
 * an indicator, a max/min, an absolute value, a sign or a ReLU, points where it holds and where it does
 * not, and (with few conditions) points in each combination of two of them — so a claim wrong in one
 * case only is caught. Points next to a case boundary or kink are passed over. Matrix problems use
 * {@link MatrixSampler} and {@link MatrixEvaluator} with the declared shapes.
 */
final class Points {

    /** One point: the symbols' values to show, both values, and the point as an evaluator. */
    record Sample(Map<Sym, Mat> shown, Mat truth, Mat claim, Function<Expr, Mat> at) {}

    /** Unsteered points wanted; each side of each region gets {@link #PER_REGION} more. */
    static final int POINTS = 10, PER_REGION = 2;
    /** Matrix points: each costs an evaluation of both sides on random matrices. */
    static final int MATRIX_POINTS = 8;
    /** At most this many region conditions are steered into (pairs of them when there are at most {@link #PAIRED}). */
    static final int MAX_REGIONS = 10, PAIRED = 5;
    static final int MAX_DRAWS = 400;

    final List<Sample> samples;
    /** Relative tolerance of {@link #close}: tighter without finite differences. */
    final double tol;
    /** Why no point could be compared (when {@link #samples} is empty). */
    final String why;
    /** Matrix claims only: why the claim has no shape (a product whose sizes do not fit), else null. */
    final String claimShapeError;

    private Points(List<Sample> samples, double tol, String why, String claimShapeError) {
        this.samples = List.copyOf(samples);
        this.tol = tol;
        this.why = why;
        this.claimShapeError = claimShapeError;
    }

    /** Equal within {@code tol·(1 + |a| + |b|)} entry by entry (relative for large values, absolute near 0); shapes must agree. */
    boolean close(Mat a, Mat b) {
        return a != null && b != null && a.sameShape(b) && MatrixEvaluator.close(a, b, tol);
    }

    /** The first point where the claim differs from the right value (or has no value of that shape), or -1. */
    int firstMismatch() {
        for (int k = 0; k < samples.size(); k++) if (!close(samples.get(k).claim(), samples.get(k).truth())) return k;
        return -1;
    }

    // ------------------------------------------------------------------ scalar

    static Points scalar(Expr truth, Expr claim, List<Expr> conditions, long seed) {
        return scalar(truth, claim, List.of(), conditions, seed);
    }

    /** {@code domains}: further expressions whose domain the points must respect (the functions under derivatives). */
    static Points scalar(Expr truth, Expr claim, List<Expr> domains, List<Expr> conditions, long seed) {
        List<Expr> exprs = new ArrayList<>(List.of(truth, claim));
        exprs.addAll(domains);
        Sampler sampler = new Sampler(exprs, conditions, seed);
        double tol = hasDeriv(truth) || hasDeriv(claim) ? 1e-5 : 1e-7;
        List<Expr> kinks = new ArrayList<>();
        kinks.addAll(Verifier.kinks(truth));
        kinks.addAll(Verifier.kinks(claim));
        Set<Expr> found = new LinkedHashSet<>();
        findRegions(truth, found);
        findRegions(claim, found);
        List<Expr> regions = new ArrayList<>(found).subList(0, Math.min(found.size(), MAX_REGIONS));

        // Quotas: for each region and each pair of regions (when few), points on each side.
        List<Target> targets = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            targets.add(new Target(new int[] {r}, new boolean[] {true}, PER_REGION));
            targets.add(new Target(new int[] {r}, new boolean[] {false}, PER_REGION));
        }
        if (regions.size() <= PAIRED)
            for (int r = 0; r < regions.size(); r++)
                for (int s = r + 1; s < regions.size(); s++)
                    for (int c = 0; c < 4; c++) targets.add(new Target(new int[] {r, s}, new boolean[] {(c & 1) == 0, (c & 2) == 0}, 1));
        boolean[] unusable = new boolean[regions.size()];

        List<Sample> samples = new ArrayList<>();
        Skips skips = new Skips();
        int plain = 0;
        for (int draw = 0; draw < MAX_DRAWS && (plain < POINTS || targets.stream().anyMatch(t -> t.need > 0)); draw++) {
            Env env = sampler.point(seed + 7919L * draw);
            if (env == null) {
                if (samples.isEmpty() && draw == 0) return none(sampler.whyNoPoint(), tol);
                break;
            }
            if (nearKink(kinks, env)) {
                skips.kink++;
                continue;
            }
            boolean[] side = new boolean[regions.size()];
            for (int r = 0; r < regions.size(); r++) {
                if (unusable[r]) continue;
                try {
                    side[r] = Evaluator.holds(regions.get(r), env);
                } catch (EvalException ex) {
                    unusable[r] = true; // a condition on names without values here (an index bound elsewhere)
                }
            }
            for (Target t : targets) for (int r : t.regions) if (unusable[r]) t.need = 0;
            List<Target> helped = new ArrayList<>();
            for (Target t : targets) if (t.need > 0 && t.holds(side)) helped.add(t);
            if (plain >= POINTS && helped.isEmpty()) continue;
            double vt, vc;
            try {
                vt = Evaluator.eval(truth, env);
            } catch (EvalException ex) {
                skips.notEvaluable(ex);
                continue;
            }
            try {
                vc = Evaluator.eval(claim, env);
            } catch (EvalException ex) {
                skips.claimNotEvaluable(ex);
                continue;
            }
            if (!Double.isFinite(vt) || !Double.isFinite(vc)) {
                skips.notFinite++;
                continue;
            }
            plain++;
            for (Target t : helped) t.need--;
            Env at = env;
            samples.add(new Sample(shown(env, truth, claim), Mat.scalar(vt), Mat.scalar(vc), e -> Mat.scalar(Evaluator.eval(e, at))));
        }
        return samples.isEmpty() ? none(skips.why(), tol) : new Points(samples, tol, null, null);
    }

    private static Points none(String why, double tol) {
        return new Points(List.of(), tol, why, null);
    }

    /** A number of points wanted with the given regions' conditions holding (or not). */
    private static final class Target {
        final int[] regions;
        final boolean[] want;
        int need;

        Target(int[] regions, boolean[] want, int need) {
            this.regions = regions;
            this.want = want;
            this.need = need;
        }

        boolean holds(boolean[] side) {
            for (int k = 0; k < regions.length; k++) if (side[regions[k]] != want[k]) return false;
            return true;
        }
    }

    /** Why no point was usable: the most frequent reason a point was passed over. */
    private static final class Skips {
        int kink, notFinite, evalErrors, claimErrors;
        String evalMessage, claimMessage;

        void notEvaluable(EvalException ex) {
            evalErrors++;
            if (evalMessage == null) evalMessage = ex.getMessage();
        }

        void claimNotEvaluable(EvalException ex) {
            claimErrors++;
            if (claimMessage == null) claimMessage = ex.getMessage();
        }

        String why() {
            int most = Math.max(Math.max(kink, notFinite), Math.max(evalErrors, claimErrors));
            if (most == 0) return "no point to compare at";
            if (most == claimErrors) return "the claim cannot be evaluated: " + claimMessage;
            if (most == evalErrors) return "the left side cannot be evaluated: " + evalMessage;
            if (most == notFinite) return "the values are not finite at any point tried";
            return "every point tried is at a kink or a case boundary";
        }
    }

    /**
     * The values to show for a point: the sampled symbols (reals, index letters, bounds), and the members
     * of indexed families the expressions use (a_1, a_2, a_3 for a_k), as they were drawn.
     */
    private static Map<Sym, Mat> shown(Env env, Expr truth, Expr claim) {
        Map<Sym, Mat> out = new LinkedHashMap<>();
        Set<Sym> free = new LinkedHashSet<>();
        freeSymbols(truth, Set.of(), free);
        freeSymbols(claim, Set.of(), free);
        env.values().entrySet().stream()
                .filter(e -> !e.getKey().equals(Evaluator.UNBOUNDED_TERMS))
                .filter(e -> free.contains(e.getKey())) // a sum's own index has no value of its own
                .sorted(Comparator.comparing(e -> LatexPrinter.print(e.getKey())))
                .forEach(e -> out.put(e.getKey(), Mat.scalar(e.getValue())));
        Set<Sym> family = new LinkedHashSet<>();
        for (Expr e : List.of(truth, claim)) for (Sym s : Exprs.symbols(e)) if (indexed(s)) family.add(s);
        for (Sym s : family) {
            List<Sym> letters = new ArrayList<>();
            for (Expr i : s.sub()) if (i instanceof Sym l && l.sub().isEmpty() && !l.styles().contains("rm") && !letters.contains(l)) letters.add(l);
            if (letters.isEmpty() || letters.size() > 2) continue;
            int n = (int) Math.pow(Sampler.DIM, letters.size());
            for (int c = 0; c < n && out.size() < 40; c++) {
                Expr member = s;
                int code = c;
                for (Sym l : letters) {
                    member = Exprs.substitute(member, l, Expr.num(1 + code % Sampler.DIM));
                    code /= Sampler.DIM;
                }
                if (!(member instanceof Sym m) || out.containsKey(m)) continue;
                Double v = env.value(m);
                if (v != null) out.put(m, Mat.scalar(v));
            }
        }
        return out;
    }

    /** The symbols of e outside the sums that bind them (in indices too: the i of s_i). */
    private static void freeSymbols(Expr e, Set<Sym> bound, Set<Sym> out) {
        if (e instanceof Sym s && !bound.contains(s)) out.add(s);
        if (e instanceof BigOp b) {
            Set<Sym> inner = new LinkedHashSet<>(bound);
            inner.add(b.index());
            b.from().ifPresent(f -> freeSymbols(f, bound, out));
            b.to().ifPresent(t -> freeSymbols(t, bound, out));
            freeSymbols(b.body(), inner, out);
            return;
        }
        for (Expr c : Exprs.children(e)) freeSymbols(c, bound, out);
    }

    private static boolean indexed(Sym s) {
        for (Expr i : s.sub()) if (!Exprs.symbols(i).isEmpty()) return true;
        return false;
    }

    /** The conditions of the piecewise parts of e: cases, indicators, max/min, |·|, sign and ReLU. */
    static void findRegions(Expr e, Set<Expr> out) {
        switch (e) {
            case Piecewise pw -> {
                for (Case c : pw.cases()) out.add(c.condition());
            }
            case Indicator ind -> out.add(ind.condition());
            case Abs a -> out.add(Rel.of(a.arg(), RelOp.GT, Expr.num(0)));
            case Apply ap when ap.fn() instanceof Builtin b -> {
                switch (b.op()) {
                    case MAX, MIN -> {
                        if (ap.args().size() == 2) out.add(Rel.of(ap.args().get(0), RelOp.GT, ap.args().get(1)));
                    }
                    case SIGN, RELU -> out.add(Rel.of(ap.args().get(0), RelOp.GT, Expr.num(0)));
                    default -> { }
                }
            }
            default -> { }
        }
        for (Expr c : Exprs.children(e)) findRegions(c, out);
    }

    /** True when some kink expression is (nearly) zero at the point: the two sides may use different conventions there. */
    private static boolean nearKink(List<Expr> kinks, Env env) {
        for (Expr k : kinks) {
            try {
                if (Math.abs(Evaluator.eval(k, env)) < 1e-6) return true;
            } catch (EvalException ex) {
                // not evaluable here (an index bound by a sum): no kink we can see
            }
        }
        return false;
    }

    /** True when evaluating e takes finite differences (a written derivative, the prime of an abstract function). */
    static boolean hasDeriv(Expr e) {
        if (e instanceof Deriv) return true;
        if (e instanceof Apply ap && ap.fn() instanceof Prime p && !(p.fn() instanceof Builtin)) return true;
        for (Expr c : Exprs.children(e)) if (hasDeriv(c)) return true;
        return false;
    }

    // ------------------------------------------------------------------ matrix

    /** Thrown when the right value itself cannot be sampled or shaped: the claim is then unverifiable. */
    static final class NoPoints extends RuntimeException {
        NoPoints(String why) {
            super(why);
        }
    }

    static Points matrix(Expr truth, Expr claim, Map<Sym, Shape> declared, List<Expr> conditions, long seed) {
        try {
            Shapes.of(truth, declared);
        } catch (Shapes.ShapeException ex) {
            throw new NoPoints(ex.getMessage());
        }
        String shapeError = null;
        try {
            Shapes.of(claim, declared);
        } catch (Shapes.ShapeException ex) {
            shapeError = ex.getMessage();
        }
        double tol = hasDeriv(truth) || hasDeriv(claim) ? 1e-5 : 1e-7;
        MatrixSampler sampler;
        try {
            sampler = new MatrixSampler(declared, List.of(truth, claim), conditions, seed);
        } catch (EvalException ex) {
            throw new NoPoints(ex.getMessage());
        }
        List<Sample> samples = new ArrayList<>();
        String skipped = null;
        for (int k = 0; k < MATRIX_POINTS * 4 && samples.size() < MATRIX_POINTS; k++) {
            Map<Sym, Mat> env = sampler.point(k);
            if (env == null) {
                skipped = "no random matrices satisfy the conditions";
                if (k >= 2 && samples.isEmpty()) break;
                continue;
            }
            Mat t, c = null;
            try {
                t = MatrixEvaluator.eval(truth, env);
            } catch (EvalException | ArithmeticException ex) {
                skipped = "the left side cannot be evaluated: " + ex.getMessage();
                continue;
            }
            if (!finite(t)) {
                skipped = "the values are not finite at any point tried";
                continue;
            }
            if (shapeError == null) {
                try {
                    c = MatrixEvaluator.eval(claim, env);
                } catch (EvalException | ArithmeticException ex) {
                    skipped = "the claim cannot be evaluated: " + ex.getMessage();
                    continue;
                }
                if (!finite(c)) {
                    skipped = "the values are not finite at any point tried";
                    continue;
                }
            }
            Map<Sym, Mat> point = new LinkedHashMap<>(env);
            samples.add(new Sample(point, t, c, e -> MatrixEvaluator.eval(e, point)));
        }
        if (samples.isEmpty()) return new Points(List.of(), tol, skipped == null ? "no point to compare at" : skipped, shapeError);
        return new Points(samples, tol, null, shapeError);
    }

    private static boolean finite(Mat m) {
        for (double v : m.data()) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** The value of e at a sample, or empty where it has none (outside its domain, shapes that do not fit). */
    static Optional<Mat> value(Sample s, Expr e) {
        try {
            Mat m = s.at().apply(e);
            return finite(m) ? Optional.of(m) : Optional.empty();
        } catch (RuntimeException ex) { // outside its domain, shapes that do not fit, a candidate that makes no sense
            return Optional.empty();
        }
    }

    static boolean isMatrixProblem(Map<Sym, Shape> declared, Expr... sides) {
        for (Map.Entry<Sym, Shape> d : declared.entrySet()) {
            if (d.getValue().isScalar()) continue;
            for (Expr e : sides) if (Exprs.valueSymbols(e).contains(d.getKey())) return true;
        }
        return false;
    }
}
