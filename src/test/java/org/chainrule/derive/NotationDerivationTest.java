package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.simplify.Simplifier;
import org.junit.jupiter.api.Test;

/**
 * Scalar notation (issue 11): the Kronecker delta as a node, \log \sum without parentheses, primed
 * built-ins and \prod. Every value is checked against a formula written out by hand in this test
 * and evaluated in plain Java doubles, not only against chainrule's own verifier.
 */
class NotationDerivationTest {

    private static Derivation derive(String f, String x) {
        return new Engine().derive(new Engine.Problem(parse(f), sym(x), List.of()));
    }

    private static Expr parse(String s) {
        try {
            return FormulaParser.parseExpr(s);
        } catch (ParseException e) {
            throw new AssertionError(s + ": " + e.getMessage(), e);
        }
    }

    private static Sym sym(String s) {
        return (Sym) parse(s);
    }

    private static double at(Expr e, Map<Sym, Double> point) {
        return Evaluator.eval(e, Env.of(point));
    }

    // ------------------------------------------------------------------ Kronecker delta

    @Test
    void theParserMakesAKroneckerNodeFromTwoIndicesOnly() {
        assertEquals(new Kronecker(sym("i"), sym("j")), parse("\\delta_{ij}"));
        assertEquals(new Kronecker(Expr.num(1), Expr.num(2)), parse("\\delta_{12}"));
        assertEquals(new Kronecker(Expr.num(1), Expr.num(10)), parse("\\delta_{1,10}"));
        // δ_j (a backprop error term) and a styled or superscripted δ stay variables
        assertInstanceOf(Sym.class, parse("\\delta_j"));
        assertInstanceOf(Sym.class, parse("\\hat{\\delta}_{ij}"));
        assertInstanceOf(Sym.class, parse("\\delta_{ij}^{(l)}"));
        assertEquals("\\delta_{ij}", LatexPrinter.print(new Kronecker(sym("i"), sym("j"))));
        assertEquals("\\delta_{1,2}", LatexPrinter.print(new Kronecker(Expr.num(1), Expr.num(2))));
    }

    @Test
    void aNumberedDeltaIsEvaluatedInAStepOfItsOwn() {
        Derivation unequal = derive("\\delta_{12} w", "w");
        assertTrue(unequal.verified(), unequal.report().toString());
        assertEquals(Expr.num(0), unequal.answer()); // δ_{12} = 0 by definition
        Step s = ((Derivation.Direct) unequal).step();
        Step.Simplified shown = assertInstanceOf(Step.Simplified.class, s);
        assertEquals(new Kronecker(Expr.num(1), Expr.num(2)), shown.of().result(), "the step shows δ_{12} before it is 0");
        assertEquals(Expr.num(0), shown.result());

        Derivation equal = derive("\\delta_{11} w", "w");
        assertTrue(equal.verified());
        assertEquals(Expr.num(1), equal.answer());
        assertEquals(new Kronecker(Expr.num(1), Expr.num(1)), ((Step.Simplified) ((Derivation.Direct) equal).step()).of().result());

        // δ_{22} w² + δ_{21} w by w is 2w: checked by hand at a few points
        Derivation both = derive("\\delta_{22} w^2 + \\delta_{21} w", "w");
        assertTrue(both.verified());
        for (double w : new double[] {-1.5, 0.25, 3}) assertEquals(2 * w, at(both.answer(), Map.of(sym("w"), w)), 1e-12);
    }

    @Test
    void deltasWithLettersStillCollapseSums() {
        Derivation d = derive("\\sum_{i=1}^{n} w_i x_i", "w_j");
        assertTrue(d.verified());
        assertEquals(parse("x_j"), d.answer());
        Derivation softmax = derive("\\frac{e^{a_i}}{\\sum_{k=1}^{3} e^{a_k}}", "a_j");
        assertTrue(softmax.verified());
        assertTrue(Exprs.contains(softmax.answer(), new Kronecker(sym("i"), sym("j"))), LatexPrinter.print(softmax.answer()));
    }

    @Test
    void theEvaluatorResolvesTheIndicesOfADelta() {
        Map<Sym, Double> p = Map.of(sym("x_{1}"), 0.5, sym("x_{2}"), -1.25, sym("x_{3}"), 2.0, sym("j"), 2.0);
        // Σ_i δ_{ij} x_i with j = 2 picks x_2, evaluated term by term (no simplification)
        assertEquals(-1.25, at(parse("\\sum_{i=1}^{3} \\delta_{ij} x_i"), p), 0);
        assertEquals(1.0, at(parse("\\delta_{kk}"), Map.of()), 0);
        assertEquals(0.0, at(parse("\\delta_{21}"), Map.of()), 0);
        assertThrows(EvalException.class, () -> at(parse("\\delta_{kl}"), Map.of()));
    }

    // ------------------------------------------------------------------ log-sum-exp

    @Test
    void logOfAnUnbracketedSumTakesTheWholeSum() {
        assertEquals(parse("\\log\\left(\\sum_k e^{a_k}\\right)"), parse("\\log \\sum_k e^{a_k}"));
        assertEquals(parse("\\log\\left(\\sum_{k=1}^{c} e^{a_k}\\right) + 1"), parse("\\log \\sum_{k=1}^{c} e^{a_k} + 1"));
    }

