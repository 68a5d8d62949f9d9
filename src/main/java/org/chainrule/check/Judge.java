package org.chainrule.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.derive.Check;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.DeriveException;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.numeric.EvalException;
import org.chainrule.simplify.Expand;
import org.chainrule.simplify.Simplifier;

/**
 * Judges one claimed line {@code LHS = RHS} under a problem's givens, as {@code derive --given} reads
 * them: definitions (incl. indexed families and functions with arguments), conditions, facts and
 * declared shapes.
 *
 * <p>Every derivative written on either side (∂L/∂w, and in a chain line ∂L/∂ŷ · ∂ŷ/∂w) is taken by the
 * engine, whose answer stands in for it; then both sides, with every definition substituted, are
 * compared at random points inside the domain and the problem's conditions, steered into every region
 * of the piecewise parts of either side ({@link Points}). Matrix problems are compared on random
 * matrices of the declared shapes. A wrong claim comes with the first point where the two differ and,
 * where a small change to the claim makes it right at every point, a {@link Diagnosis}.
 *
 * <p>No computer algebra: the verdict rests on the points. Only the reasons for "unverifiable" are
 * words; everything else is records for the renderer.
 */
public final class Judge {

    /** New derivations a diagnosis may ask the engine for (a renamed variable in a written derivative). */
    static final int DIAGNOSIS_DERIVATIONS = 4;

    private final Engine engine;
    private final List<Expr> given;
    private final long seed;
    private final Definitions defs;
    private final Map<Sym, Shape> declared;
    /** Why the givens cannot be used (two definitions of a name, a cycle …), or null. */
    private final String givenError;
    /** Each written derivative, taken once: its value, and the first-order derivation behind it. */
    private final Map<Deriv, Expr> derivatives = new HashMap<>();
    private final Map<Deriv, Derivation> derivations = new HashMap<>();
    /** New derivations still allowed; unlimited (-1) while judging, bounded while diagnosing. */
    private int budget = -1;

    public Judge(Engine engine, List<Expr> given, long seed) {
        this.engine = engine;
        this.given = List.copyOf(given);
        this.seed = seed;
        Definitions d = null;
        Map<Sym, Shape> shapes = Map.of();
        String error = null;
        try {
            d = Definitions.of(this.given);
            shapes = Shapes.declarations(this.given);
        } catch (DeriveException | Shapes.ShapeException e) {
            error = e.getMessage();
        }
        this.defs = d;
        this.declared = shapes;
        this.givenError = error;
    }

    /** Why a line cannot be judged; its message is the reason shown. */
    private static final class Unverifiable extends RuntimeException {
        Unverifiable(String why) {
            super(why, null, false, false);
        }
    }

    /** Whether {@code rhs} equals {@code lhs} under the givens, with the evidence. */
    public Judgement judge(Expr lhs, Expr rhs) {
        if (givenError != null) return Judgement.unverifiable(givenError);
        budget = -1;
        Expr left, right;
        try {
            left = flat(lhs);
            right = flat(rhs);
        } catch (Unverifiable u) {
            return Judgement.unverifiable(u.getMessage());
        }
        boolean matrix = Points.isMatrixProblem(declared, left, right);
        Points points;
        try {
            points = matrix ? Points.matrix(left, right, declared, defs.sampling(), seed)
                    : Points.scalar(left, right, domains(lhs, rhs), defs.sampling(), seed);
        } catch (Points.NoPoints | DeriveException | EvalException | Shapes.ShapeException e) {
            return Judgement.unverifiable(e.getMessage());
        }
        if (points.samples.isEmpty()) return Judgement.unverifiable(points.why);
        int bad = points.firstMismatch();
        if (bad < 0) return Judgement.correct(points.samples.size());

        Points.Sample at = points.samples.get(bad);
        Optional<Judgement.Counterexample> counterexample = at.claim() == null ? Optional.empty()
                : Optional.of(new Judgement.Counterexample(at.shown(), at.claim(), at.truth()));
        List<Diagnosis> diagnoses = diagnose(lhs, rhs, points, matrix);
        // A claim whose shapes do not fit has no value to show: the reason is the shape error.
        Optional<String> why = Optional.ofNullable(points.claimShapeError);
        return new Judgement(Verdict.WRONG, why, counterexample, Optional.empty(), diagnoses, points.samples.size());
    }

    private List<Diagnosis> diagnose(Expr lhs, Expr rhs, Points points, boolean matrix) {
        budget = DIAGNOSIS_DERIVATIONS;
        try {
            // a renaming may turn a symbol into one of the left side's or the problem's (x for w: the wrong variable)
            Set<Sym> others = new LinkedHashSet<>(Exprs.symbols(lhs));
            for (Expr g : given) others.addAll(Exprs.symbols(g));
            List<Expr> terms = rightTerms(lhs);
            Diagnoser.Flattener flatten = e -> {
                try {
                    return Optional.of(flat(e));
                } catch (RuntimeException ex) { // a candidate that cannot be read is no explanation
                    return Optional.empty();
                }
            };
            return new Diagnoser(points, rhs, flatten, terms, others, matrix).find();
        } finally {
            budget = -1;
        }
    }

