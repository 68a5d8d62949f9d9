package org.chainrule.numeric;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr.Abs;
import org.chainrule.expr.Expr.Apply;
import org.chainrule.expr.Expr.Builtin;
import org.chainrule.expr.Expr.LogBase;
import org.chainrule.expr.Expr.Prime;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Shapes;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** Matrix values: shapes, elementwise functions, norms, delegation to the scalar evaluator, FD gradients. */
class MatrixEvaluatorTest {

    static final Sym W = Sym.of("W"), A = Sym.of("A"), X = Sym.of("X");
    static final Sym x = bold("x"), y = bold("y"), w = bold("w"), b = bold("b"), a = bold("a");

    static Sym bold(String name) {
        return Sym.of(name).withStyles(List.of("bold"));
    }

    static Expr parse(String latex) throws Exception {
        return FormulaParser.parseExpr(latex);
    }

    static Mat eval(String latex, Map<Sym, Mat> env) throws Exception {
        return MatrixEvaluator.eval(parse(latex), env);
    }

    static Map<Sym, Mat> env(Object... symbolThenValue) {
        Map<Sym, Mat> m = new LinkedHashMap<>();
        for (int i = 0; i < symbolThenValue.length; i += 2) {
            Object v = symbolThenValue[i + 1];
            m.put((Sym) symbolThenValue[i], v instanceof Mat mat ? mat : Mat.scalar(((Number) v).doubleValue()));
        }
        return m;
    }

    static Mat mat(double[]... rows) {
        return Mat.fromNested(rows);
    }

    static void assertMat(Mat expected, Mat actual, double tol) {
        assertTrue(MatrixEvaluator.close(expected, actual, tol), () -> "expected " + expected + " but got " + actual);
    }

    // ---------------------------------------------------------------- Mat

    @Test
    void matValidatesCopiesAndCompares() {
        assertThrows(IllegalArgumentException.class, () -> new Mat(2, 2, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new Mat(0, 1, new double[0]));
        double[] d = {1, 2, 3, 4, 5, 6};
        Mat m = new Mat(2, 3, d);
        d[0] = 99;
        assertEquals(1, m.get(0, 0), "the constructor copies");
        m.data()[1] = 99;
        assertEquals(2, m.get(0, 1), "the accessor copies");
        assertEquals(6, m.get(1, 2));
        assertEquals(new Mat(2, 3, new double[] {1, 2, 3, 4, 5, 6}), m);
        assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, m.toNested());
        assertEquals("2×3 [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]", m.toString());
        assertEquals("2.5", Mat.scalar(2.5).toString());
        assertEquals(mat(new double[] {1, 4}, new double[] {2, 5}, new double[] {3, 6}), m.transpose());
        assertThrows(IllegalArgumentException.class, m::value);
        assertEquals(6, m.maxAbs());
        assertEquals(mat(new double[] {2, 4, 6}, new double[] {8, 10, 12}), m.scale(2));
        assertEquals(m.scale(3), Mat.scalar(3).times(m), "a 1×1 operand scales");
        assertEquals(mat(new double[] {14, 32}, new double[] {32, 77}), m.times(m.transpose()));
        assertThrows(IllegalArgumentException.class, () -> m.times(m));
        assertThrows(IllegalArgumentException.class, () -> m.plus(m.transpose()));
    }

    // ---------------------------------------------------------------- products and shapes

