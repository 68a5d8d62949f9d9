package org.chainrule.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Num;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.Mat;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/**
 * Every verdict and every diagnosis of the symbolic judge, each on a claim whose truth is known by
 * hand; where a counterexample is given, its two values are recomputed here from the point with the
 * closed forms (σ(x) = 1/(1 + e^{−x}), …), independently of the judge's evaluator.
 */
class JudgeTest {

    private static final Engine ENGINE = new Engine();

    private static Judgement judge(String lhs, String rhs, String... given) throws Exception {
        List<Expr> g = new ArrayList<>();
        for (String s : given) g.addAll(FormulaParser.parse(s).statements());
        return new Judge(ENGINE, g, Draw.SEED).judge(FormulaParser.parseExpr(lhs), FormulaParser.parseExpr(rhs));
    }

    private static Expr expr(String s) throws Exception {
        return FormulaParser.parseExpr(s);
    }

    private static void assertCorrect(Judgement j) {
        assertEquals(Verdict.CORRECT, j.verdict(), () -> "expected correct: " + j);
        assertTrue(j.points() >= 8, () -> "too few points: " + j.points());
        assertTrue(j.diagnoses().isEmpty() && j.counterexample().isEmpty() && j.why().isEmpty());
    }

    private static Diagnosis assertWrong(Judgement j) {
        assertEquals(Verdict.WRONG, j.verdict(), () -> "expected wrong: " + j);
        assertEquals(1, j.diagnoses().size(), () -> "expected one diagnosis: " + j.diagnoses());
        return j.diagnoses().get(0);
    }

    private static double at(Judgement.Counterexample c, String symbol) throws Exception {
        Mat m = c.point().get((Sym) expr(symbol));
        assertNotNull(m, () -> symbol + " is not in the point " + c.point().keySet());
        return m.value();
    }

