package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.chainrule.derive.DeriveException;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Exact;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.DerivationText;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Inline;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;
import org.chainrule.simplify.Simplifier;

/**
 * {@code \descent[steps = 5, wrt = w]{loss}{w = 0, x = 1, y = 100}{0.5, 1.5, 2.5}}: gradient descent
 * by hand. The derivative is derived and verified, the update rule written out, and for each learning
 * rate the iterates are computed (exactly when everything is rational) and judged: for an affine
 * update w ← a w + b from |a| (a proof), otherwise from the iterates (said to be empirical). For an
 * affine update the condition on the learning rate is derived as well.
 */
final class DescentSection implements Section {

    static final int MAX_STEPS = 200;

    enum Verdict {
        CONVERGES("converges"), OSCILLATES("oscillates"), DIVERGES("diverges"), STAYS("stays"), DRIFTS("drifts");
        final String word;
        Verdict(String word) { this.word = word; }
    }

    /** w_{k+1} = a w_k + b with exact coefficients, and the gradient's slope c and value g0 at w = 0. */
    record Affine(Rational c, Rational g0) {}

    @Override
    public Output render(SheetSource.Directive dir, Context ctx) throws SectionException {
        Setup setup = setup(dir, ctx.problem(), ctx.engine());
        int steps = setup.steps();
        Map<Sym, Numbers.Value> point = setup.point();
        Sym w = setup.w();
        List<Numbers.Value> rates = setup.rates();
        Derivation d = setup.derivation();
        Expr gradient = d.answerFlat();
        boolean exact = setup.exact();
        Map<Sym, Double> others = setup.others();
        Expr g = setup.gradient();

        List<Block> blocks = new ArrayList<>();
        String dLatex = LatexPrinter.print(DerivationText.lhs(d));
        blocks.add(new Paragraph(List.of(new Text("Gradient descent on "), new Doc.Math(LatexPrinter.print(d.target())),
                new Text(" with respect to "), new Doc.Math(LatexPrinter.print(w)), new Text(". First the derivative:"))));
        blocks.addAll(ctx.derivation(d));

        Sym alpha = Sym.of("\\alpha");
        Sym k = Sym.of("k");
        Sym wk = iterate(w, k);
        Sym wk1 = iterate(w, Expr.add(k, Expr.num(1)));
        Expr gAtWk = Exprs.substitute(gradient, w, wk);
        Expr gValAtWk = Simplifier.simplify(Exprs.substitute(g, w, wk));
        List<Row> rule = new ArrayList<>();
        rule.add(Row.of(tex(wk1), tex(Expr.sub(wk, Expr.mul(alpha, new EvalAt(DerivationText.lhs(d), List.of(Rel.of(w, RelOp.EQ, wk)))))))
                .because("gradient descent"));
        rule.add(Row.of("", tex(Expr.sub(wk, Expr.mul(alpha, gAtWk)))).because("the derivative at the current iterate"));
        if (!others.isEmpty()) rule.add(Row.of("", tex(Expr.sub(wk, Expr.mul(alpha, gValAtWk)))).because("the given values"));

        Optional<Affine> affine = exact ? affine(g, w) : Optional.empty();
        affine.ifPresent(a -> rule.add(Row.of("", tex(Simplifier.simplify(Expr.add(
                Expr.mul(Expr.sub(Expr.num(1), Expr.mul(Expr.num(a.c()), alpha)), wk), Expr.neg(Expr.mul(Expr.num(a.g0()), alpha))))))
                .because("collect the terms")));
        blocks.add(new Paragraph(List.of(new Text("The update with learning rate "), new Doc.Math(tex(alpha)), new Text(":"))));
        blocks.add(new Equations(rule));
        affine.ifPresent(a -> blocks.addAll(condition(a, alpha, w)));

        List<Object> rateData = new ArrayList<>();
        for (Numbers.Value rate : rates) {
            Run run = exact && rate.exact().isPresent()
                    ? runExact(g, w, point.get(w).exact().get(), rate.exact().get(), steps)
                    : runDouble(g, w, point.get(w).approx(), rate.approx(), steps);
            blocks.add(new Paragraph(List.of(new Text("With "), new Doc.Math(tex(alpha) + " = " + tex(rate.expr())), new Text(", from "),
                    new Doc.Math(tex(iterate(w, Expr.num(0))) + " = " + tex(point.get(w).expr())), new Text(":"))));
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < run.w().size() - 1; i++)
                rows.add(List.of(String.valueOf(i), run.show(i, ctx.digits()), run.showGrad(i, ctx.digits()), run.show(i + 1, ctx.digits())));
            blocks.add(new Table(List.of("k", tex(wk), tex(new EvalAt(DerivationText.lhs(d), List.of(Rel.of(w, RelOp.EQ, wk)))),
                    tex(wk1)), rows, Optional.empty()));
            Judgement j = affine.isPresent() && rate.exact().isPresent()
                    ? judgeAffine(affine.get(), rate.exact().get(), point.get(w).exact().get(), w, ctx.digits())
                    : judgeEmpirically(run, w);
            blocks.add(new Paragraph(j.text()));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rate", rate.approx());
            r.put("exact", run.exact());
            r.put("iterates", run.doubles());
            r.put("verdict", j.verdict().word);
            r.put("proved", j.proved());
            rateData.add(r);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("wrt", tex(w));
        data.put("derivative", dLatex + " = " + tex(d.answer()));
        data.put("verified", d.verified());
        data.put("steps", steps);
        data.put("rates", rateData);
        affine.ifPresent(a -> data.put("slope", a.c().doubleValue()));
        return new Output(blocks, data);
    }