    @Test
    void productsAreMatrixProductsLeftToRight() throws Exception {
        Mat wm = mat(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        Mat xv = Mat.column(1, 0, -1);
        Map<Sym, Mat> e = env(W, wm, x, xv, b, Mat.column(10, 20), Sym.of("c"), 2);
        assertEquals(Mat.column(-2, -2), eval("W \\mathbf{x}", e));
        assertEquals(Mat.column(-4, -4), eval("c W \\mathbf{x}", e), "a scalar factor anywhere scales");
        assertEquals(Mat.column(-4, -4), eval("W c \\mathbf{x}", e));
        assertEquals(Mat.scalar(2), eval("\\mathbf{x}^\\top \\mathbf{x}", e));
        assertEquals(new Mat(3, 3, new double[] {1, 0, -1, 0, 0, 0, -1, 0, 1}), eval("\\mathbf{x} \\mathbf{x}^\\top", e));
        assertEquals(Mat.column(8, 18), eval("W \\mathbf{x} + \\mathbf{b}", e));
        assertEquals(Mat.column(13, 25), eval("\\mathbf{b} - \\frac{W \\mathbf{x}}{c} + \\mathbf{x}^T \\mathbf{x} \\frac{\\mathbf{b}}{10}", e));
        assertEquals(Mat.column(-1, -2), eval("\\mathbf{x}^T \\mathbf{x} \\mathbf{b} \\cdot \\frac{1}{-20}", e));
    }

    @Test
    void mismatchesAreErrorsThatNameTheOperands() throws Exception {
        Map<Sym, Mat> e = env(W, new Mat(2, 3, new double[6]), x, Mat.zeros(3, 1), y, Mat.zeros(2, 1), Sym.of("c"), 1);
        EvalException mul = assertThrows(EvalException.class, () -> eval("W \\mathbf{y}", e));
        assertTrue(mul.getMessage().startsWith("cannot multiply W (2×3) by \\mathbf{y} (2×1)"), mul.getMessage());
        EvalException add = assertThrows(EvalException.class, () -> eval("W \\mathbf{x} + \\mathbf{x}", e));
        assertTrue(add.getMessage().contains("cannot add") && add.getMessage().contains("(3×1)"), add.getMessage());
        assertThrows(EvalException.class, () -> eval("\\mathbf{x} + 1", e), "no broadcasting of a scalar term");
        assertThrows(EvalException.class, () -> eval("c + \\mathbf{y}", e));
        assertThrows(EvalException.class, () -> eval("\\mathbf{x} \\odot \\mathbf{y}", e));
        assertThrows(EvalException.class, () -> eval("\\mathbf{x}^2", e));
        assertThrows(EvalException.class, () -> eval("\\operatorname{softmax}(W)", e));
        EvalException unbound = assertThrows(EvalException.class, () -> eval("W \\mathbf{z}", e));
        assertTrue(unbound.getMessage().contains("\\mathbf{z}"), unbound.getMessage());
    }

    // ---------------------------------------------------------------- elementwise

    @Test
    void activationsAndTheirDerivativesActEntryByEntry() throws Exception {
        Mat z = mat(new double[] {-1.5, 0.25}, new double[] {2, -0.75});
        Map<Sym, Mat> e = env(A, z);
        Mat s = eval("\\sigma(A)", e);
        assertMat(z.map(v -> 1 / (1 + Math.exp(-v))), s, 1e-15);
        // σ' = σ(1 − σ), computed here independently of the evaluator's finite differences
        assertMat(s.map(v -> v * (1 - v)), eval("\\sigma'(A)", e), 1e-10);
        assertMat(s.map(v -> v * (1 - v) * (1 - 2 * v)), eval("\\sigma''(A)", e), 1e-7);
        // tanh' and log' have no LaTeX spelling the parser takes; the engine may still build them
        Expr tanhPrime = new Apply(new Prime(new Builtin(BuiltinFn.TANH), 1), List.of(A));
        assertMat(z.map(v -> 1 - Math.tanh(v) * Math.tanh(v)), MatrixEvaluator.eval(tanhPrime, e), 1e-10);
        Expr log2Prime = new Apply(new Prime(new LogBase(Expr.num(2)), 1), List.of(new Abs(A)));
        assertMat(z.map(v -> 1 / (Math.abs(v) * Math.log(2))), MatrixEvaluator.eval(log2Prime, e), 1e-10);
        assertEquals(z.map(v -> Math.max(v, 0)), eval("\\operatorname{ReLU}(A)", e));
        assertEquals(z.map(v -> Math.max(v, 0)), eval("\\max(A, 0)", e), "max with a scalar broadcasts");
        assertEquals(z.map(v -> Math.min(v, 0.5)), eval("\\min(0.5, A)", e));
        assertEquals(z.map(Math::abs), eval("|A|", e));
        assertMat(z.map(v -> Math.log(Math.abs(v)) / Math.log(2)), eval("\\log_2 |A|", e), 1e-15);
        assertEquals(z.hadamard(z), eval("A \\odot A", e));
    }

    @Test
    void softmaxIsANormalisedColumnEvenForLargeEntries() throws Exception {
        Mat big = eval("\\operatorname{softmax}(\\mathbf{a})", env(a, Mat.column(1000, 1001, 999)));
        double sum = 0;
        for (double v : big.data()) sum += v;
        assertEquals(1, sum, 1e-12);
        double e = Math.E;
        assertMat(Mat.column(e, e * e, 1).scale(1 / (1 + e + e * e)), big, 1e-12);
        Mat small = eval("\\operatorname{softmax}(\\mathbf{a})", env(a, Mat.column(0.5, -1, 2, 0)));
        double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2) + 1;
        assertMat(Mat.column(Math.exp(0.5) / z, Math.exp(-1) / z, Math.exp(2) / z, 1 / z), small, 1e-12);
        assertMat(Mat.scalar(Math.exp(2) / z), eval("\\operatorname{softmax}(\\mathbf{a})_3", env(a, Mat.column(0.5, -1, 2, 0))), 1e-15);
    }

