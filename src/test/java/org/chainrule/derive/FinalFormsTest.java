package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * Final answers in the identities a TA writes (issue 13): the logistic derivative as σ(1 − σ), softplus′
 * as σ(βx), common factors taken out (a₁(ŷ − y) + λW). Each printed form is checked against the
 * derivative worked out by hand, in plain Java arithmetic, at several points.
 */
class FinalFormsTest {

    private static final double[] XS = {-3.1, -0.7, 0.0, 0.4, 2.2, 5.0};

    @Test
    void theLogisticWrittenOutDifferentiatesToSigmaOneMinusSigma() throws Exception {
        Derivation d = DefinitionsCasesTest.derive("\\frac{1}{1 + e^{-x}}", "x");
        assertEquals("\\sigma(x) (1 - \\sigma(x))", LatexPrinter.print(d.answer()));
        assertMatches(d, x -> Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2), Map.of());
        assertTrue(d.verified());
    }

    @Test
    void aNamedLogisticReadsFOneMinusF() throws Exception {
        Derivation d = DefinitionsCasesTest.derive("f", "x", "f = \\frac{1}{1 + e^{-x}}");
        assertEquals("f \\cdot (1 - f)", LatexPrinter.print(d.answer()));
        assertMatches(d.answerFlat(), x -> Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2), Map.of());
        assertTrue(d.verified());
    }

    @Test
    void softplusWithATemperatureDifferentiatesToSigmaOfBetaX() throws Exception {
        Derivation d = DefinitionsCasesTest.derive("\\frac{1}{\\beta} \\log(1 + e^{\\beta x})", "x");
        assertEquals("\\sigma(\\beta x)", LatexPrinter.print(d.answer()));
        for (double beta : new double[] {0.5, 1, 3}) assertMatches(d, x -> Math.exp(beta * x) / (1 + Math.exp(beta * x)), Map.of("\\beta", beta));
    }

    @Test
    void theReciprocalOfOnePlusAnExponentialIsASigmoid() throws Exception {
        // d/dx log(1 + e^{-x}) = −e^{−x}/(1 + e^{−x}) = −σ(−x)
        Derivation d = DefinitionsCasesTest.derive("\\log(1 + e^{-x})", "x");
        assertFalse(LatexPrinter.print(d.answer()).contains("e^"), LatexPrinter.print(d.answer()));
        assertMatches(d, x -> -Math.exp(-x) / (1 + Math.exp(-x)), Map.of());
    }

    @Test
    void tanhKeepsOneMinusTanhSquared() throws Exception {
        Derivation d = DefinitionsCasesTest.derive("\\tanh(w x)", "x");
        assertTrue(LatexPrinter.print(d.answer()).contains("1 - \\tanh(w x)^{2}"), LatexPrinter.print(d.answer()));
        assertMatches(d, x -> 0.8 * (1 - Math.pow(Math.tanh(0.8 * x), 2)), Map.of("w", 0.8));
    }

    @Test
    void tanhWrittenOutWithExponentialsDifferentiatesToOneMinusTanhSquared() throws Exception {
        Derivation d = DefinitionsCasesTest.derive("\\frac{e^x - e^{-x}}{e^x + e^{-x}}", "x");
        assertEquals("1 - \\tanh(x)^{2}", LatexPrinter.print(d.answer()));
        // by hand: the quotient rule gives 4/(e^x + e^{−x})²
        assertMatches(d, x -> 4 / Math.pow(Math.exp(x) + Math.exp(-x), 2), Map.of());
        assertTrue(d.verified());
    }

    @Test
    void squaredErrorWithL2ReadsLoneFactorFirst() throws Exception {
        // ½(a₁w − y)² + ½λw² by w: a₁(a₁w − y) + λw, not (a₁w − y)a₁ + λw
        Derivation d = DefinitionsCasesTest.derive("\\frac{1}{2}(a_1 w - y)^2 + \\frac{\\lambda}{2} w^2", "w");
        assertEquals("a_{1} (a_{1} w - y) + \\lambda w", LatexPrinter.print(d.answer()));
        assertAtPoints(d.answer(), v -> v.get("a_1") * (v.get("a_1") * v.get("w") - v.get("y")) + v.get("\\lambda") * v.get("w"),
                "a_1", "w", "y", "\\lambda");
        assertTrue(d.verified());
    }

    @Test
    void aWeightIntoASigmoidOutputWithL2TakesTheInputOut() throws Exception {
        // seed 002 §2.4 for §2.2: ŷa₁ − ya₁ + λW₁₄ is a₁(ŷ − y) + λW₁₄
        Derivation d = DefinitionsCasesTest.derive("L", "W", "z_4 = W a_1 + b_4", "\\hat{y} = \\sigma(z_4)",
                "L = -y \\log(\\hat{y}) - (1 - y) \\log(1 - \\hat{y}) + \\frac{\\lambda}{2} W^2");
        assertEquals("a_{1} (\\hat{y} - y) + \\lambda W", LatexPrinter.print(d.answer()));
        assertAtPoints(d.answerFlat(), v -> v.get("a_1") * (sigma(v.get("W") * v.get("a_1") + v.get("b_4")) - v.get("y"))
                + v.get("\\lambda") * v.get("W"), "a_1", "W", "b_4", "y", "\\lambda");
        assertTrue(d.verified());
    }

    @Test
    void logisticRegressionWithL2ReadsPMinusYTimesXj() throws Exception {
        Derivation d = DefinitionsCasesTest.derive("L", "w_j", "p = \\sigma(w_j x_j + b)",
                "L = -y \\log(p) - (1 - y) \\log(1 - p) + \\frac{\\lambda}{2} w_j^2");
        assertEquals("(p - y) x_{j} + \\lambda w_{j}", LatexPrinter.print(d.answer()));
        assertAtPoints(d.answerFlat(), v -> (sigma(v.get("w_j") * v.get("x_j") + v.get("b")) - v.get("y")) * v.get("x_j")
                + v.get("\\lambda") * v.get("w_j"), "w_j", "x_j", "b", "y", "\\lambda");
        assertTrue(d.verified());
    }

    static double sigma(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** answer at a few points against the hand-derived formula, in plain Java arithmetic. */
    static void assertAtPoints(org.chainrule.expr.Expr answer, java.util.function.ToDoubleFunction<Map<String, Double>> byHand, String... names) {
        java.util.Random r = new java.util.Random(42);
        for (int k = 0; k < 6; k++) {
            Map<String, Double> v = new java.util.HashMap<>();
            java.util.Map<Sym, Double> env = new java.util.HashMap<>();
            for (String n : names) {
                double x = Math.round((-2.5 + 5 * r.nextDouble()) * 100) / 100.0;
                v.put(n, x);
                env.put(DefinitionsCasesTest.sym(n), x);
            }
            double got = Evaluator.eval(answer, Env.of(env));
            double want = byHand.applyAsDouble(v);
            assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(want)), "at " + v + ": " + LatexPrinter.print(answer));
        }
    }

    private static void assertMatches(Derivation d, DoubleUnaryOperator byHand, Map<String, Double> others) {
        assertMatches(d.answer(), byHand, others);
    }

    private static void assertMatches(org.chainrule.expr.Expr answer, DoubleUnaryOperator byHand, Map<String, Double> others) {
        for (double x : XS) {
            java.util.Map<Sym, Double> env = new java.util.HashMap<>();
            env.put(DefinitionsCasesTest.sym("x"), x);
            others.forEach((k, v) -> env.put(DefinitionsCasesTest.sym(k), v));
            double got = Evaluator.eval(answer, Env.of(env));
            assertEquals(byHand.applyAsDouble(x), got, 1e-12 * Math.max(1, Math.abs(got)), "at x = " + x + ": " + LatexPrinter.print(answer));
        }
    }
}