    /**
     * A {@code \descent} as read: its steps, start point, variable and learning rates, the derivation of
     * the loss, and the gradient with every definition substituted and every other symbol given its
     * value (a formula in w alone).
     *
     * @param exact  whether every value of the start point is rational
     * @param others the start point's values of the symbols other than w
     */
    record Setup(int steps, Map<Sym, Numbers.Value> point, Sym w, List<Numbers.Value> rates, Derivation derivation,
                 Expr gradient, Map<Sym, Double> others, boolean exact) {}

    /** Reads the directive and derives its gradient; bad input throws with a reason in words. */
    static Setup setup(SheetSource.Directive dir, SheetSource.Problem problem, Engine engine) throws SectionException {
        if (dir.args().size() != 3)
            throw new SectionException("\\descent takes three arguments: the loss, the start point (w = 0, x = 1, …) and the learning rates");
        Map<String, String> opts = Numbers.options(dir.option(), List.of("steps", "wrt"), "descent");
        int steps = 5;
        if (opts.containsKey("steps")) {
            try {
                steps = Integer.parseInt(opts.get("steps"));
            } catch (NumberFormatException e) {
                steps = -1;
            }
            if (steps < 1 || steps > MAX_STEPS) throw new SectionException("steps must be a whole number from 1 to " + MAX_STEPS);
        }
        if (dir.args().get(0).size() != 1) throw new SectionException("the first argument of \\descent must be one loss");
        Expr loss = dir.args().get(0).get(0);
        Map<Sym, Numbers.Value> point = Numbers.point(dir.args().get(1), "the start point");
        if (point.isEmpty()) throw new SectionException("the start point must give the variable's start value, such as w = 0");
        Sym w = opts.containsKey("wrt") ? Numbers.symbolOption(opts.get("wrt"), "wrt") : point.keySet().iterator().next();
        if (!point.containsKey(w)) throw new SectionException("the start point gives no start value for " + Numbers.plain(w));
        List<Numbers.Value> rates = new ArrayList<>();
        for (Expr r : dir.args().get(2)) rates.add(Numbers.value(r, "a learning rate"));
        if (rates.isEmpty()) throw new SectionException("give at least one learning rate");

        Derivation d;
        try {
            d = engine.derive(new Engine.Problem(loss, w, problem.given(), false, List.of(), Draw.SEED + problem.number() * 37L));
        } catch (DeriveException e) {
            throw new SectionException("cannot differentiate the loss: " + e.getMessage());
        }
        // The gradient with every definition substituted and every other symbol given its value.
        Expr gradient = d.answerFlat();
        boolean exact = point.values().stream().allMatch(v -> v.exact().isPresent());
        Map<Sym, Double> others = new LinkedHashMap<>();
        Expr g = gradient;
        for (Map.Entry<Sym, Numbers.Value> en : point.entrySet()) {
            if (en.getKey().equals(w)) continue;
            others.put(en.getKey(), en.getValue().approx());
            g = Exprs.substitute(g, en.getKey(), en.getValue().expr());
        }
        g = Simplifier.simplify(g);
        for (Sym s : Exprs.symbols(g))
            if (!s.equals(w)) throw new SectionException("the start point gives no value for " + Numbers.plain(s) + ", which the derivative depends on");
        return new Setup(steps, point, w, rates, d, g, others, exact);
    }

