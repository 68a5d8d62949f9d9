package org.chainrule.sheet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.WengertList;
import org.chainrule.parse.SheetSource;
import org.chainrule.simplify.Simplifier;

/**
 * A problem worked by hand at an {@code \at} point, the way a student does it: every intermediate of
 * the forward pass written down rounded, the backward pass worked from those written values — each
 * local derivative in the problem's names (θ(1 − θ), not σ'(z₃)) times the adjoint of the quantity
 * that uses it — with or without rounding the backward values as well. This is the
 * {@code [student = k]} column of {@link AtSection}, with the rounding a parameter.
 */
final class HandRounding {

    /** Rounding to {@code places} decimal places, half away from zero, as a value is written down (0.675 → 0.68). */
    record Places(int places) implements DoubleUnaryOperator {
        @Override
        public double applyAsDouble(double x) {
            if (!Double.isFinite(x)) return x;
            return BigDecimal.valueOf(x).setScale(places, RoundingMode.HALF_UP).doubleValue();
        }
    }

    private final Definitions defs;
    private final List<Sym> order;
    private final Map<Sym, Double> point = new LinkedHashMap<>();
    private final Engine engine;
    private final List<Expr> conditions;
    private final long seed;
    private final Map<List<Sym>, Expr> local = new HashMap<>();

    HandRounding(AtSection.Forward worked, SheetSource.Problem problem, Engine engine) {
        this.defs = worked.defs();
        this.order = worked.order();
        for (Map.Entry<Sym, WengertList.Value> en : worked.point().entrySet())
            point.put(en.getKey(), en.getValue().approx());
        this.engine = engine;
        this.conditions = problem.given().stream().filter(g -> !AtSection.isDefinition(g)).toList();
        this.seed = Draw.SEED + problem.number() * 31L;
    }

    /** The given values, then every definition in dependency order computed from the written values and rounded. */
    Map<Sym, Double> forward(DoubleUnaryOperator round) {
        Map<Sym, Double> values = new HashMap<>(point);
        for (Sym s : order) values.put(s, round.applyAsDouble(Evaluator.eval(defs.definition(s), Env.of(values))));
        return values;
    }

    /**
     * The value of e from the rounded forward pass, e itself not rounded (it is compared with a claim at
     * the claim's own digits): a defined name is computed from its definition.
     */
    double value(Expr e, DoubleUnaryOperator round) {
        Expr body = e instanceof Sym s && defs.isDefined(s) ? defs.definition(s) : e;
        return Evaluator.eval(body, Env.of(forward(round)));
    }

    /**
     * ∂target/∂v by reverse mode from the rounded forward values: each adjoint the sum, over the
     * definitions c that use the quantity, of c's adjoint times the local derivative ∂c/∂(quantity);
     * with {@code roundBackward} each local derivative and each adjoint on the way is rounded too. The
     * result itself is not rounded: it is compared with a claim at the claim's own digits.
     *
     * @throws Section.SectionException when a local derivative cannot be taken
     */
    double adjoint(Sym target, Sym v, DoubleUnaryOperator round, boolean roundBackward) throws Section.SectionException {
        DoubleUnaryOperator back = roundBackward ? round : x -> x;
        Set<Sym> upstream = new LinkedHashSet<>();
        AtSection.collectUpstream(target, defs, upstream);
        if (v.equals(target)) return 1;
        if (!upstream.contains(v)) return 0;
        Env written = Env.of(forward(round));
        Map<Sym, Double> sums = new HashMap<>();
        List<Sym> reverse = new ArrayList<>(order);
        Collections.reverse(reverse);
        for (Sym c : reverse) {
            if (!c.equals(target) && !upstream.contains(c)) continue;
            if (c.equals(v)) return sums.getOrDefault(c, 0.0); // the claimed adjoint itself is written at the claim's digits
            double adj = c.equals(target) ? 1 : back.applyAsDouble(sums.getOrDefault(c, 0.0));
            for (Sym u : AtSection.free(defs.definition(c))) {
                if (!upstream.contains(u)) continue;
                double d = back.applyAsDouble(Evaluator.eval(local(c, u), written));
                sums.merge(u, adj * d, Double::sum);
            }
        }
        return sums.getOrDefault(v, 0.0);
    }

    /** ∂c/∂u of c's definition, in the problem's names. */
    private Expr local(Sym c, Sym u) throws Section.SectionException {
        Expr known = local.get(List.of(c, u));
        if (known != null) return known;
        Derivation d = AtSection.derive(engine, new Engine.Problem(defs.definition(c), u, conditions, false, List.of(), seed));
        Expr e = Simplifier.simplify(defs.backSubstitute(d.answerFlat(), null));
        local.put(List.of(c, u), e);
        return e;
    }
}