    @Test
    void normsAreEntrywise() throws Exception {
        Map<Sym, Mat> e = env(x, Mat.column(3, -4, 0), A, mat(new double[] {1, -2}, new double[] {2, -4}));
        assertEquals(Mat.scalar(5), eval("\\|\\mathbf{x}\\|", e));
        assertEquals(Mat.scalar(5), eval("\\|\\mathbf{x}\\|_2", e));
        assertEquals(Mat.scalar(7), eval("\\|\\mathbf{x}\\|_1", e));
        assertEquals(Mat.scalar(4), eval("\\|\\mathbf{x}\\|_{\\infty}", e));
        assertEquals(Mat.scalar(5), eval("\\|A\\|_F", e));
        assertEquals(Mat.scalar(25), eval("\\|A\\|_F^2", e), "a norm is 1×1, so it may be raised to a power");
        assertMat(Mat.scalar(Math.cbrt(27 + 64)), eval("\\|\\mathbf{x}\\|_3", e), 1e-12);
    }

    // ---------------------------------------------------------------- structure

    @Test
    void literalsIndicesTransposesDiagAndTrace() throws Exception {
        Mat wm = mat(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        Map<Sym, Mat> e = env(W, wm, x, Mat.column(1, 1, 2), Sym.of("i"), 2, Sym.of("j"), 3, Sym.of("p"), 7);
        assertEquals(Mat.scalar(21), eval("(W \\mathbf{x})_i", e), "1-based: the second entry of (9, 21)");
        assertEquals(Mat.scalar(6), eval("(W)_{i, j}", e));
        assertEquals(Mat.scalar(3), eval("(\\mathbf{x}^T W^T)_1 - 6", e));
        assertThrows(EvalException.class, () -> eval("(W \\mathbf{x})_j", e), "index 3 of a 2-vector");
        assertEquals(wm.transpose(), eval("W^\\top", e));
        assertEquals(mat(new double[] {7, 1}, new double[] {0, 14}), eval("\\begin{bmatrix} p & 1 \\\\ 0 & 2p \\end{bmatrix}", e));
        assertEquals(new Mat(3, 3, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 2}), eval("\\operatorname{diag}(\\mathbf{x})", e));
        assertEquals(Mat.scalar(91), eval("\\operatorname{tr}(W^\\top W)", e));
        assertThrows(EvalException.class, () -> eval("\\operatorname{tr}(W)", e));
    }

    // ---------------------------------------------------------------- delegation to the scalar evaluator

    @Test
    void piecewiseScalarLossesGoToTheScalarEvaluator() throws Exception {
        String huber = "\\begin{cases} \\frac{1}{2} r^2 & |r| \\le \\delta \\\\ \\delta (|r| - \\frac{1}{2}\\delta) & \\text{otherwise} \\end{cases}";
        Sym r = Sym.of("r"), delta = Sym.of("\\delta");
        assertEquals(Mat.scalar(0.125), eval(huber, env(r, 0.5, delta, 1)));
        assertEquals(Mat.scalar(2.5), eval(huber, env(r, -3, delta, 1)));
        assertEquals(Mat.scalar(1), eval("\\mathbf{1}(r > 0)", env(r, 0.5)));
        EvalException ex = assertThrows(EvalException.class, () -> eval(huber, env(r, Mat.column(1, 2), delta, 1)));
        // Conditions are compared only between scalars: a vector r cannot be tested against δ.
        assertTrue(ex.getMessage().startsWith("a condition compares scalars, but |r| is 2×1"), ex.getMessage());
    }

