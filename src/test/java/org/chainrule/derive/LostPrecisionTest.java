package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.chainrule.numeric.Draw;
import org.chainrule.derive.core.Check;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.chainrule.render.DerivationJson;
import org.chainrule.render.DerivationText;
import org.junit.jupiter.api.Test;

/**
 * Points where double precision loses the digits a comparison needs are refused, not counted for or
 * against a step: the cross-entropy of the 220-problem bench (t12-c10) was reported unverified because
 * at one point 1 − σ(10wx) with 10wx ≈ 34 is a few units in the last place of 1, so the finite
 * difference of log(1 − σ) is 0 while the (correct) step says 32.6.
 */
class LostPrecisionTest {

    static final Sym W = Sym.of("w");

    static Expr parse(String s) throws Exception {
        return FormulaParser.parseExpr(s);
    }

    static String crossEntropy(int c) {
        return "-y \\log(\\sigma(" + c + " w x)) - (1 - y) \\log(1 - \\sigma(" + c + " w x))";
    }

    @Test
    void theBenchCrossEntropyIsVerifiedAndSaysWhichPointsItRefused() throws Exception {
        Derivation d = new Engine().derive(new Engine.Problem(parse(crossEntropy(10)), W, List.of()));
        assertTrue(d.verified(), DerivationText.render(d));
        // the same number of points as everywhere else: refused points were replaced by others
        for (Verifier.Entry e : d.checks()) assertEquals(6, ((Check.Checked) e.check()).points(), e.toString());
        assertTrue(d.refusedPoints() > 0, "some points of this problem lose their digits");
        assertEquals(d.refusedPoints(), DerivationJson.verification(d).get("refused").asInt());
        assertTrue(DerivationText.render(d).contains("more refused: double precision lost too many digits there"), DerivationText.render(d));
    }

    @Test
    void everySteepnessOfTheSameShapeIsVerified() throws Exception {
        for (int c = 1; c <= 40; c += 3) {
            Derivation d = new Engine().derive(new Engine.Problem(parse(crossEntropy(c)), W, List.of()));
            assertTrue(d.verified(), "c = " + c + ": " + DerivationText.render(d));
        }
    }

    @Test
    void aWrongAnswerOfThatShapeStillFails() throws Exception {
        Expr f = parse(crossEntropy(10));
        // the derivative is 10 x (σ(10wx) − y); a 9 for the 10, or σ(10wx) for 1 − σ(10wx) in the second log
        for (String wrong : List.of("9 x (\\sigma(10 w x) - y)", "10 x (\\sigma(10 w x) - y) + 10 x (1 - y) (1 - 2 \\sigma(10 w x))")) {
            Verifier.Report r = Verifier.verifyAnswer(f, W, parse(wrong), List.of(), Draw.SEED);
            assertFalse(r.failures().isEmpty(), wrong + ": " + r);
        }
        assertTrue(Verifier.verifyAnswer(f, W, parse("10 x (\\sigma(10 w x) - y)"), List.of(), Draw.SEED).verified());
    }

    @Test
    void theBoundKnowsWhereTheDigitsAreLost() throws Exception {
        Expr oneMinus = parse("1 - \\sigma(z)");
        for (double z : new double[] {3, 20, 34}) {
            Env env = Env.of(Map.of(Sym.of("z"), z));
            Evaluator.Bounded b = Evaluator.evalBounded(oneMinus, env);
            assertEquals(Evaluator.eval(oneMinus, env), b.value(), 0.0, "the same value as eval");
            double trueValue = Evaluator.eval(parse("\\sigma(-z)"), env);
            // a bound: the true value is within it
            assertTrue(Math.abs(b.value() - trueValue) <= b.error(), "z = " + z + ": " + b + " vs " + trueValue);
            double relative = b.error() / trueValue;
            if (z == 3) assertTrue(relative < 1e-13, "z = 3: " + relative);
            if (z == 34) assertTrue(relative > 1e-2, "z = 34: " + relative);
        }
        // the same value as eval on an expression with every modelled node
        Expr e = parse("\\sum_{k=1}^{3} k w^{2} + \\frac{\\tanh(w)}{|w - 3|} - \\begin{cases} w & w > 0 \\\\ -w & \\text{otherwise} \\end{cases} \\mathbf{1}(w > 1)");
        for (double w : new double[] {-1.3, 0.4, 2.2}) {
            Env env = Env.of(Map.of(W, w));
            assertEquals(Evaluator.eval(e, env), Evaluator.evalBounded(e, env).value(), 0.0);
        }
    }
}
