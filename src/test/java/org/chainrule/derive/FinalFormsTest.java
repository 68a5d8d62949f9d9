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
 * as σ(βx). Each printed form is checked against the derivative worked out by hand, in plain Java
 * arithmetic, at several points.
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