    private static double sigma(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void assertClose(double expected, double got) {
        assertEquals(expected, got, 1e-9 * (1 + Math.abs(expected)));
    }

    // ---------------------------------------------------------------- correct

    @Test
    void sigmoidPrimeIsCorrect() throws Exception {
        assertCorrect(judge("\\sigma'(x)", "\\sigma(x)(1 - \\sigma(x))"));
        assertCorrect(judge("\\frac{d}{dx}\\sigma(x)", "\\frac{e^{-x}}{(1 + e^{-x})^2}"));
    }

    @Test
    void softmaxJacobianIsCorrect() throws Exception {
        assertCorrect(judge("\\frac{\\partial s_i}{\\partial a_j}", "s_i(\\delta_{ij} - s_j)",
                "s_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}"));
    }

    @Test
    void crossEntropyUsesTheFactThatTheLabelsSumToOne() throws Exception {
        assertCorrect(judge("\\frac{\\partial J}{\\partial a_j}", "s_j - y_j",
                "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{c} e^{a_k}}", "J = -\\sum_{k=1}^{c} y_k \\log s_k", "\\sum_{k=1}^{c} y_k = 1"));
    }

    @Test
    void aChainLineWithNamedIntermediatesIsCorrect() throws Exception {
        String[] given = {"L = \\frac{1}{2}(\\hat y - y)^2", "\\hat y = \\sigma(z)", "z = w x + b"};
        assertCorrect(judge("\\frac{\\partial L}{\\partial w}", "\\frac{\\partial L}{\\partial \\hat y}\\frac{\\partial \\hat y}{\\partial w}", given));
        assertCorrect(judge("\\frac{\\partial L}{\\partial w}", "\\frac{\\partial L}{\\partial \\hat y}\\frac{\\partial \\hat y}{\\partial z}\\frac{\\partial z}{\\partial w}", given));
        assertCorrect(judge("\\frac{\\partial L}{\\partial w}", "(\\hat y - y)\\hat y(1 - \\hat y) x", given));
        // the chain without its last factor x: wrong, and none of the diagnoses explains it
        Judgement j = judge("\\frac{\\partial L}{\\partial w}", "(\\hat y - y)\\hat y(1 - \\hat y)", given);
        assertEquals(Verdict.WRONG, j.verdict());
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        double p = sigma(at(c, "w") * at(c, "x") + at(c, "b")), y = at(c, "y");
        assertClose((p - y) * p * (1 - p), c.claimed().value());
        assertClose((p - y) * p * (1 - p) * at(c, "x"), c.actual().value());
    }

    @Test
    void valuesAndFunctionsAreComparedAsValues() throws Exception {
        assertCorrect(judge("J", "\\frac{1}{2}(w x - y)^2", "J = \\frac{1}{2}(y - w x)^2"));
        assertCorrect(judge("g(2)", "4w + b", "g(x) = w x^2 + b"));
        assertCorrect(judge("\\frac{\\partial^2}{\\partial x^2} x^3 y", "6 x y"));
    }

    @Test
    void piecewiseSmoothL1IsCorrect() throws Exception {
        assertCorrect(judge("\\frac{\\partial L}{\\partial x}",
                "\\begin{cases} (x - y)/\\beta & |x - y| \\le \\beta \\\\ \\operatorname{sign}(x - y) & \\text{else} \\end{cases}",
                SMOOTH_L1, "\\beta > 0"));
    }

    @Test
    void huberAndL1ClaimsWithIndicators() throws Exception {
        assertCorrect(judge("\\frac{\\partial J_i}{\\partial \\hat{y}_i}",
                "(\\hat{y}_i - y_i) \\mathbf{1}(|y_i - \\hat{y}_i| \\le \\delta) + \\delta \\operatorname{sign}(\\hat{y}_i - y_i) \\mathbf{1}(|y_i - \\hat{y}_i| > \\delta)",
                HUBER, "\\delta > 0"));
        // the two indicators exchanged: wrong on both sides of δ, and the conditions are the fix
        Judgement swapped = judge("\\frac{\\partial J_i}{\\partial \\hat{y}_i}",
                "(\\hat{y}_i - y_i) \\mathbf{1}(|y_i - \\hat{y}_i| > \\delta) + \\delta \\operatorname{sign}(\\hat{y}_i - y_i) \\mathbf{1}(|y_i - \\hat{y}_i| \\le \\delta)",
                HUBER, "\\delta > 0");
        assertEquals(new Diagnosis.ConditionInverted(expr("|y_i - \\hat{y}_i| > \\delta"), expr("|y_i - \\hat{y}_i| \\le \\delta")), assertWrong(swapped));
        String[] l1 = {"J = \\sum_{i=1}^{n} |y_i - \\hat{y}_i|", "\\hat{y}_i = g(w, x_i)"};
        assertCorrect(judge("\\frac{\\partial J}{\\partial w}", "\\sum_{i=1}^{n} \\operatorname{sign}(\\hat{y}_i - y_i) \\frac{\\partial \\hat y_i}{\\partial w}", l1));
        assertCorrect(judge("\\frac{\\partial J}{\\partial w}",
                "\\sum_{i=1}^{n} (\\mathbf{1}(\\hat{y}_i > y_i) - \\mathbf{1}(\\hat{y}_i < y_i)) \\frac{\\partial \\hat y_i}{\\partial w}", l1));
        assertInstanceOf(Diagnosis.SignFlipped.class, assertWrong(judge("\\frac{\\partial J}{\\partial w}",
                "\\sum_{i=1}^{n} \\operatorname{sign}(y_i - \\hat{y}_i) \\frac{\\partial \\hat y_i}{\\partial w}", l1)));
    }

    @Test
    void matrixGradientIsCorrect() throws Exception {
        assertCorrect(judge("\\frac{\\partial L}{\\partial \\mathbf{w}}", "X^T(X \\mathbf{w} - \\mathbf{y})", LEAST_SQUARES));
        assertCorrect(judge("\\frac{\\partial L}{\\partial \\mathbf{w}}", "X^T X \\mathbf{w} - X^T \\mathbf{y}", LEAST_SQUARES));
    }

    // ---------------------------------------------------------------- wrong, with each diagnosis

    @Test
    void sigmoidWithAPlusIsATermSign() throws Exception {
        Judgement j = judge("\\frac{d}{dx}\\sigma(x)", "\\sigma(x)(1 + \\sigma(x))");
        Diagnosis d = assertWrong(j);
        assertEquals(new Diagnosis.TermSign(expr("\\sigma(x)")), d);
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        double s = sigma(at(c, "x"));
        assertClose(s * (1 + s), c.claimed().value());
        assertClose(s * (1 - s), c.actual().value());
    }

    @Test
    void softmaxDiagonalWithAPlusIsATermSign() throws Exception {
        // seed 003's f(1 + f), written with s so that s_i(…) is not a call
        Diagnosis d = assertWrong(judge("\\frac{\\partial s_i}{\\partial a_i}", "s_i(1 + s_i)", "s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}"));
        assertEquals(new Diagnosis.TermSign(expr("s_i")), d);
    }

    @Test
    void softmaxJacobianTheOtherWayRoundIsSignFlipped() throws Exception {
        Judgement j = judge("\\frac{\\partial s_i}{\\partial a_j}", "s_i(s_j - \\delta_{ij})", "s_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}");
        assertInstanceOf(Diagnosis.SignFlipped.class, assertWrong(j));
        // the point shows the indices and the components of a, and not the sum's own index k
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        int i = (int) at(c, "i"), jj = (int) at(c, "j");
        double[] a = {at(c, "a_1"), at(c, "a_2"), at(c, "a_3")};
        double z = Math.exp(a[0]) + Math.exp(a[1]) + Math.exp(a[2]);
        double si = Math.exp(a[i - 1]) / z, sj = Math.exp(a[jj - 1]) / z;
        assertClose(si * ((i == jj ? 1 : 0) - sj), c.actual().value());
        assertClose(-c.actual().value(), c.claimed().value());
        assertFalse(c.point().containsKey(Sym.of("k")));
    }

    @Test
    void l2LossWithTheFactorTwoDroppedIsAConstantFactorOfOneHalf() throws Exception {
        String[] given = {"J = \\sum_i (\\hat y_i - y_i)^2", "\\hat y_i = g(w, x_i)"};
        Diagnosis d = assertWrong(judge("\\frac{\\partial J}{\\partial w}", "\\sum_i (\\hat y_i - y_i)\\frac{\\partial \\hat y_i}{\\partial w}", given));
        assertEquals(new Diagnosis.ConstantFactor(Rational.HALF), d);
        assertCorrect(judge("\\frac{\\partial J}{\\partial w}", "2\\sum_i (\\hat y_i - y_i)\\frac{\\partial \\hat y_i}{\\partial w}", given));
    }

    @Test
    void seed004CoefficientThreeShouldBeTwo() throws Exception {
        String[] given = {"a = w x", "p = \\sigma(a)", "l = (y - p)^2"};
        Judgement j = judge("\\frac{\\partial l}{\\partial w}", "2p^3 e^{-a} x - 3p^2 e^{-a} y x", given);
        assertEquals(new Diagnosis.WrongCoefficient(Num.of(3), Num.of(2)), assertWrong(j));
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        double w = at(c, "w"), x = at(c, "x"), y = at(c, "y"), a = w * x, p = sigma(a);
        assertClose(2 * p * p * p * Math.exp(-a) * x - 3 * p * p * Math.exp(-a) * y * x, c.claimed().value());
        assertClose(2 * (p - y) * p * (1 - p) * x, c.actual().value());
        assertCorrect(judge("\\frac{\\partial l}{\\partial w}", "2p^3 e^{-a} x - 2p^2 e^{-a} y x", given));
        assertCorrect(judge("\\frac{\\partial l}{\\partial w}", "2(p - y) p (1 - p) x", given));
    }

    @Test
    void aCaseWrongOnlyInOneRegionIsCaughtThere() throws Exception {
        // right for |x − y| ≤ β and for x − y > β; wrong (1 instead of −1) only where x − y < −β
        Judgement j = judge("\\frac{\\partial L}{\\partial x}",
                "\\begin{cases} (x - y)/\\beta & |x - y| \\le \\beta \\\\ 1 & \\text{else} \\end{cases}", SMOOTH_L1, "\\beta > 0");
        assertEquals(Verdict.WRONG, j.verdict());
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        assertTrue(at(c, "x") - at(c, "y") < -at(c, "\\beta"), "the point is in the region where the claim is wrong: " + c.point());
        assertClose(1, c.claimed().value());
        assertClose(-1, c.actual().value());
    }

    @Test
    void swappedCasesAreAConditionInverted() throws Exception {
        Diagnosis d = assertWrong(judge("\\frac{\\partial L}{\\partial x}",
                "\\begin{cases} \\operatorname{sign}(x - y) & |x - y| \\le \\beta \\\\ (x - y)/\\beta & \\text{else} \\end{cases}", SMOOTH_L1, "\\beta > 0"));
        assertEquals(new Diagnosis.ConditionInverted(expr("|x - y| \\le \\beta"), expr("|x - y| > \\beta")), d);
    }

    @Test
    void hingeConditionInverted() throws Exception {
        Judgement j = judge("\\frac{\\partial l}{\\partial h}", "-y \\mathbf{1}(y h \\ge 1)", "l = \\max(0, 1 - y h)");
        assertEquals(new Diagnosis.ConditionInverted(expr("y h \\ge 1"), expr("y h < 1")), assertWrong(j));
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        double y = at(c, "y"), h = at(c, "h");
        assertClose(y * h >= 1 ? -y : 0, c.claimed().value());
        assertClose(y * h < 1 ? -y : 0, c.actual().value());
        assertCorrect(judge("\\frac{\\partial l}{\\partial h}", "-y \\mathbf{1}(y h < 1)", "l = \\max(0, 1 - y h)"));
    }

    @Test
    void matrixClaimWithoutTheTransposeHasTheWrongShape() throws Exception {
        Judgement j = judge("\\frac{\\partial L}{\\partial \\mathbf{w}}", "X(X \\mathbf{w} - \\mathbf{y})", LEAST_SQUARES);
        assertEquals(new Diagnosis.MissingTranspose(expr("X")), assertWrong(j));
        assertTrue(j.counterexample().isEmpty(), "a product whose sizes do not fit has no value");
        assertTrue(j.why().orElseThrow().contains("cannot multiply"), j.why()::get);
    }

    @Test
    void matrixClaimAsARowIsAMissingTransposeOfTheWholeClaim() throws Exception {
        Expr claim = expr("(X \\mathbf{w} - \\mathbf{y})^T X");
        Judgement j = judge("\\frac{\\partial L}{\\partial \\mathbf{w}}", "(X \\mathbf{w} - \\mathbf{y})^T X", LEAST_SQUARES);
        assertEquals(new Diagnosis.MissingTranspose(claim), assertWrong(j));
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        // Xᵀ(Xw − y) by hand from the point's matrices: m × 1, the claim its transpose
        Mat x = c.point().get((Sym) expr("X")), w = c.point().get((Sym) expr("\\mathbf{w}")), y = c.point().get((Sym) expr("\\mathbf{y}"));
        int n = x.rows(), m = x.cols();
        double[] grad = new double[m];
        for (int r = 0; r < n; r++) {
            double residual = -y.get(r, 0);
            for (int k = 0; k < m; k++) residual += x.get(r, k) * w.get(k, 0);
            for (int k = 0; k < m; k++) grad[k] += x.get(r, k) * residual;
        }
        assertEquals(m, c.actual().rows());
        assertEquals(1, c.actual().cols());
        assertEquals(1, c.claimed().rows());
        assertEquals(m, c.claimed().cols());
        for (int k = 0; k < m; k++) {
            assertClose(grad[k], c.actual().get(k, 0));
            assertClose(grad[k], c.claimed().get(0, k));
        }
    }

    @Test
    void renamingIndices() throws Exception {
        // ∂(x_i² y_j)/∂y_j = x_i², claimed x_j²: i and j confused
        Judgement j = judge("\\frac{\\partial}{\\partial y_j} x_i^2 y_j", "x_j^2");
        assertEquals(new Diagnosis.Renaming(Sym.of("j"), Sym.of("i")), assertWrong(j));
        // and two variables swapped: ∂(x²y³)/∂x = 2xy³, claimed 2yx³
        Diagnosis d = assertWrong(judge("\\frac{\\partial}{\\partial x} x^2 y^3", "2 y x^3"));
        Diagnosis.Renaming r = assertInstanceOf(Diagnosis.Renaming.class, d);
        assertEquals(Set.of(Sym.of("x"), Sym.of("y")), Set.of(r.from(), r.to()));
    }

    @Test
    void regularisedLossWithoutTheRegulariserIsAMissingTerm() throws Exception {
        String given = "L = \\frac{1}{2}(w x - y)^2 + \\frac{\\lambda}{2} w^2";
        Diagnosis d = assertWrong(judge("\\frac{\\partial L}{\\partial w}", "(w x - y) x", given));
        Diagnosis.MissingTerm m = assertInstanceOf(Diagnosis.MissingTerm.class, d);
        assertEquals("\\lambda w", LatexPrinter.print(m.term()).replace(" \\cdot", ""));
        assertCorrect(judge("\\frac{\\partial L}{\\partial w}", "(w x - y) x + \\lambda w", given));
    }

    @Test
    void aStrayTermIsAnExtraTerm() throws Exception {
        Diagnosis d = assertWrong(judge("\\frac{\\partial L}{\\partial w}", "(w x - y) x + \\lambda w + y",
                "L = \\frac{1}{2}(w x - y)^2 + \\frac{\\lambda}{2} w^2"));
        assertEquals(new Diagnosis.ExtraTerm(Sym.of("y")), d);
    }

    @Test
    void theMostSpecificDiagnosisIsReported() throws Exception {
        // −2x for 2x is a sign, and nothing else is said; 3x for 2x is a factor 3/2 and the coefficient 3
        // that should be 2, both reported, the factor first; x² for 3x² has no number to change: a factor 1/3
        assertInstanceOf(Diagnosis.SignFlipped.class, assertWrong(judge("\\frac{d}{dx} x^2", "-2x")));
        assertEquals(List.of(new Diagnosis.ConstantFactor(Rational.of(3, 2)), new Diagnosis.WrongCoefficient(Num.of(3), Num.of(2))),
                judge("\\frac{d}{dx} x^2", "3x").diagnoses());
        assertEquals(new Diagnosis.ConstantFactor(Rational.of(1, 3)), assertWrong(judge("\\frac{d}{dx} x^3", "x^2")));
        assertEquals(List.of(new Diagnosis.ConstantFactor(Rational.of(1, 2)), new Diagnosis.WrongCoefficient(Num.of(3), Num.of(6))),
                judge("\\frac{\\partial^2}{\\partial x^2} x^3 y", "3 x y").diagnoses());
    }

    @Test
    void aWrongClaimWithNoSmallFixHasNoDiagnosis() throws Exception {
        Judgement j = judge("\\frac{d}{dx} \\sin(x)", "\\sin(x)");
        assertEquals(Verdict.WRONG, j.verdict());
        assertTrue(j.diagnoses().isEmpty(), () -> j.diagnoses().toString());
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        assertClose(Math.sin(at(c, "x")), c.claimed().value());
        assertClose(Math.cos(at(c, "x")), c.actual().value());
    }

    // ---------------------------------------------------------------- unverifiable

    @Test
    void anUnknownFunctionIsUnverifiable() throws Exception {
        Judgement j = judge("\\frac{d}{dx} \\operatorname{foo}(x)", "2x");
        assertEquals(Verdict.UNVERIFIABLE, j.verdict());
        assertTrue(j.why().orElseThrow().contains("foo"), j.why()::get);
        assertEquals(0, j.points());
    }

    @Test
    void aClaimOutsideEveryDomainIsUnverifiable() throws Exception {
        Judgement never = judge("\\frac{d}{dx} x^2", "2x + \\log(-x^2)");
        assertEquals(Verdict.UNVERIFIABLE, never.verdict());
        Judgement againstCondition = judge("\\frac{d}{dx} x^2", "2x + \\log(x)", "x < 0");
        assertEquals(Verdict.UNVERIFIABLE, againstCondition.verdict());
        assertTrue(againstCondition.why().isPresent());
    }

    @Test
    void aDerivativeTheEngineRefusesIsUnverifiable() throws Exception {
        // J(θ) = … reads as the product J·θ, not as a definition of J: the engine says so and takes no derivative
        Judgement j = judge("\\frac{\\partial J}{\\partial \\theta}", "(\\theta x - y) x", "J(\\theta) = \\frac{1}{2}(\\theta x - y)^2");
        assertEquals(Verdict.UNVERIFIABLE, j.verdict());
        assertTrue(j.why().orElseThrow().contains("product"), j.why()::get);
    }

    @Test
    void inconsistentGivensAreUnverifiable() throws Exception {
        Judgement j = judge("\\frac{d a}{d x}", "1", "a = x", "a = 2x");
        assertEquals(Verdict.UNVERIFIABLE, j.verdict());
        assertTrue(j.why().isPresent());
    }

    static final String SMOOTH_L1 = "L = \\begin{cases} \\frac{1}{2}(x - y)^2/\\beta & |x - y| \\le \\beta \\\\ |x - y| - \\frac{1}{2}\\beta & \\text{else}\\end{cases}";
    static final String HUBER = "J_i = \\begin{cases} \\frac{1}{2}(y_i - \\hat{y}_i)^2 & |y_i - \\hat{y}_i| \\le \\delta \\\\ \\delta |y_i - \\hat{y}_i| - \\frac{\\delta^2}{2} & \\text{else} \\end{cases}";
    static final String[] LEAST_SQUARES = {"X \\in \\mathbb{R}^{n \\times m}", "\\mathbf{w} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{n}",
            "L = \\frac{1}{2} \\|X \\mathbf{w} - \\mathbf{y}\\|^2"};
}