    /** w_k for a plain w; w_1^{(k)} when w already has a subscript. */
    static Sym iterate(Sym w, Expr k) {
        return w.sub().isEmpty() && w.sup().kind() == SupKind.NONE ? w.withSub(List.of(k)) : w.withSup(new SupIndex(SupKind.PAREN, List.of(k)));
    }

    /**
     * The gradient as c·w + g0 with exact coefficients, when it is a polynomial of degree at most 1 in
     * w: a polynomial of degree ≤ n is fixed by n + 1 values, so it is affine exactly when its values
     * at 0, 1, …, n lie on the line through the first two.
     */
    static Optional<Affine> affine(Expr g, Sym w) {
        OptionalInt n = Numbers.degree(g, w);
        if (n.isEmpty()) return Optional.empty();
        List<Rational> at = new ArrayList<>();
        for (int i = 0; i <= Math.max(1, n.getAsInt()); i++) {
            Optional<Rational> v = Exact.value(g, Map.of(w, Rational.of(i)));
            if (v.isEmpty()) return Optional.empty();
            at.add(v.get());
        }
        Rational g0 = at.get(0), c = at.get(1).subtract(g0);
        for (int i = 2; i < at.size(); i++)
            if (!at.get(i).equals(g0.add(c.multiply(Rational.of(i))))) return Optional.empty();
        return Optional.of(new Affine(c, g0));
    }

    /** Iterates and the gradient at each, exact or in doubles. */
    record Run(List<Rational> exactW, List<Rational> exactG, List<Double> w, List<Double> g, boolean exact) {
        String show(int i, int digits) {
            return exact ? Numbers.show(exactW.get(i), digits) : Numbers.show(w.get(i), digits);
        }
        String showGrad(int i, int digits) {
            return exact ? Numbers.show(exactG.get(i), digits) : Numbers.show(g.get(i), digits);
        }
        List<Double> doubles() { return w; }
    }

