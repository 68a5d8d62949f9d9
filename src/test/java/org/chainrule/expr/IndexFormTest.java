package org.chainrule.expr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.expr.Shapes.ShapeException;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

class IndexFormTest {
    static final Sym n = Sym.of("n"), m = Sym.of("m"), i = Sym.of("i"), j = Sym.of("j");

    static Map<Sym, Shape> decl(String... givens) throws Exception {
        List<Expr> g = new ArrayList<>();
        for (String s : givens) g.addAll(FormulaParser.parse(s).statements());
        return Shapes.declarations(g);
    }

    static Expr parse(String s) throws Exception {
        return FormulaParser.parseExpr(s);
    }

    static String index(String formula, Map<Sym, Shape> d) throws Exception {
        return LatexPrinter.print(IndexForm.scalar(parse(formula), d));
    }

    static Sym bold(String name) {
        return Sym.of(name).withStyles(List.of("bold"));
    }

    // Seed 003's declarations (x, z, y ∈ ℝ^n; X is n × m, w ∈ ℝ^m) and a layer W (m × n) with b, y ∈ ℝ^m.
    static Map<Sym, Shape> seed() throws Exception {
        return decl("\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}", "A \\in \\mathbb{R}^{n \\times n}", "\\mathbf{z} \\in \\mathbb{R}^{n \\times 1}",
                "X \\in \\mathbb{R}^{n \\times m}", "\\mathbf{w} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{n}");
    }

    static Map<Sym, Shape> layer() throws Exception {
        return decl("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}", "\\mathbf{b} \\in \\mathbb{R}^{m}",
                "\\mathbf{y} \\in \\mathbb{R}^{m}", "\\mathbf{v} \\in \\mathbb{R}^{m}");
    }

    // ---------------------------------------------------------------- printed forms

