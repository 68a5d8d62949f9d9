package org.chainrule.derive.matrix;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Rel;
import org.chainrule.expr.Expr.RelOp;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.numeric.MatrixSampler;
import org.chainrule.parse.FormulaParser;

/**
 * Shared helpers for the matrix-engine tests: parsing problems, substituting the user's definitions
 * (independently of the engine), and checking a claimed gradient against finite differences of the
 * flat function at random points of the declared shapes.
 */
final class MatrixTesting {
    private MatrixTesting() {}

    /** Relative tolerance of the finite-difference comparison (Richardson differences are good to ~1e-9). */
    static final double TOL = 1e-6;

    /** A parsed problem: the function, the variable and the givens (declarations, definitions, conditions). */
    record Problem(Expr expr, Sym wrt, List<Expr> given) {
        Map<Sym, Shape> declared() {
            return Shapes.declarations(given);
        }

        Map<Sym, Expr> definitions() {
            return MatrixTesting.definitions(given);
        }

        /** Conditions such as β > 0 (declarations and definitions removed). */
        List<Expr> conditions() {
            List<Expr> out = new ArrayList<>();
            for (Expr g : given) {
                if (g instanceof Rel r && r.ops().size() == 1) {
                    RelOp op = r.ops().get(0);
                    if (op == RelOp.IN) continue;
                    if ((op == RelOp.EQ || op == RelOp.DEF) && r.operands().get(0) instanceof Sym) continue;
                }
                out.add(g);
            }
            return out;
        }

        /** The function with every definition substituted, by this test's own substitution. */
        Expr flat() {
            return inline(expr, definitions());
        }

        Derivation derive() {
            return new Engine().derive(new Engine.Problem(expr, wrt, given));
        }
    }

    static Problem problem(String expr, String wrt, String... given) {
        try {
            List<Expr> gs = new ArrayList<>();
            for (String g : given) gs.addAll(FormulaParser.parse(g).statements());
            return new Problem(FormulaParser.parseExpr(expr), (Sym) FormulaParser.parseExpr(wrt), gs);
        } catch (Exception e) {
            throw new AssertionError("cannot parse the problem " + expr + " by " + wrt + ": " + e.getMessage(), e);
        }
    }

    static Expr parse(String latex) {
        try {
            return FormulaParser.parseExpr(latex);
        } catch (Exception e) {
            throw new AssertionError("cannot parse " + latex + ": " + e.getMessage(), e);
        }
    }

    static String print(Expr e) {
        return LatexPrinter.print(e);
    }

    /** name = expression (or :=) with a plain symbol on the left. */
    static Map<Sym, Expr> definitions(List<Expr> given) {
        Map<Sym, Expr> out = new LinkedHashMap<>();
        for (Expr g : given)
            if (g instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                    && r.operands().get(0) instanceof Sym s)
                out.put(s, r.operands().get(1));
        return out;
    }

    /** Every defined name replaced by its definition, until none is left. */
    static Expr inline(Expr e, Map<Sym, Expr> defs) {
        Expr cur = e;
        for (int round = 0; round < 50; round++) {
            Expr next = substituteOnce(cur, defs);
            if (next.equals(cur)) return cur;
            cur = next;
        }
        throw new AssertionError("definitions nest too deeply: " + print(e));
    }

    private static Expr substituteOnce(Expr e, Map<Sym, Expr> defs) {
        if (e instanceof Sym s && defs.containsKey(s)) return defs.get(s);
        return Exprs.mapChildren(e, c -> substituteOnce(c, defs));
    }

    /**
     * Asserts that {@code claimed} has the shape of x and equals ∂f/∂x by finite differences
     * ({@link MatrixEvaluator#gradient}) at {@code points} random points of the declared shapes.
     * Points outside the domain, or where the difference quotient is ill-conditioned, are skipped.
     */
    static void assertGradient(String what, Expr f, Sym x, Expr claimed, Map<Sym, Shape> declared, List<Expr> conditions,
                               long seed, int points) {
        MatrixSampler sampler = new MatrixSampler(declared, List.of(f, claimed), conditions, seed);
        int good = 0;
        for (int k = 0; k < 8 * points && good < points; k++) {
            Map<Sym, Mat> env = sampler.point(k);
            if (env == null) continue;
            Mat got;
            MatrixEvaluator.Gradient fd;
            try {
                fd = MatrixEvaluator.gradientWithError(f, x, env);
                got = MatrixEvaluator.eval(claimed, env);
            } catch (EvalException | ArithmeticException e) {
                continue;
            }
            Mat want = fd.value();
            if (!finite(want) || fd.error().maxAbs() > 1e-4 * (1 + want.maxAbs())) continue;
            good++;
            Mat wantFinal = want;
            assertTrue(got.sameShape(want), () -> what + ": the gradient " + print(claimed) + " is " + got.shape()
                    + " but " + print(x) + " is " + wantFinal.shape() + "\n  at " + env);
            assertTrue(MatrixEvaluator.close(got, want, TOL), () -> what + ": ∂/∂" + print(x) + " of " + print(f)
                    + "\n  claimed " + print(claimed) + " = " + got + "\n  finite differences " + wantFinal + "\n  at " + env);
        }
        assertEquals(points, good, what + ": too few points where " + print(f) + " could be checked");
    }

    private static boolean finite(Mat m) {
        for (double v : m.data()) if (!Double.isFinite(v)) return false;
        return true;
    }

    /**
     * The derivation's flat answer (and its answer in names, with the user's and the introduced
     * definitions substituted by this test) against finite differences of the flat function.
     */
    static void assertAnswerMatchesFiniteDifferences(String what, Problem p, Derivation d, long seed, int points) {
        Expr flat = p.flat();
        assertGradient(what + " (answerFlat)", flat, p.wrt(), d.answerFlat(), p.declared(), p.conditions(), seed, points);
        Expr named = inline(d.answer(), d.definitions());
        assertGradient(what + " (answer in names)", flat, p.wrt(), named, p.declared(), p.conditions(), seed + 1, points);
    }
}
