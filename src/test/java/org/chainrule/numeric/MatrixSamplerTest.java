package org.chainrule.numeric;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Shapes;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** Concrete sizes for symbolic dimensions, random points of the declared shapes, assumptions. */
class MatrixSamplerTest {

    static final Sym m = Sym.of("m"), n = Sym.of("n"), W = Sym.of("W"), beta = Sym.of("\\beta");
    static final Sym x = Sym.of("x").withStyles(List.of("bold")), y = Sym.of("y").withStyles(List.of("bold"));

    static List<Expr> statements(String... latex) throws Exception {
        List<Expr> out = new ArrayList<>();
        for (String s : latex) out.addAll(FormulaParser.parse(s).statements());
        return out;
    }

    static MatrixSampler sampler(List<String> declarations, List<String> exprs, List<String> assumptions, long seed) throws Exception {
        return new MatrixSampler(Shapes.declarations(statements(declarations.toArray(String[]::new))),
                statements(exprs.toArray(String[]::new)), statements(assumptions.toArray(String[]::new)), seed);
    }

    @Test
    void sizesFollowLatexOrderAndDoNotDependOnTheOrderOfDeclarations() throws Exception {
        MatrixSampler a = sampler(List.of("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}"), List.of(), List.of(), 1);
        MatrixSampler b = sampler(List.of("\\mathbf{x} \\in \\mathbb{R}^{n}", "W \\in \\mathbb{R}^{m \\times n}"), List.of(), List.of(), 99);
        assertEquals(Map.of(m, 3, n, 2), a.sizes());
        assertEquals(a.sizes(), b.sizes());
        assertArrayEquals(new int[] {3, 2}, a.dims(W));
        assertArrayEquals(new int[] {2, 1}, a.dims(x));
        assertArrayEquals(new int[] {1, 1}, a.dims(beta), "undeclared symbols are scalars");
    }

    @Test
    void distinctSymbolsGetDistinctSizesAndNumbersAreKept() throws Exception {
        MatrixSampler s = sampler(List.of("A \\in \\mathbb{R}^{n \\times k}", "B \\in \\mathbb{R}^{d \\times m}", "C \\in \\mathbb{R}^{5 \\times d_1}",
                "\\mathbf{v} \\in \\mathbb{R}^{n + 1}"), List.of(), List.of(), 1);
        // LaTeX order: d, d_{1}, k, m, n
        Map<Sym, Integer> sizes = s.sizes();
        assertEquals(Map.of(Sym.of("d"), 3, Sym.of("d", Expr.num(1)), 2, Sym.of("k"), 4, m, 5, n, 6), sizes);
        assertEquals(sizes.size(), new HashSet<>(sizes.values()).size());
        assertArrayEquals(new int[] {5, 2}, s.dims(Sym.of("C")));
        assertArrayEquals(new int[] {7, 1}, s.dims(Sym.of("v").withStyles(List.of("bold"))), "n + 1 with n = 6");
        EvalException big = assertThrows(EvalException.class,
                () -> sampler(List.of("A \\in \\mathbb{R}^{65 \\times n}"), List.of(), List.of(), 1));
        assertTrue(big.getMessage().contains("64"), big.getMessage());
        assertDoesNotThrow(() -> sampler(List.of("A \\in \\mathbb{R}^{64 \\times 1}"), List.of(), List.of(), 1));
    }