    @Test
    void seedExamplesReadAsATaWritesThem() throws Exception {
        assertEquals("\\sum_{k=1}^{n} x_{k} \\left(\\sum_{l=1}^{n} a_{kl} x_{l} + z_{k}\\right)",
                index("\\mathbf{x}^T (A \\mathbf{x} + \\mathbf{z})", seed()));
        Map<Sym, Shape> wx = decl("\\mathbf{w} \\in \\mathbb{R}^{n}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
        assertEquals("\\frac{1}{2} \\left(\\sum_{k=1}^{n} w_{k} x_{k} - y\\right)^{2}",
                index("\\frac{1}{2} (\\mathbf{w}^T \\mathbf{x} - y)^2", wx));
        assertEquals("\\frac{1}{2} \\sum_{k=1}^{n} \\left(\\sum_{l=1}^{m} x_{kl} w_{l} - y_{k}\\right)^{2}",
                index("\\frac{1}{2} \\|X \\mathbf{w} - \\mathbf{y}\\|^2", seed()));
        assertEquals("\\sum_{k=1}^{m} \\left(\\sum_{l=1}^{n} w_{kl} x_{l} + b_{k} - y_{k}\\right)^{2}",
                index("\\|W \\mathbf{x} + \\mathbf{b} - \\mathbf{y}\\|^2", layer()));
    }

    @Test
    void elementwiseFunctionsHadamardAndTransposesWorkPerComponent() throws Exception {
        assertEquals("\\sum_{k=1}^{m} \\sigma\\left(\\sum_{l=1}^{n} w_{kl} x_{l}\\right) v_{k}",
                index("\\sigma(W \\mathbf{x})^T \\mathbf{v}", layer()));
        assertEquals("\\sum_{k=1}^{m} v_{k} \\sigma\\left(\\sum_{l=1}^{n} w_{kl} x_{l} + b_{k}\\right)",
                index("\\mathbf{v}^T \\sigma(W \\mathbf{x} + \\mathbf{b})", layer()));
        assertEquals("\\sum_{k=1}^{m} v_{k} y_{k} e^{b_{k}}",
                index("\\mathbf{v}^T (\\mathbf{y} \\odot \\exp(\\mathbf{b}))", layer()));
        // (Wᵀv)_k = Σ_l w_{lk} v_l: the transpose swaps the indices.
        assertEquals("\\sum_{k=1}^{n} x_{k} \\sum_{l=1}^{m} w_{lk} v_{l}",
                index("\\mathbf{x}^T W^T \\mathbf{v}", layer()));
    }

    @Test
    void normsScalarsAndOneByOneRuns() throws Exception {
        assertEquals("\\sum_{k=1}^{m} \\sum_{l=1}^{n} w_{kl}^{2}", index("\\|W\\|_F^2", layer()));
        assertEquals("\\sqrt{\\sum_{k=1}^{n} x_{k}^{2}}", index("\\|\\mathbf{x}\\|", layer()));
        assertEquals("\\sum_{k=1}^{n} |x_{k}|", index("\\|\\mathbf{x}\\|_1", layer()));
        // Scalar parts stay as written; a scalar multiple distributes over nothing.
        assertEquals("\\lambda \\log(t) \\sum_{k=1}^{m} b_{k}^{2}", index("\\lambda \\log(t) \\|\\mathbf{b}\\|^2", layer()));
        assertEquals("\\max\\left(0, 1 - t \\sum_{k=1}^{m} v_{k} b_{k}\\right)", index("\\max(0, 1 - t \\mathbf{v}^T \\mathbf{b})", layer()));
        // yᵀb is 1 × 1 inside a longer product: a scalar factor of its own, as Shapes reads it.
        assertEquals("\\left(\\sum_{k=1}^{m} y_{k} b_{k}\\right) \\sum_{k=1}^{m} v_{k} \\sum_{l=1}^{n} w_{kl} x_{l}",
                index("\\mathbf{y}^T \\mathbf{b} \\mathbf{v}^T W \\mathbf{x}", layer()));
        assertEquals("\\sum_{k=1}^{n} w_{2k} x_{k}", index("(W \\mathbf{x})_2", layer()));
    }

    @Test
    void summationLettersAreFreshAndNeverIOrJ() throws Exception {
        // k and l are taken (a scalar k, a sum over l), p is a dimension, x's components are x_…
        Map<Sym, Shape> d = decl("\\mathbf{x} \\in \\mathbb{R}^{p}", "A \\in \\mathbb{R}^{p \\times p}");
        assertEquals("k \\sum_{q=1}^{p} x_{q} \\sum_{r=1}^{p} a_{qr} x_{r} + \\sum_{l=1}^{3} l",
                index("k \\mathbf{x}^T A \\mathbf{x} + \\sum_{l=1}^{3} l", d));
        // Three nested sums take k, l, p in turn; i and j never appear.
        Expr form = IndexForm.scalar(parse("\\mathbf{x}^T A^T A \\mathbf{x}"), seed());
        assertEquals("\\sum_{k=1}^{n} x_{k} \\sum_{l=1}^{n} a_{lk} \\sum_{p=1}^{n} a_{lp} x_{p}", LatexPrinter.print(form));
        // Even when the preferred letters are all taken, i and j stay free for the variable w_{ij}.
        Map<Sym, Shape> taken = decl("\\mathbf{x} \\in \\mathbb{R}^{n}", "A \\in \\mathbb{R}^{n \\times n}");
        Expr busy = IndexForm.scalar(parse("k l p q r s t \\mathbf{x}^T A^T A \\mathbf{x}"), taken);
        assertFalse(Exprs.symbols(busy).contains(i) || Exprs.symbols(busy).contains(j), LatexPrinter.print(busy));
        assertTrue(LatexPrinter.print(busy).contains("\\sum_{u=1}^{n}"), LatexPrinter.print(busy));
    }

    // ---------------------------------------------------------------- naming and collisions

    @Test
    void componentSymbolsFollowTheNamingConvention() {
        Shape col = new Shape(n, Expr.num(1)), row = new Shape(Expr.num(1), n), mat = new Shape(m, n);
        assertEquals(Sym.of("x", i), IndexForm.componentSymbol(bold("x"), col, List.of(i)));
        assertEquals(Sym.of("x", i), IndexForm.componentSymbol(bold("x"), col, List.of(i, Expr.num(1))));
        assertEquals(Sym.of("w", i, j), IndexForm.componentSymbol(Sym.of("W"), mat, List.of(i, j)));
        assertEquals(Sym.of("w", i, j), IndexForm.componentSymbol(bold("W"), mat, List.of(i, j)));
        assertEquals(Sym.of("a", j), IndexForm.componentSymbol(bold("a"), row, List.of(j)));
        assertEquals(Sym.of("a", j), IndexForm.componentSymbol(bold("a"), row, List.of(Expr.num(1), j)));
        assertEquals(Sym.of("t"), IndexForm.componentSymbol(Sym.of("t"), Shape.SCALAR, List.of()));
        Sym layer2 = Sym.of("W").withSup(new SupIndex(SupKind.BRACKET, List.of(Expr.num(2))));
        assertEquals(Sym.of("w", i, j).withSup(layer2.sup()), IndexForm.componentSymbol(layer2, mat, List.of(i, j)));
        assertEquals("w_{ij}", LatexPrinter.print(IndexForm.componentSymbol(Sym.of("W"), mat, List.of(i, j))));
        assertThrows(IllegalArgumentException.class, () -> IndexForm.componentSymbol(Sym.of("W"), mat, List.of(i)));
        assertThrows(IllegalArgumentException.class, () -> IndexForm.componentSymbol(bold("x"), col, List.of(i, j)));
    }

    @Test
    void componentsThatWouldBeWrittenAlikeAreRejected() throws Exception {
        Map<Sym, Shape> twoW = decl("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{w} \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
        ShapeException e = assertThrows(ShapeException.class, () -> index("\\mathbf{x}^T W^T \\mathbf{w} \\mathbf{x}", twoW));
        assertTrue(e.getMessage().contains("same components"), e.getMessage());
        ShapeException scalar = assertThrows(ShapeException.class, () -> index("x_1 \\mathbf{x}^T \\mathbf{x}", twoW));
        assertTrue(scalar.getMessage().startsWith("x_{1} is used as a scalar"), scalar.getMessage());
        // A matrix W and a vector w have w_{kl} and w_k: different symbols, as a TA writes them.
        Map<Sym, Shape> net = decl("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{w} \\in \\mathbb{R}^{m}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
        assertEquals("\\sum_{k=1}^{m} w_{k} \\sigma\\left(\\sum_{l=1}^{n} w_{kl} x_{l}\\right)", index("\\mathbf{w}^T \\sigma(W \\mathbf{x})", net));
        Map<Sym, double[][]> values = new LinkedHashMap<>();
        values.put(Sym.of("W"), new double[][] {{1, 2}, {3, 4}});
        values.put(bold("w"), new double[][] {{1, 2}, {3, 4}});
        Map<Sym, Shape> square = decl("W \\in \\mathbb{R}^{2 \\times 2}", "\\mathbf{w} \\in \\mathbb{R}^{2 \\times 2}");
        assertThrows(ShapeException.class, () -> IndexForm.bindComponents(values, square));
    }

    @Test
    void constructsWithoutAnIndexFormAreWordedErrors() throws Exception {
        Map<Sym, Shape> d = layer();
        assertTrue(assertThrows(ShapeException.class, () -> index("\\operatorname{softmax}(W \\mathbf{x})_2", d)).getMessage().contains("softmax"));
        assertTrue(assertThrows(ShapeException.class, () -> index("f(\\mathbf{x})", d)).getMessage().contains("a function of a vector"));
        assertThrows(ShapeException.class, () -> index("\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\mathbf{b}", decl("\\mathbf{b} \\in \\mathbb{R}^{2}")));
        assertTrue(assertThrows(ShapeException.class, () -> index("\\|W\\|^2", d)).getMessage().contains("\\|A\\|_F"));
        assertTrue(assertThrows(ShapeException.class, () -> index("W \\mathbf{x}", d)).getMessage().contains("not a scalar"));
        assertThrows(ShapeException.class, () -> index("\\mathbf{x}^T W", d)); // a shape mismatch, from Shapes
    }

    // ---------------------------------------------------------------- numbers

    @Test
    void bindingsAreTheSymbolsTheEvaluatorResolvesIndexedNamesTo() throws Exception {
        Map<Sym, Shape> d = layer();
        Map<Sym, double[][]> values = new LinkedHashMap<>();
        values.put(Sym.of("W"), new double[][] {{1, 2, 3}, {4, 5, 6}});
        values.put(bold("x"), new double[][] {{7, 8, 9}}); // a vector may be given as one row
        values.put(bold("b"), new double[][] {{10}, {11}});
        Map<Sym, Double> bound = IndexForm.bindComponents(values, d);
        assertEquals(6.0, bound.get(Sym.of("w", Expr.num(2), Expr.num(3))));
        assertEquals(9.0, bound.get(Sym.of("x", Expr.num(3))));
        assertEquals(11.0, bound.get(Sym.of("b", Expr.num(2))));
        assertEquals(6 + 3 + 2, bound.size());
        Env env = Env.of(bound).with(Sym.of("k"), 2).with(Sym.of("l"), 1);
        assertEquals(4.0, Evaluator.eval(parse("w_{kl}"), env));
        assertEquals(6.0, Evaluator.eval(parse("w_{23}"), env));
        assertEquals(8.0, Evaluator.eval(parse("x_k"), env));
        assertThrows(IllegalArgumentException.class,
                () -> IndexForm.bindComponents(Map.of(bold("x"), new double[][] {{1, 2}}), decl("\\mathbf{x} \\in \\mathbb{R}^{3}")));
    }

    static final int M = 2, N = 3;

    @Test
    void indexFormsEqualTheMatrixExpressionsAtRandomValues() throws Exception {
        Map<Sym, Shape> d = decl("W \\in \\mathbb{R}^{m \\times n}", "A \\in \\mathbb{R}^{n \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}",
                "\\mathbf{z} \\in \\mathbb{R}^{n}", "\\mathbf{u} \\in \\mathbb{R}^{n}", "\\mathbf{b} \\in \\mathbb{R}^{m}",
                "\\mathbf{y} \\in \\mathbb{R}^{m}", "\\mathbf{v} \\in \\mathbb{R}^{m}");
        Random rnd = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            double[][] W = random(rnd, M, N), A = random(rnd, N, N), x = random(rnd, N, 1), z = random(rnd, N, 1), u = random(rnd, N, 1),
                    b = random(rnd, M, 1), y = random(rnd, M, 1), v = random(rnd, M, 1);
            double t = rnd.nextDouble() * 2 - 1;
            Map<Sym, double[][]> values = new LinkedHashMap<>();
            values.put(Sym.of("W"), W);
            values.put(Sym.of("A"), A);
            values.put(bold("x"), x);
            values.put(bold("z"), z);
            values.put(bold("u"), u);
            values.put(bold("b"), b);
            values.put(bold("y"), y);
            values.put(bold("v"), v);
            Env env = Env.of(IndexForm.bindComponents(values, d)).with(n, N).with(m, M).with(Sym.of("t"), t);

            Map<String, Double> expected = new LinkedHashMap<>();
            expected.put("\\mathbf{x}^T (A \\mathbf{x} + \\mathbf{z})", dot(x, add(mul(A, x), z)));
            expected.put("\\frac{1}{2} (\\mathbf{u}^T \\mathbf{x} - t)^2", 0.5 * Math.pow(dot(u, x) - t, 2));
            expected.put("\\frac{1}{2} \\|W^T \\mathbf{b} - \\mathbf{z}\\|^2", 0.5 * sq(sub(mul(transpose(W), b), z)));
            expected.put("\\|W \\mathbf{x} + \\mathbf{b} - \\mathbf{y}\\|^2", sq(sub(add(mul(W, x), b), y)));
            expected.put("\\sigma(W \\mathbf{x})^T \\mathbf{v}", dot(map(mul(W, x), IndexFormTest::sigmoid), v));
            expected.put("\\mathbf{x}^T A^T A \\mathbf{x} - 3 \\mathbf{v}^T W (\\mathbf{x} \\odot \\mathbf{z})", sq(mul(A, x)) - 3 * dot(v, mul(W, hadamard(x, z))));
            expected.put("\\|W\\|_F^2 + \\|\\mathbf{x}\\| + \\|\\mathbf{y}\\|_1", sq(W) + Math.sqrt(sq(x)) + sum(map(y, Math::abs)));
            expected.put("\\mathbf{b}^T \\mathbf{y} \\mathbf{z}^T A \\mathbf{u} + (W \\mathbf{x})_2 + \\mathbf{x}^T \\mathbf{u} \\mathbf{v}^T \\mathbf{y}",
                    dot(b, y) * dot(z, mul(A, u)) + mul(W, x)[1][0] + dot(x, u) * dot(v, y));
            // an outer product: Σ of the entries of b xᵀ ⊙ W = Σ_{kl} b_k x_l w_{kl}
            expected.put("\\mathbf{v}^T ((\\mathbf{b} \\mathbf{x}^T) \\odot W) \\mathbf{u}", dot(v, mul(hadamard(mul(b, transpose(x)), W), u)));
            for (Map.Entry<String, Double> c : expected.entrySet()) {
                Expr form = IndexForm.scalar(parse(c.getKey()), d);
                assertEquals(c.getValue(), Evaluator.eval(form, env), 1e-9, c.getKey() + " as " + LatexPrinter.print(form));
            }
        }
    }

    @Test
    void theEngineDifferentiatesTheIndexFormToTheTextbookGradient() throws Exception {
        Map<Sym, Shape> d = layer();
        Expr form = IndexForm.scalar(parse("\\|W \\mathbf{x} + \\mathbf{b} - \\mathbf{y}\\|^2"), d);
        Derivation der = new Engine().derive(new Engine.Problem(form, Sym.of("w", i, j), List.of()));
        Random rnd = new Random(11);
        double[][] W = random(rnd, M, N), x = random(rnd, N, 1), b = random(rnd, M, 1), y = random(rnd, M, 1);
        Map<Sym, double[][]> values = Map.of(Sym.of("W"), W, bold("x"), x, bold("b"), b, bold("y"), y);
        Env env = Env.of(IndexForm.bindComponents(values, d)).with(n, N).with(m, M);
        double[][] r = sub(add(mul(W, x), b), y);
        for (int ii = 1; ii <= M; ii++)
            for (int jj = 1; jj <= N; jj++) {
                double expected = 2 * r[ii - 1][0] * x[jj - 1][0];
                assertEquals(expected, Evaluator.eval(der.answerFlat(), env.with(i, ii).with(j, jj)), 1e-9,
                        "at i = " + ii + ", j = " + jj + ": " + LatexPrinter.print(der.answerFlat()));
            }
    }

    // ---------------------------------------------------------------- plain matrices

    static double[][] random(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a)
            for (int c = 0; c < cols; c++) row[c] = r.nextDouble() * 2 - 1;
        return a;
    }

    static double[][] mul(double[][] a, double[][] b) {
        assertEquals(a[0].length, b.length);
        double[][] out = new double[a.length][b[0].length];
        for (int r = 0; r < a.length; r++)
            for (int c = 0; c < b[0].length; c++)
                for (int k = 0; k < b.length; k++) out[r][c] += a[r][k] * b[k][c];
        return out;
    }

    static double[][] transpose(double[][] a) {
        double[][] out = new double[a[0].length][a.length];
        for (int r = 0; r < a.length; r++)
            for (int c = 0; c < a[0].length; c++) out[c][r] = a[r][c];
        return out;
    }

    static double[][] zip(double[][] a, double[][] b, DoubleBinaryOperator f) {
        double[][] out = new double[a.length][a[0].length];
        for (int r = 0; r < a.length; r++)
            for (int c = 0; c < a[0].length; c++) out[r][c] = f.applyAsDouble(a[r][c], b[r][c]);
        return out;
    }

    static double[][] add(double[][] a, double[][] b) { return zip(a, b, Double::sum); }
    static double[][] sub(double[][] a, double[][] b) { return zip(a, b, (p, q) -> p - q); }
    static double[][] hadamard(double[][] a, double[][] b) { return zip(a, b, (p, q) -> p * q); }

    static double[][] map(double[][] a, Function<Double, Double> f) {
        return zip(a, a, (p, q) -> f.apply(p));
    }

    static double sum(double[][] a) {
        double s = 0;
        for (double[] row : a) for (double v : row) s += v;
        return s;
    }

    static double dot(double[][] a, double[][] b) { return sum(hadamard(a, b)); }
    static double sq(double[][] a) { return dot(a, a); }
    static double sigmoid(double t) { return 1 / (1 + Math.exp(-t)); }
}