    @Test
    void aSumOverComponentsOfADeclaredVectorUsesItsEntries() throws Exception {
        Map<Sym, Mat> e = env(x, Mat.column(1, 2, -3), Sym.of("n"), 3, W, mat(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(Mat.scalar(14), eval("\\sum_{i=1}^{n} x_i^2", e));
        assertEquals(eval("\\|\\mathbf{x}\\|^2", e).value(), eval("\\sum_{i=1}^{n} x_i x_i", e).value(), 1e-12);
        assertEquals(Mat.scalar(5), eval("\\sum_{j=1}^{2} W_{j j}", e));
        // matrix-valued terms and components of vector expressions, which the scalar evaluator cannot do
        assertEquals(e.get(W).scale(3), eval("\\sum_{k=1}^{n} W", e));
        assertEquals(Mat.scalar(-1 + 4 - 9), eval("\\sum_{k=1}^{n} (\\mathbf{x} \\odot \\mathbf{x})_k (-1)^{k}", e));
        assertEquals(Mat.scalar(24), eval("\\prod_{k=1}^{n} (k + 1)", e));
        assertThrows(EvalException.class, () -> eval("\\sum_{k=1}^{2} z_k", e), "z has no entries");
    }

    // ---------------------------------------------------------------- gradients by finite differences

    /** A random point of the declared shapes, the way the verifier will draw it. */
    static Map<Sym, Mat> point(long seed, String... declarations) throws Exception {
        List<Expr> given = new ArrayList<>();
        for (String d : declarations) given.addAll(FormulaParser.parse(d).statements());
        return new MatrixSampler(Shapes.declarations(given), List.of(), List.of(), seed).point(0);
    }

    @Test
    void gradientOfAQuadraticForm() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            Map<Sym, Mat> p = point(seed, "A \\in \\mathbb{R}^{n \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
            Mat am = p.get(A), xv = p.get(x);
            Mat expected = am.plus(am.transpose()).times(xv);
            assertMat(expected, MatrixEvaluator.gradient(parse("\\mathbf{x}^\\top A \\mathbf{x}"), x, p), 1e-8);
            // and the wrong answer 2Ax is told apart (A is not symmetric)
            assertFalse(MatrixEvaluator.close(am.times(xv).scale(2), MatrixEvaluator.gradient(parse("\\mathbf{x}^\\top A \\mathbf{x}"), x, p), 1e-6));
        }
    }

    @Test
    void gradientOfLeastSquares() throws Exception {
        Map<Sym, Mat> p = point(7, "X \\in \\mathbb{R}^{m \\times n}", "\\mathbf{w} \\in \\mathbb{R}^{n}", "\\mathbf{y} \\in \\mathbb{R}^{m}");
        Mat xm = p.get(X);
        assertEquals(3, xm.rows());
        assertEquals(2, xm.cols());
        Mat residual = xm.times(p.get(w)).plus(p.get(y).scale(-1));
        Mat expected = xm.transpose().times(residual);
        MatrixEvaluator.Gradient g = MatrixEvaluator.gradientWithError(parse("\\frac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|^2"), w, p);
        assertMat(expected, g.value(), 1e-8);
        assertTrue(g.error().maxAbs() < 1e-6, g.error().toString());
    }

    @Test
    void gradientWithRespectToAMatrix() throws Exception {
        Map<Sym, Mat> p = point(11, "W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}",
                "\\mathbf{b} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{m}");
        Mat r = p.get(W).times(p.get(x)).plus(p.get(b)).plus(p.get(y).scale(-1));
        Mat expected = r.times(p.get(x).transpose()).scale(2);
        Mat g = MatrixEvaluator.gradient(parse("\\|W\\mathbf{x} + \\mathbf{b} - \\mathbf{y}\\|^2"), W, p);
        assertEquals(3, g.rows());
        assertEquals(2, g.cols());
        assertMat(expected, g, 1e-8);
        // its transpose-shaped or unscaled lookalikes fail
        assertFalse(MatrixEvaluator.close(expected.scale(0.5), g, 1e-6));
    }

    @Test
    void gradientOfAnActivationLayerMatchesTheChainRule() throws Exception {
        Map<Sym, Mat> p = point(3, "W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}", "\\mathbf{b} \\in \\mathbb{R}^{m}");
        // f = 1ᵀσ(Wx + b) written as a sum of entries: ∂f/∂b = σ'(Wx + b) = σ(1 − σ)
        Mat s = p.get(W).times(p.get(x)).plus(p.get(b)).map(v -> 1 / (1 + Math.exp(-v)));
        Expr f = parse("\\|\\sigma(W\\mathbf{x} + \\mathbf{b})\\|_1");
        assertMat(s.map(v -> v * (1 - v)), MatrixEvaluator.gradient(f, b, p), 1e-8);
        assertMat(s.map(v -> v * (1 - v)), eval("\\sigma'(W\\mathbf{x} + \\mathbf{b})", p), 1e-10);
    }

    @Test
    void aGradientNeedsAScalarFunctionAndABoundVariable() throws Exception {
        Map<Sym, Mat> p = env(W, Mat.zeros(2, 2), x, Mat.column(1, 2));
        assertThrows(EvalException.class, () -> MatrixEvaluator.gradient(parse("W \\mathbf{x}"), x, p));
        assertThrows(EvalException.class, () -> MatrixEvaluator.gradient(parse("\\|W \\mathbf{x}\\|"), y, p));
    }

    @Test
    void closeIsRelativeForLargeEntriesAndAbsoluteNearZero() {
        assertTrue(MatrixEvaluator.close(Mat.column(1e6, 0), Mat.column(1e6 + 1, 1e-7), 1e-6));
        assertFalse(MatrixEvaluator.close(Mat.column(1, 0), Mat.column(1, 1e-5), 1e-6));
        assertFalse(MatrixEvaluator.close(Mat.scalar(Double.NaN), Mat.scalar(Double.NaN), 1e-6));
        assertThrows(IllegalArgumentException.class, () -> MatrixEvaluator.close(Mat.column(1, 2), Mat.column(1, 2).transpose(), 1));
    }
}
