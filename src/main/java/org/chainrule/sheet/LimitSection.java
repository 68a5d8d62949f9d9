package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.chainrule.cas.Symja;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.DeriveException;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.DerivationText;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Inline;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;
import org.chainrule.simplify.Simplifier;

/**
 * {@code \limit{\lim_{p \to 0} \frac{dl}{dw}}{y = 1}}: a limit, taken by Symja and checked numerically.
 * A derivative of a defined name is derived first (and written with the problem's names, in terms of
 * the limit's variable when it is a defined name), then the given values are substituted.
 */
final class LimitSection implements Section {

    /** One Symja for all limits (its calls are serialised; it runs on its own thread with a time limit). */
    private static final Symja SYMJA = new Symja(20_000);

    private static final double[] STEPS = {1e-2, 1e-4, 1e-6, 1e-8};

    @Override
    public Output render(SheetSource.Directive dir, Context ctx) throws SectionException {
        if (dir.args().isEmpty() || dir.args().size() > 2 || dir.args().get(0).size() != 1 || !(dir.args().get(0).get(0) instanceof Limit lim))
            throw new SectionException("\\limit takes a limit such as \\lim_{p \\to 0} f(p) and, optionally, values such as y = 1");
        Map<Sym, Numbers.Value> values = dir.args().size() == 2 ? Numbers.point(dir.args().get(1), "the values") : Map.of();
        Sym p = lim.var();
        if (values.containsKey(p)) throw new SectionException("the values cannot fix " + Numbers.plain(p) + ", the variable of the limit");
        boolean toPlusInf = lim.to() instanceof Const c && c.kind() == ConstKind.INFINITY;
        boolean toMinusInf = lim.to() instanceof Mul m && m.factors().size() == 2 && Exprs.isNum(m.factors().get(0), -1)
                && m.factors().get(1) instanceof Const c && c.kind() == ConstKind.INFINITY;
        double to = 0;
        if (!toPlusInf && !toMinusInf) to = Numbers.value(lim.to(), "the point the limit approaches").approx();

        List<Block> blocks = new ArrayList<>();
        Definitions defs;
        try {
            defs = Definitions.of(ctx.problem().given());
        } catch (DeriveException e) {
            throw new SectionException("the problem's definitions cannot be used: " + e.getMessage());
        }
        Expr body = lim.body();
        Expr bodyLhs = body;
        if (body instanceof Deriv dv && dv.wrt().size() == 1 && dv.wrt().get(0) instanceof Sym x) {
            Derivation d;
            try {
                d = ctx.engine().derive(new Engine.Problem(dv.f(), x, ctx.problem().given(), false, List.of(),
                        Draw.SEED + ctx.problem().number() * 41L));
            } catch (DeriveException e) {
                throw new SectionException("cannot differentiate: " + e.getMessage());
            }
            if (!d.verified()) throw new SectionException("the derivative could not be verified, so its limit is not taken");
            blocks.add(new Paragraph(List.of(new Text("First the derivative "), new Doc.Math(tex(DerivationText.lhs(d))), new Text(":"))));
            blocks.addAll(ctx.derivation(d));
            bodyLhs = DerivationText.lhs(d);
            body = d.answer(); // in the problem's names: 2(p − y)p(1 − p)x
        }
        // Defined names other than the limit's variable: substituted, unless the variable depends on them.
        Expr pFlat = defs.isDefined(p) ? defs.inline(p) : p;
        for (Sym s : Exprs.symbols(body)) {
            if (s.equals(p) || !defs.isDefined(s)) continue;
            if (!pFlat.equals(p) && Exprs.contains(pFlat, s))
                throw new SectionException(Numbers.plain(p) + " is defined through " + Numbers.plain(s)
                        + ", so the limit cannot hold " + Numbers.plain(s) + " fixed; write the expression in terms of " + Numbers.plain(p));
            body = Exprs.substitute(body, s, defs.inline(s));
        }
        if (!pFlat.equals(p) && !Exprs.contains(body, p) && Exprs.symbols(body).stream().anyMatch(s -> Exprs.contains(pFlat, s)))
            throw new SectionException("the expression is not written in terms of " + Numbers.plain(p) + ", so its limit as "
                    + Numbers.plain(p) + " approaches a value cannot be taken");
        Expr substituted = body;
        for (Map.Entry<Sym, Numbers.Value> en : values.entrySet()) substituted = Exprs.substitute(substituted, en.getKey(), en.getValue().expr());
        substituted = Simplifier.simplify(substituted);
        if (!values.isEmpty()) {
            List<Inline> intro = new ArrayList<>();
            intro.add(new Text("With "));
            int i = 0;
            for (Map.Entry<Sym, Numbers.Value> en : values.entrySet()) {
                if (i++ > 0) intro.add(new Text(", "));
                intro.add(new Doc.Math(tex(en.getKey()) + " = " + tex(en.getValue().expr())));
            }
            intro.add(new Text(":"));
            blocks.add(new Paragraph(intro));
            blocks.add(new Equations(List.of(Row.of(tex(bodyLhs), tex(body)), Row.of("", tex(substituted)).because("substitute"))));
        }

        Limit asked = new Limit(substituted, p, lim.to(), lim.side());
        Symja.LimitResult r = SYMJA.limit(substituted, p, lim.to(), lim.side());
        String lhs = tex(new Limit(bodyLhs, p, lim.to(), lim.side()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("limit", lhs);
        data.put("expression", tex(substituted));
        boolean infinitePoint = toPlusInf || toMinusInf;
        double sign = toMinusInf ? -1 : 1;
        if (r.kind() == Symja.LimitKind.VALUE) {
            Expr value = r.value().get();
            Check check = check(substituted, p, to, infinitePoint, sign, lim.side(), value);
            blocks.add(new Equations(List.of(Row.of(tex(asked), tex(value)).because("evaluating the limit"))));
            blocks.add(new Answer(lhs, tex(value), check.ok()));
            blocks.add(check.table(p, ctx.digits(), infinitePoint, sign, to));
            blocks.add(new Note(check.ok() ? NoteKind.VERIFIED : NoteKind.NOT_VERIFIED, check.note()));
            if (!check.ok()) throw new SectionException("the symbolic limit " + LatexPrinter.print(value) + " disagrees with the values near the point: " + check.note());
            data.put("value", tex(value));
            data.put("exists", true);
            data.put("verified", true);
            return new Output(blocks, data);
        }
        if (lim.side() == 0 && (r.kind() == Symja.LimitKind.INDETERMINATE || r.kind() == Symja.LimitKind.COMPLEX_INFINITY) && !infinitePoint) {
            Symja.LimitResult above = SYMJA.limit(substituted, p, lim.to(), 1), below = SYMJA.limit(substituted, p, lim.to(), -1);
            if (above.kind() == Symja.LimitKind.VALUE && below.kind() == Symja.LimitKind.VALUE && !above.value().equals(below.value())) {
                Expr va = above.value().get(), vb = below.value().get();
                Check ca = check(substituted, p, to, false, 1, 1, va), cb = check(substituted, p, to, false, 1, -1, vb);
                blocks.add(new Equations(List.of(
                        Row.of(tex(new Limit(substituted, p, lim.to(), 1)), tex(va)).because("limit from above"),
                        Row.of(tex(new Limit(substituted, p, lim.to(), -1)), tex(vb)).because("limit from below"))));
                blocks.add(new Answer(lhs, "\\text{does not exist}", ca.ok() && cb.ok()));
                blocks.add(new Note(NoteKind.INFO, "The two-sided limit does not exist: approaching from above gives " + plainValue(va)
                        + ", from below " + plainValue(vb) + ". " + ca.note() + " " + cb.note()));
                if (!ca.ok() || !cb.ok()) throw new SectionException("the symbolic one-sided limits disagree with the values near the point");
                data.put("exists", false);
                data.put("fromAbove", tex(va));
                data.put("fromBelow", tex(vb));
                data.put("verified", true);
                return new Output(blocks, data);
            }
        }
        throw new SectionException(switch (r.kind()) {
            case INDETERMINATE, COMPLEX_INFINITY -> "the limit is undefined symbolically and the one-sided limits do not settle why";
            case UNEVALUATED -> "the limit could not be taken symbolically (the result was " + r.detail() + ")";
            default -> "the limit could not be taken: " + r.detail();
        });
    }

    /** The expression near the point, and whether it approaches the claimed value. */
    record Check(boolean ok, String note, List<double[]> samples) {
        Block table(Sym p, int digits, boolean infinitePoint, double sign, double to) {
            List<List<String>> rows = new ArrayList<>();
            for (double[] s : samples) rows.add(List.of(Numbers.show(s[0], 12), Numbers.show(s[1], digits)));
            return new Table(List.of(LatexPrinter.print(p), "\\text{value}"), rows, Optional.of("The expression near the point"));
        }
    }

    static Check check(Expr e, Sym p, double to, boolean infinitePoint, double sign, int side, Expr value) throws SectionException {
        // Other symbols (x in 2(p − 1)p(1 − p)x) get fixed sample values, the same in the expression and the value.
        // Drawn from each symbol's printed name (stable across runs, so keys are reproducible).
        Map<Sym, Double> sample = new LinkedHashMap<>();
        for (Sym s : Exprs.symbols(e))
            if (!s.equals(p)) sample.put(s, 0.5 + new Random(Draw.SEED + LatexPrinter.print(s).hashCode()).nextDouble());
        Env env = Env.of(sample);
        double target;
        boolean infinite = value instanceof Const c && c.kind() == ConstKind.INFINITY;
        boolean minusInfinite = value instanceof Mul m && m.factors().size() == 2 && Exprs.isNum(m.factors().get(0), -1)
                && m.factors().get(1) instanceof Const c && c.kind() == ConstKind.INFINITY;
        try {
            target = infinite ? Double.POSITIVE_INFINITY : minusInfinite ? Double.NEGATIVE_INFINITY : Evaluator.eval(value, env);
        } catch (EvalException ex) {
            return new Check(false, "The value cannot be evaluated numerically.", List.of());
        }
        List<double[]> samples = new ArrayList<>();
        List<Integer> sides = side == 0 ? List.of(1, -1) : List.of(side);
        for (int s : sides)
            for (double h : STEPS) {
                double at = infinitePoint ? sign / h : to + s * h;
                try {
                    samples.add(new double[] {at, Evaluator.eval(e, env.with(p, at))});
                } catch (EvalException ex) {
                    return new Check(false, "The expression cannot be evaluated near the point: " + ex.getMessage() + ".", samples);
                }
            }
        boolean ok = true;
        int per = STEPS.length;
        for (int k = 0; k < samples.size(); k += per) {
            double near = samples.get(k + per - 2)[1], nearest = samples.get(k + per - 1)[1];
            if (Double.isInfinite(target)) {
                ok &= Math.signum(nearest) == Math.signum(target) && Math.abs(nearest) > 1e6 && Math.abs(nearest) > Math.abs(near);
            } else {
                double tol = 1e-5 * (1 + Math.abs(target));
                ok &= Double.isFinite(nearest) && Math.abs(nearest - target) <= tol
                        && Math.abs(nearest - target) <= Math.abs(near - target) + 1e-9 * (1 + Math.abs(target));
            }
        }
        String where = infinitePoint ? "at " + (sign > 0 ? "" : "minus ") + "100, 10 000, a million and 100 million"
                : "at distances from 0.01 down to 0.00000001 from the point" + (side > 0 ? " (from above)" : side < 0 ? " (from below)" : " on both sides");
        String others = Exprs.symbols(e).size() > 1 ? " (other symbols at fixed sample values)" : "";
        String note = ok ? "Checked numerically " + where + others + ": the values approach " + plainValue(value) + "."
                : "The values " + where + others + " do not approach " + plainValue(value) + ".";
        return new Check(ok, note, samples);
    }

    private static String plainValue(Expr v) {
        if (v instanceof Const c && c.kind() == ConstKind.INFINITY) return "+∞";
        if (v instanceof Mul m && m.factors().size() == 2 && Exprs.isNum(m.factors().get(0), -1) && m.factors().get(1) instanceof Const) return "−∞";
        if (v instanceof Num n) return Numbers.show(n.value(), 12);
        return "the limit found symbolically";
    }

    private static String tex(Expr e) {
        return LatexPrinter.print(e);
    }
}