    @Test
    void pointsHaveTheDeclaredShapesAndAreReproducible() throws Exception {
        MatrixSampler s = sampler(List.of("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}"),
                List.of("\\lambda \\|W \\mathbf{x}\\|^2 + \\sum_{i=1}^{n} c_i"), List.of(), 42);
        Map<Sym, Mat> p = s.point(0);
        assertEquals(3, p.get(W).rows());
        assertEquals(2, p.get(W).cols());
        assertEquals(2, p.get(x).rows());
        assertEquals(1, p.get(x).cols());
        assertEquals(Mat.scalar(2), p.get(n), "a dimension symbol is bound to its size");
        assertEquals(Mat.scalar(3), p.get(m));
        assertTrue(p.get(Sym.of("\\lambda")).isScalar());
        assertFalse(p.containsKey(Sym.of("c", Sym.of("i"))), "c_i is resolved through i, not given a value");
        for (Mat v : List.of(p.get(W), p.get(x), p.get(Sym.of("\\lambda"))))
            for (double d : v.data()) assertTrue(Math.abs(d) <= 2 && Math.abs(d) >= 0.05, v.toString());
        assertEquals(p, s.point(0), "the same k gives the same point");
        assertEquals(p, sampler(List.of("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}"),
                List.of("\\lambda \\|W \\mathbf{x}\\|^2 + \\sum_{i=1}^{n} c_i"), List.of(), 42).point(0), "whatever was drawn before");
        assertNotEquals(p.get(W), s.point(1).get(W));
        assertNotEquals(p.get(W), sampler(List.of("W \\in \\mathbb{R}^{m \\times n}"), List.of(), List.of(), 43).point(0).get(W));
    }

    @Test
    void scalarAssumptionsAreMetAndOthersConstrainNothing() throws Exception {
        MatrixSampler s = sampler(List.of("A \\in \\mathbb{R}^{n \\times n}"), List.of("\\beta \\|A\\|_F + \\gamma"),
                List.of("\\beta > 1", "0 < \\gamma < 0.5", "A = A^\\top", "A \\in \\mathbb{R}^{n \\times n}"), 5);
        for (int k = 0; k < 30; k++) {
            Map<Sym, Mat> p = s.point(k);
            assertNotNull(p);
            assertTrue(p.get(beta).value() > 1, p.toString());
            double g = p.get(Sym.of("\\gamma")).value();
            assertTrue(g > 0 && g < 0.5, p.toString());
        }
        MatrixSampler impossible = sampler(List.of(), List.of("\\beta"), List.of("\\beta > 0", "\\beta < -1"), 5);
        assertNull(impossible.point(0));
    }

    @Test
    void aSumOverADeclaredVectorIsMetByConstruction() throws Exception {
        String loss = "-\\sum_{i=1}^{n} y_i \\log \\operatorname{softmax}(\\mathbf{a})_i";
        MatrixSampler s = sampler(List.of("\\mathbf{y} \\in \\mathbb{R}^{n}", "\\mathbf{a} \\in \\mathbb{R}^{n}"),
                List.of(loss), List.of("\\sum_{i=1}^{n} y_i = 1"), 3);
        Sym a = Sym.of("a").withStyles(List.of("bold"));
        for (int k = 0; k < 5; k++) {
            Map<Sym, Mat> p = s.point(k);
            Mat yv = p.get(y);
            double sum = 0;
            for (double v : yv.data()) {
                assertTrue(v > 0);
                sum += v;
            }
            assertEquals(1, sum, 1e-12);
            // which is what makes the cross-entropy gradient softmax(a) − y
            Mat e = p.get(a).map(Math::exp);
            double z = 0;
            for (double v : e.data()) z += v;
            Mat softmax = e.scale(1 / z);
            Mat g = MatrixEvaluator.gradient(FormulaParser.parseExpr(loss), a, p);
            assertTrue(MatrixEvaluator.close(softmax.plus(yv.scale(-1)), g, 1e-8), g + " vs " + softmax.plus(yv.scale(-1)));
        }
    }

    @Test
    void componentIndicesStayInRange() throws Exception {
        MatrixSampler s = sampler(List.of("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}"),
                List.of("\\sigma((W \\mathbf{x})_i) + (\\mathbf{x})_j"), List.of(), 8);
        boolean sawTop = false;
        for (int k = 0; k < 40; k++) {
            Map<Sym, Mat> p = s.point(k);
            double i = p.get(Sym.of("i")).value(), j = p.get(Sym.of("j")).value();
            assertTrue(i >= 1 && i <= 3 && i == Math.rint(i), "i = " + i);
            assertTrue(j >= 1 && j <= 2 && j == Math.rint(j), "j = " + j);
            sawTop |= i == 3;
            assertDoesNotThrow(() -> MatrixEvaluator.eval(FormulaParser.parseExpr("\\sigma((W \\mathbf{x})_i) + (\\mathbf{x})_j"), p));
        }
        assertTrue(sawTop, "every index value is drawn");
    }
}
