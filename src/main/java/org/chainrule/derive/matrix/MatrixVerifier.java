package org.chainrule.derive.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.chainrule.derive.core.Check;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.numeric.MatrixSampler;

/**
 * Numeric checks of a matrix derivation on random matrices of the declared shapes (symbolic sizes get
 * small distinct values): every local contribution (∂p/∂c)G against finite differences of ⟨G, p⟩ for a
 * random G, every gradient against finite differences of the function with c free, and the answer
 * against the flat function.
 */
final class MatrixVerifier {
    static final int POINTS = 4;

    private final MatrixAlgebra algebra;
    private final Map<Sym, Shape> shapes;
    private final Map<Sym, Expr> defs;
    private final List<Expr> assumptions;
    private final long seed;
    private Map<Sym, Integer> sizes = Map.of();

    MatrixVerifier(Map<Sym, Shape> shapes, Map<Sym, Expr> defs, List<Expr> assumptions, long seed) {
        this(new MatrixAlgebra(shapes), defs, assumptions, seed);
    }

    MatrixVerifier(MatrixAlgebra algebra, Map<Sym, Expr> defs, List<Expr> assumptions, long seed) {
        this.algebra = algebra;
        this.shapes = algebra.shapes();
        this.defs = defs;
        this.assumptions = assumptions;
        this.seed = seed;
    }

    Map<Sym, Integer> sizes() {
        return sizes;
    }

    /** Each term's contribution, then the gradient's value, with c free and every other name inlined. */
    Verifier.Report checkGradient(Sym f, Sym c, List<MatrixCalculus.Term> terms, Expr value) {
        Tally t = new Tally();
        for (MatrixCalculus.Term term : terms)
            for (MatrixCalculus.RuleUse use : term.rules())
                // Scalar steps (a piecewise loss by its residual) also get the scalar verifier, which
                // samples inside each case's region and keeps away from the kinks.
                if (use instanceof MatrixCalculus.RuleUse.Scalar(Step step)) {
                    Verifier.Report r = Verifier.verify(step, step.f(), step.var(), step.result(), assumptions, seed);
                    String where = "∂" + LatexPrinter.print(step.f()) + "/∂" + LatexPrinter.print(step.var()) + " ";
                    for (Verifier.Entry e : r.entries()) t.entries.add(new Verifier.Entry(where + e.path(), e.rule(), e.check()));
                }
        for (MatrixCalculus.Term term : terms) {
            // The contribution is the partial derivative of ⟨G, definition⟩: other names are free leaves.
            Sym g = new Sym("G", List.of(), List.of(Expr.num(9)), SupIndex.NONE);
            Map<Sym, Shape> sh = new LinkedHashMap<>(shapes);
            Shape ps = Shapes.of(term.definition(), shapes);
            sh.put(g, ps);
            Expr claimed = Exprs.isNum(term.adjoint(), 1) ? term.result() : Exprs.substitute(term.result(), term.adjoint(), g); // a symbol: nothing to keep whole
            Expr def = term.definition();
            boolean unit = Exprs.isNum(term.adjoint(), 1);
            check(t, "∂" + LatexPrinter.print(term.parent()) + "/∂" + LatexPrinter.print(c), sh, List.of(def, claimed), c, claimed,
                    env -> {
                        Mat v = MatrixEvaluator.eval(def, env);
                        return unit ? v.value() : dot(env.get(g), v);
                    });
        }
        Map<Sym, Expr> others = new LinkedHashMap<>(defs);
        others.remove(c);
        Expr fn = algebra.inline(defs.get(f), others);
        Expr claimed = algebra.inline(value, others);
        check(t, "∂" + LatexPrinter.print(f) + "/∂" + LatexPrinter.print(c), shapes, List.of(fn, claimed), c, claimed, env -> MatrixEvaluator.eval(fn, env).value());
        return t.report();
    }

    /** The answer (flat and with the user's names) against finite differences of the flat function. */
    Verifier.Report checkAnswer(Expr flatFunction, Sym x, Expr answerFlat, Expr answer) {
        Tally t = new Tally();
        check(t, "answer", shapes, List.of(flatFunction, answerFlat), x, answerFlat, env -> MatrixEvaluator.eval(flatFunction, env).value());
        Expr named = algebra.inline(answer, defs);
        check(t, "answer in names", shapes, List.of(flatFunction, named), x, named, env -> MatrixEvaluator.eval(flatFunction, env).value());
        return t.report();
    }

    private static final class Tally {
        final List<Verifier.Entry> entries = new ArrayList<>();

        Verifier.Report report() {
            return new Verifier.Report(entries);
        }
    }

    /** Relative tolerance of the comparison with finite differences. */
    static final double TOL = 1e-5;