    static Run runExact(Expr g, Sym w, Rational w0, Rational rate, int steps) throws SectionException {
        List<Rational> ws = new ArrayList<>(List.of(w0)), gs = new ArrayList<>();
        List<Double> wd = new ArrayList<>(List.of(w0.doubleValue())), gd = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            Rational cur = ws.get(i);
            Optional<Rational> gv = Exact.value(g, Map.of(w, cur));
            if (gv.isEmpty()) {
                // Not a rational function after all (or undefined): continue in doubles from here.
                Run rest = runDouble(g, w, cur.doubleValue(), rate.doubleValue(), steps - i);
                List<Double> allW = new ArrayList<>(wd.subList(0, i));
                allW.addAll(rest.w());
                List<Double> allG = new ArrayList<>(gd);
                allG.addAll(rest.g());
                return new Run(List.of(), List.of(), allW, allG, false);
            }
            gs.add(gv.get());
            gd.add(gv.get().doubleValue());
            Rational next = cur.subtract(rate.multiply(gv.get()));
            ws.add(next);
            wd.add(next.doubleValue());
        }
        return new Run(ws, gs, wd, gd, true);
    }

    static Run runDouble(Expr g, Sym w, double w0, double rate, int steps) throws SectionException {
        List<Double> ws = new ArrayList<>(List.of(w0)), gs = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double cur = ws.get(i), gv;
            try {
                gv = Evaluator.eval(g, Env.of(Map.of(w, cur)));
            } catch (EvalException e) {
                throw new SectionException("the derivative cannot be evaluated at " + Numbers.plain(w) + " = " + cur + ": " + e.getMessage());
            }
            gs.add(gv);
            ws.add(cur - rate * gv);
        }
        return new Run(List.of(), List.of(), ws, gs, false);
    }

    record Judgement(Verdict verdict, boolean proved, List<Inline> text) {}

    /** From |a| for w_{k+1} = a w_k + b: a proof, not an observation. */
    static Judgement judgeAffine(Affine af, Rational rate, Rational w0, Sym w, int digits) {
        Rational a = Rational.ONE.subtract(rate.multiply(af.c()));
        Rational b = rate.multiply(af.g0()).negate();
        List<Inline> t = new ArrayList<>();
        Sym wk = iterate(w, Sym.of("k")), wk1 = iterate(w, Expr.add(Sym.of("k"), Expr.num(1)));
        t.add(new Text("Here "));
        t.add(new Doc.Math(tex(wk1) + " = " + tex(Simplifier.simplify(Expr.add(Expr.mul(Expr.num(a), wk), Expr.num(b))))));
        t.add(new Text(", so "));
        Verdict v;
        boolean atFixed = !a.isOne() && w0.equals(b.divide(Rational.ONE.subtract(a)));
        if (atFixed) {
            v = Verdict.STAYS;
            t.add(new Doc.Math(tex(iterate(w, Expr.num(0))) + " = " + tex(Expr.num(w0))));
            t.add(new Text(" is already the fixed point: gradient descent stays there."));
            return new Judgement(v, true, t);
        }
        Rational absA = a.abs();
        if (absA.compareTo(Rational.ONE) < 0) {
            v = Verdict.CONVERGES;
            Rational fixed = b.divide(Rational.ONE.subtract(a));
            t.add(new Doc.Math("|" + tex(Expr.num(a)) + "| < 1"));
            t.add(new Text(": gradient descent converges, to the fixed point "));
            t.add(new Doc.Math(tex(Sym.of(w.name()).withStyles(w.styles()).withSub(w.sub()).withSup(new SupIndex(SupKind.STAR, List.of())))
                    + " = \\frac{b}{1 - a} = " + tex(Expr.num(fixed))));
            t.add(new Text(" (the error shrinks by the factor " + Numbers.show(absA, digits) + " each step)."));
        } else if (a.equals(Rational.MINUS_ONE)) {
            v = Verdict.OSCILLATES;
            t.add(new Doc.Math("a = -1"));
            t.add(new Text(": gradient descent oscillates between " + Numbers.show(w0, digits) + " and "
                    + Numbers.show(b.subtract(w0), digits) + " for ever, neither converging nor diverging."));
        } else if (a.isOne()) {
            v = b.isZero() ? Verdict.STAYS : Verdict.DRIFTS;
            t.add(new Doc.Math("a = 1"));
            t.add(new Text(b.isZero() ? ": every step is zero; gradient descent stays where it starts."
                    : ": every step moves by the same amount " + Numbers.show(b, digits) + "; gradient descent drifts without converging."));
        } else {
            v = Verdict.DIVERGES;
            t.add(new Doc.Math("|" + tex(Expr.num(a)) + "| > 1"));
            t.add(new Text(": the distance to the fixed point grows by the factor " + Numbers.show(absA, digits)
                    + " each step" + (a.signum() < 0 ? ", alternating in sign" : "") + ": gradient descent diverges."));
        }
        return new Judgement(v, true, t);
    }

    /** From the steps w_{k+1} − w_k: an observation on the iterates computed, said to be one. */
    static Judgement judgeEmpirically(Run run, Sym w) {
        List<Double> ws = run.w();
        List<Inline> t = new ArrayList<>();
        int n = ws.size() - 1;
        for (double x : ws)
            if (!Double.isFinite(x)) {
                t.add(new Text("The iterates overflow: gradient descent diverges (observed on the iterates, not proved)."));
                return new Judgement(Verdict.DIVERGES, false, t);
            }
        double last = Math.abs(ws.get(n) - ws.get(n - 1 < 0 ? 0 : n - 1));
        double scale = 1 + Math.abs(ws.get(n));
        if (last <= 1e-12 * scale) {
            t.add(new Text("The last step is zero: the iterates have reached a stationary point (observed on the iterates, not proved)."));
            return new Judgement(Verdict.CONVERGES, false, t);
        }
        if (n < 2) {
            t.add(new Text("One step is too few to judge; ask for more steps (steps = 10)."));
            return new Judgement(Verdict.DRIFTS, false, t);
        }
        double r = Math.abs(ws.get(n) - ws.get(n - 1)) / Math.abs(ws.get(n - 1) - ws.get(n - 2));
        boolean alternating = (ws.get(n) - ws.get(n - 1)) * (ws.get(n - 1) - ws.get(n - 2)) < 0;
        Verdict v;
        String what;
        if (r < 0.999) {
            v = Verdict.CONVERGES;
            what = "the steps shrink (the last ratio of successive steps is " + Numbers.show(r, 4) + "): gradient descent appears to converge";
        } else if (r > 1.001) {
            v = Verdict.DIVERGES;
            what = "the steps grow (the last ratio of successive steps is " + Numbers.show(r, 4) + "): gradient descent appears to diverge";
        } else if (alternating) {
            v = Verdict.OSCILLATES;
            what = "the steps keep their size and alternate in sign: gradient descent appears to oscillate";
        } else {
            v = Verdict.DRIFTS;
            what = "the steps keep their size: gradient descent appears to drift";
        }
        t.add(new Text("The update is not affine in " ));
        t.add(new Doc.Math(tex(w)));
        t.add(new Text(", so this is judged from the " + n + " steps computed, not proved: " + what + "."));
        return new Judgement(v, false, t);
    }

    /** |1 − αc| < 1 solved for α, step by step. */
    static List<Block> condition(Affine af, Sym alpha, Sym w) {
        Rational c = af.c();
        List<Block> out = new ArrayList<>();
        Expr a = Simplifier.simplify(Expr.sub(Expr.num(1), Expr.mul(Expr.num(c), alpha)));
        out.add(new Paragraph(List.of(new Text("The update is affine, "), new Doc.Math(tex(iterate(w, Expr.add(Sym.of("k"), Expr.num(1)))) + " = a "
                + tex(iterate(w, Sym.of("k"))) + " + b"), new Text(" with "), new Doc.Math("a = " + tex(a)),
                new Text(". Its distance to the fixed point is multiplied by a each step, so gradient descent converges from every start exactly when "),
                new Doc.Math("|a| < 1"), new Text(":"))));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("|" + tex(a) + "|", "<", "1", Optional.of("convergence condition"), Optional.empty()));
        if (c.isZero()) {
            rows.add(new Row("", "\\iff", "1 < 1", Optional.of("a = 1 for every learning rate"), Optional.empty()));
            out.add(new Equations(rows));
            out.add(new Paragraph(List.of(new Text("The derivative does not depend on "), new Doc.Math(tex(w)),
                    new Text(", so no learning rate makes gradient descent converge."))));
            return out;
        }
        Expr minusCAlpha = Simplifier.simplify(Expr.mul(Expr.num(c.negate()), alpha));
        rows.add(new Row("", "\\iff", tex(chain(Expr.num(-1), a, Expr.num(1))), Optional.of("|u| < 1 \u21d4 -1 < u < 1"), Optional.empty()));
        rows.add(new Row("", "\\iff", tex(chain(Expr.num(-2), minusCAlpha, Expr.num(0))), Optional.of("subtract 1"), Optional.empty()));
        Rational bound = Rational.TWO.divide(c);
        Expr interval = c.signum() > 0 ? chain(Expr.num(0), alpha, Expr.num(bound)) : chain(Expr.num(bound), alpha, Expr.num(0));
        rows.add(new Row("", "\\iff", tex(interval), Optional.of("divide by " + Numbers.show(c.negate(), 12)
                + (c.signum() > 0 ? " < 0, which flips the inequalities" : " > 0")), Optional.empty()));
        out.add(new Equations(rows));
        if (c.signum() > 0)
            out.add(new Paragraph(List.of(new Text("Gradient descent converges exactly for "), new Doc.Math(tex(interval)),
                    new Text("; it oscillates at "), new Doc.Math(tex(alpha) + " = " + tex(Expr.num(bound))),
                    new Text(" and diverges for larger rates (and for rates of 0 or less it does not approach the minimum)."))));
        else
            out.add(new Paragraph(List.of(new Text("Only negative learning rates satisfy it: the loss curves downwards in "), new Doc.Math(tex(w)),
                    new Text(", and gradient descent with a positive rate moves away from the stationary point."))));
        return out;
    }

    private static Expr chain(Expr lo, Expr mid, Expr hi) {
        return new Rel(List.of(lo, mid, hi), List.of(RelOp.LT, RelOp.LT));
    }

    private static String tex(Expr e) {
        return LatexPrinter.print(e);
    }
}