    /**
     * The additive terms of the right value in the user's names: of the engine's answer for a written
     * derivative (as it writes it, and multiplied out), else of the left side's definition.
     */
    private List<Expr> rightTerms(Expr lhs) {
        Expr right;
        if (lhs instanceof Deriv d && d.wrt().size() == 1 && derivations.containsKey(d)) right = derivations.get(d).answer();
        else if (lhs instanceof Sym s && defs.instantiate(s) != null) right = defs.instantiate(s);
        else right = lhs;
        Set<Expr> out = new LinkedHashSet<>(Rewrites.terms(right));
        if (Exprs.size(right) <= 160) {
            try {
                out.addAll(Rewrites.terms(Simplifier.simplify(Expand.expand(right))));
            } catch (RuntimeException e) {
                // multiplying out is a convenience here; the terms as written remain
            }
        }
        return new ArrayList<>(out);
    }

    /** e with every written derivative replaced by the engine's answer and every definition substituted. */
    private Expr flat(Expr e) {
        Expr taken = takeDerivatives(e);
        Expr out;
        try {
            out = defs.inline(taken);
        } catch (DeriveException ex) {
            throw new Unverifiable(ex.getMessage());
        }
        Optional<String> unknown = unknownFunction(out);
        if (unknown.isPresent()) throw new Unverifiable(unknown.get() + " has no definition here");
        return out;
    }

    /**
     * The functions under the written derivatives, substituted: a derivative only exists where its function
     * does, so points come from their domains too (d/dx log x = 1/|x| holds for x > 0, where log x lives).
     */
    private List<Expr> domains(Expr lhs, Expr rhs) {
        List<Expr> bodies = new ArrayList<>();
        collectBodies(lhs, bodies);
        collectBodies(rhs, bodies);
        List<Expr> out = new ArrayList<>();
        for (Expr b : bodies) {
            try {
                out.add(defs.inline(takeDerivatives(b)));
            } catch (RuntimeException e) {
                // a body that cannot be read adds no domain; the line itself says what is wrong with it
            }
        }
        return out;
    }

    private static void collectBodies(Expr e, List<Expr> out) {
        if (e instanceof Deriv d) out.add(d.f());
        if (e instanceof Apply ap && ap.fn() instanceof Prime) out.addAll(ap.args());
        for (Expr c : Exprs.children(e)) collectBodies(c, out);
    }

    private Expr takeDerivatives(Expr e) {
        if (e instanceof Deriv d) return derivative(d);
        return Exprs.mapChildren(e, this::takeDerivatives);
    }

    /** The engine's answer for a written derivative (higher orders one variable at a time), fully substituted. */
    private Expr derivative(Deriv d) {
        Expr known = derivatives.get(d);
        if (known != null) return known;
        Expr f = takeDerivatives(d.f());
        for (int k = 0; k < d.wrt().size(); k++) {
            if (!(d.wrt().get(k) instanceof Sym x))
                throw new Unverifiable("cannot differentiate with respect to " + LatexPrinter.print(d.wrt().get(k)));
            if (budget == 0) throw new Unverifiable("no more derivations");
            if (budget > 0) budget--;
            Derivation dv;
            try {
                dv = engine.derive(new Engine.Problem(f, x, given, false, List.of(), seed));
            } catch (RuntimeException ex) { // DeriveException mostly; whatever stops the engine stops the judgement
                throw new Unverifiable("cannot take " + LatexPrinter.print(new Deriv(f, List.of(x), d.partial())) + ": " + ex.getMessage());
            }
            if (!dv.checks().stream().allMatch(c -> !(c.check() instanceof Check.Failed)))
                throw new Unverifiable("the derivation of " + LatexPrinter.print(new Deriv(f, List.of(x), d.partial()))
                        + " did not pass its numeric check");
            if (k == 0) derivations.put(d, dv);
            f = dv.answerFlat();
        }
        derivatives.put(d, f);
        return f;
    }

    /**
     * A named function the expression applies that nothing defines (\operatorname{foo}(x)): its value is
     * unknown. The letters f, g, h and declared names stay abstract on purpose and are checked on random
     * smooth stand-ins, as the derivation verifier does.
     */
    private static Optional<String> unknownFunction(Expr e) {
        if (e instanceof Apply ap && named(ap.fn()) instanceof Sym n && n.styles().contains("rm") && n.name().length() > 1)
            return Optional.of(LatexPrinter.print(n));
        for (Expr c : Exprs.children(e)) {
            Optional<String> u = unknownFunction(c);
            if (u.isPresent()) return u;
        }
        return Optional.empty();
    }

    private static Sym named(Fn fn) {
        return switch (fn) {
            case Abstract a -> a.name();
            case Prime p -> named(p.fn());
            case Builtin b -> null;
            case LogBase lb -> null;
        };
    }
}