    @Test
    void theGradientOfLogSumExpIsSoftmax() {
        Derivation d = derive("\\log \\sum_{k=1}^{c} e^{a_k}", "a_j");
        assertTrue(d.verified(), d.report().toString());
        Random r = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            double[] a = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double z = Math.exp(a[0]) + Math.exp(a[1]) + Math.exp(a[2]);
            for (int j = 1; j <= 3; j++) {
                Map<Sym, Double> p = new HashMap<>();
                p.put(sym("c"), 3.0);
                p.put(sym("j"), (double) j);
                for (int k = 1; k <= 3; k++) p.put(sym("a_{" + k + "}"), a[k - 1]);
                assertEquals(Math.exp(a[j - 1]) / z, at(d.answerFlat(), p), 1e-12);
            }
        }
    }

    // ------------------------------------------------------------------ primed built-ins

    @Test
    void tanhPrimeIsDifferentiatedThroughItsIdentity() {
        Derivation d = derive("\\tanh'(x)", "x");
        assertTrue(d.verified(), d.report().toString());
        assertEquals("tanh-rule", ((Derivation.Direct) d).step().rule().name());
        assertFalse(hasPrime(d.answer()), LatexPrinter.print(d.answer()));
        for (double x : new double[] {-2, -0.3, 0.7, 1.9}) {
            double t = Math.tanh(x);
            assertEquals(-2 * t * (1 - t * t), at(d.answer(), Map.of(sym("x"), x)), 1e-12);
        }
    }

    @Test
    void aPrimedBuiltInLeftInAnAnswerIsWrittenOut() {
        Derivation exp = derive("y \\exp'(x)", "y");
        assertTrue(exp.verified(), exp.report().toString());
        assertEquals(parse("e^{x}"), exp.answer());

        Derivation log = derive("y \\log'(x)", "y");
        assertEquals(parse("\\frac{1}{x}"), log.answer());

        Derivation sigma = derive("y \\sigma''(x)", "y");
        assertFalse(hasPrime(sigma.answer()), LatexPrinter.print(sigma.answer()));
        for (double x : new double[] {-1.2, 0.4, 2.2}) {
            double s = 1 / (1 + Math.exp(-x));
            assertEquals(s * (1 - s) * (1 - 2 * s), at(sigma.answer(), Map.of(sym("x"), x)), 1e-12);
        }

        Derivation cos = derive("\\cos'(w x)", "w"); // −sin(wx), differentiated: −cos(wx)·x
        assertTrue(cos.verified(), cos.report().toString());
        assertEquals(-Math.cos(0.6 * 1.5) * 1.5, at(cos.answer(), Map.of(sym("w"), 0.6, sym("x"), 1.5)), 1e-12);
    }

    private static boolean hasPrime(Expr e) {
        if (e instanceof Apply ap && ap.fn() instanceof Prime) return true;
        for (Expr c : Exprs.children(e)) if (hasPrime(c)) return true;
        return false;
    }

    // ------------------------------------------------------------------ products over an index

    @Test
    void aProductOfThreeByItsMiddleFactor() {
        Derivation d = derive("\\prod_{i=1}^{3} x_i", "x_2");
        assertTrue(d.verified(), d.report().toString());
        assertEquals("indexed-product-rule", ((Derivation.Direct) d).step().rule().name());
        assertEquals(parse("x_1 x_3"), d.answer());
    }

    @Test
    void aProductOfNByOneFactorIsTheProductOfTheOthers() {
        Derivation d = derive("\\prod_{i=1}^{n} x_i", "x_j");
        assertTrue(d.verified(), d.report().toString());
        double[] x = {0.7, -1.3, 2.1};
        for (int j = 1; j <= 3; j++) {
            Map<Sym, Double> p = new HashMap<>(Map.of(sym("n"), 3.0, sym("j"), (double) j));
            double others = 1;
            for (int i = 1; i <= 3; i++) {
                p.put(sym("x_{" + i + "}"), x[i - 1]);
                if (i != j) others *= x[i - 1];
            }
            assertEquals(others, at(d.answerFlat(), p), 1e-12);
        }
    }

    @Test
    void theProductRuleHoldsWhereAFactorIsZero() {
        // d/dw (w − 1)(w − 2)(w − 3) = (w−2)(w−3) + (w−1)(w−3) + (w−1)(w−2); at w = 1 a factor is 0 and
        // the log-derivative Π f · Σ f'/f would divide by it.
        Derivation d = derive("\\prod_{i=1}^{3} (w - i)", "w");
        assertTrue(d.verified(), d.report().toString());
        for (double w : new double[] {1, 2, 2.5, -0.75}) {
            double expected = (w - 2) * (w - 3) + (w - 1) * (w - 3) + (w - 1) * (w - 2);
            assertEquals(expected, at(d.answerFlat(), Map.of(sym("w"), w)), 1e-12);
        }
        // and by central differences of the product itself, computed here
        double w = 0.3, h = 1e-5;
        double fd = (cubic(w + h) - cubic(w - h)) / (2 * h);
        assertEquals(fd, at(d.answerFlat(), Map.of(sym("w"), w)), 1e-8);
    }

    private static double cubic(double w) {
        return (w - 1) * (w - 2) * (w - 3);
    }

    @Test
    void aProductWithoutBoundsIsAnErrorNamingIt() {
        DeriveException e = assertThrows(DeriveException.class, () -> derive("\\prod_i x_i", "x_j"));
        assertTrue(e.getMessage().contains("\\prod"), e.getMessage());
    }

    @Test
    void aSumOrProductOverOneValueIsThatTerm() {
        assertEquals(parse("f_2"), Simplifier.simplify(parse("\\prod_{i=2}^{2} f_i")));
        assertEquals(parse("f_2"), Simplifier.simplify(parse("\\sum_{i=2}^{2} f_i")));
        assertEquals(Expr.num(1), Simplifier.simplify(parse("\\prod_{i=3}^{2} f_i")));
        assertEquals(Expr.num(0), Simplifier.simplify(parse("\\sum_{i=3}^{2} f_i")));
        // a symbolic or longer range stays
        assertInstanceOf(BigOp.class, Simplifier.simplify(parse("\\prod_{i=1}^{3} f_i")));
    }
}