    private void check(Tally t, String what, Map<Sym, Shape> sh, List<Expr> exprs, Sym c, Expr claimed,
                       ToDoubleFunction<Map<Sym, Mat>> fn) {
        Map<Sym, Expr> forward = forwardDefinitions(exprs);
        List<Expr> sampled = new ArrayList<>(exprs);
        sampled.addAll(forward.values());
        MatrixSampler sampler = new MatrixSampler(sh, sampled, assumptions, seed);
        sizes = sampler.sizes();
        int good = 0;
        String skipped = null;
        for (int k = 0; k < POINTS * 4 && good < POINTS; k++) {
            Map<Sym, Mat> env = sampler.point(k);
            if (env == null) {
                if (skipped == null) skipped = "no random matrices satisfy the conditions";
                continue;
            }
            forwardPass(env, forward);
            Mat got, want;
            try {
                if (!Double.isFinite(fn.applyAsDouble(env))) {
                    skipped = "the function has no finite value at any point tried (the random matrices fall outside its domain)";
                    continue;
                }
                got = MatrixEvaluator.eval(claimed, env);
                want = gradient(fn, c, env);
            } catch (EvalException | ArithmeticException e) {
                skipped = "cannot be evaluated: " + e.getMessage();
                continue; // outside the domain (log of a negative value …): another point
            }
            if (!allFinite(got)) {
                skipped = "its value is not a finite number at any point tried (the random matrices fall outside its domain)";
                continue;
            }
            if (want == null) {
                skipped = "finite differences are unreliable at every point tried (a kink or the domain's edge)";
                continue; // at a kink or ill-conditioned: another point
            }
            good++;
            if (got.rows() != want.rows() || got.cols() != want.cols() || !MatrixEvaluator.close(got, want, TOL)) {
                int at = worst(got, want);
                t.entries.add(new Verifier.Entry(what, "matrix", new Check.Failed(scalars(env),
                        at < 0 ? Double.NaN : want.data()[at], at < 0 ? Double.NaN : got.data()[at])));
                return;
            }
        }
        t.entries.add(new Verifier.Entry(what, "matrix", good > 0 ? new Check.Checked(good)
                : new Check.Unchecked(skipped == null ? "no point to check at" : skipped)));
    }

    /**
     * The named intermediates among the symbols of exprs, each with its definition in the inputs. A
     * claim about ∂f/∂u is checked where u has a value its definition can produce (u = softmax(z) has
     * positive entries, so log u is defined), not at an arbitrary random u.
     */
    private Map<Sym, Expr> forwardDefinitions(List<Expr> exprs) {
        Map<Sym, Expr> out = new LinkedHashMap<>();
        for (Expr e : exprs)
            for (Sym s : Exprs.valueSymbols(e))
                if (defs.containsKey(s) && !out.containsKey(s) && !Shapes.isZeroMatrix(defs.get(s))) out.put(s, algebra.inline(defs.get(s), defs));
        return out;
    }

    /** Replaces each intermediate's random value by its definition's value at the sampled inputs, when that is finite. */
    private static void forwardPass(Map<Sym, Mat> env, Map<Sym, Expr> forward) {
        for (Map.Entry<Sym, Expr> d : forward.entrySet()) {
            if (!env.containsKey(d.getKey())) continue;
            try {
                Mat v = MatrixEvaluator.eval(d.getValue(), env);
                Mat was = env.get(d.getKey());
                if (allFinite(v) && v.rows() == was.rows() && v.cols() == was.cols()) env.put(d.getKey(), v);
            } catch (EvalException | ArithmeticException e) {
                // outside its domain: keep the random value; the claim is then checked (or skipped) there
            }
        }
    }

    private static boolean allFinite(Mat m) {
        for (double v : m.data()) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static int worst(Mat a, Mat b) {
        if (a.data().length != b.data().length) return -1;
        int at = 0;
        double d = -1;
        for (int i = 0; i < a.data().length; i++) {
            double e = Math.abs(a.data()[i] - b.data()[i]);
            if (e > d) { d = e; at = i; }
        }
        return at;
    }

    private static Map<Sym, Double> scalars(Map<Sym, Mat> env) {
        Map<Sym, Double> out = new LinkedHashMap<>();
        for (Map.Entry<Sym, Mat> e : env.entrySet()) if (e.getValue().isScalar()) out.put(e.getKey(), e.getValue().value());
        return out;
    }

    static double dot(Mat a, Mat b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) s += a.data()[i] * b.data()[i];
        return s;
    }

    /**
     * The finite-difference gradient (MatrixEvaluator's Richardson differences), or null where its error
     * estimate is large: a kink of a piecewise function or the edge of a domain lies within reach. As in
     * the scalar verifier, "large" is a tenth of the comparison's tolerance: an estimate that may be off
     * by more than that (log u at an entry u ≈ 0.002) would fail a right claim.
     */
    private static Mat gradient(ToDoubleFunction<Map<Sym, Mat>> fn, Sym c, Map<Sym, Mat> env) {
        MatrixEvaluator.Gradient g = MatrixEvaluator.gradientWithError(fn, c, env);
        for (int i = 0; i < g.value().data().length; i++) {
            double d = g.value().data()[i];
            if (!Double.isFinite(d) || g.error().data()[i] > 0.1 * TOL * (1 + Math.abs(d))) return null;
        }
        return g.value();
    }
}
