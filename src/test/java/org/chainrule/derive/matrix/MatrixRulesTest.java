package org.chainrule.derive.matrix;

import static org.chainrule.derive.matrix.MatrixTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.expr.Shapes;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.numeric.MatrixSampler;
import org.junit.jupiter.api.Test;

/**
 * Wrong answers are caught by {@link MatrixVerifier} (a wrong coefficient, a missing transpose, a sign
 * slip, a transposed outer product, a wrong local step), and {@link MatrixAlgebra} never reorders
 * non-scalar factors: random products of declared matrices and vectors simplify (and multiply out, and
 * transpose) to something of the same shape and the same value.
 */
class MatrixRulesTest {

    static final String X_NM = "X \\in \\mathbb{R}^{n \\times m}";

    static Sym sym(String latex) {
        return (Sym) parse(latex);
    }

    static MatrixVerifier verifier(Problem p) {
        return new MatrixVerifier(p.declared(), Map.of(), p.conditions(), 17);
    }

    static void assertRejected(Problem p, String wrong) {
        Expr claimed = parse(wrong);
        Verifier.Report r = verifier(p).checkAnswer(p.flat(), p.wrt(), claimed, claimed);
        assertFalse(r.verified(), wrong + " should be rejected as ∂/∂" + print(p.wrt()) + " of " + print(p.flat()) + ": " + r);
        assertFalse(r.failures().isEmpty(), "a wrong answer is a failure, not a lack of points: " + r);
        // and this test's own finite-difference check agrees that it is wrong
        assertThrows(AssertionError.class, () -> assertGradient(wrong, p.flat(), p.wrt(), claimed, p.declared(), p.conditions(), 5, 3));
    }

    static void assertAccepted(Problem p, String right) {
        Expr claimed = parse(right);
        Verifier.Report r = verifier(p).checkAnswer(p.flat(), p.wrt(), claimed, claimed);
        assertTrue(r.verified(), right + " should be accepted: " + r);
        assertTrue(r.points() > 0);
        assertGradient(right, p.flat(), p.wrt(), claimed, p.declared(), p.conditions(), 5, 3);
    }

    static Problem leastSquares() {
        return problem("\\frac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|^2", "\\mathbf{w}", X_NM,
                "\\mathbf{w} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{n}");
    }

    // ---------------------------------------------------------------- the verifier catches slips

    @Test
    void aWrongCoefficientIsCaught() {
        Problem p = leastSquares();
        assertAccepted(p, "X^T (X \\mathbf{w} - \\mathbf{y})");
        assertRejected(p, "2 X^T (X \\mathbf{w} - \\mathbf{y})");
        assertRejected(p, "\\frac{1}{2} X^T (X \\mathbf{w} - \\mathbf{y})");
    }

    @Test
    void aMissingTransposeIsCaught() {
        Problem p = problem("\\mathbf{x}^T (A \\mathbf{x} + \\mathbf{z})", "\\mathbf{x}", "A \\in \\mathbb{R}^{n \\times n}",
                "\\mathbf{x} \\in \\mathbb{R}^{n}", "\\mathbf{z} \\in \\mathbb{R}^{n}");
        assertAccepted(p, "(A + A^T) \\mathbf{x} + \\mathbf{z}");
        assertAccepted(p, "A \\mathbf{x} + A^T \\mathbf{x} + \\mathbf{z}");
        assertRejected(p, "A \\mathbf{x} + \\mathbf{z}");
        assertRejected(p, "A^T \\mathbf{x} + \\mathbf{z}");
        assertRejected(p, "2 A \\mathbf{x} + \\mathbf{z}");
    }

    @Test
    void aSignSlipIsCaught() {
        Problem p = leastSquares();
        assertRejected(p, "X^T (\\mathbf{y} - X \\mathbf{w})");
        Problem q = problem("\\frac{1}{2}(\\mathbf{w}^T \\mathbf{x} - y)^2", "\\mathbf{w}",
                "\\mathbf{w} \\in \\mathbb{R}^{n}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
        assertAccepted(q, "(\\mathbf{w}^T \\mathbf{x} - y) \\mathbf{x}");
        assertRejected(q, "(y - \\mathbf{w}^T \\mathbf{x}) \\mathbf{x}");
        Problem s = problem("\\log(1 + \\exp(-y \\mathbf{w}^T \\mathbf{x}))", "\\mathbf{w}",
                "\\mathbf{w} \\in \\mathbb{R}^{n}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
        assertAccepted(s, "-y \\sigma(-y \\mathbf{w}^T \\mathbf{x}) \\mathbf{x}");
        assertRejected(s, "y \\sigma(-y \\mathbf{w}^T \\mathbf{x}) \\mathbf{x}");
    }

    @Test
    void aTransposedOuterProductIsCaught() {
        Problem p = problem("\\|W \\mathbf{x} + \\mathbf{b} - \\mathbf{y}\\|^2", "W", "W \\in \\mathbb{R}^{m \\times n}",
                "\\mathbf{x} \\in \\mathbb{R}^{n}", "\\mathbf{b} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{m}");
        assertAccepted(p, "2 (W \\mathbf{x} + \\mathbf{b} - \\mathbf{y}) \\mathbf{x}^T");
        assertRejected(p, "2 \\mathbf{x} (W \\mathbf{x} + \\mathbf{b} - \\mathbf{y})^T");
    }

    /** A wrong local contribution (∂u/∂w)G or a wrong gradient value is caught where it happens. */
    @Test
    void aWrongLocalStepIsCaught() {
        Problem p = leastSquares();
        Derivation d = p.derive();
        MatrixCalculus mc = ((Derivation.Matrix) d).calculus();
        Sym u = mc.introduced().keySet().iterator().next(), f = mc.target(), w = p.wrt();
        Map<Sym, Expr> defs = new LinkedHashMap<>();
        defs.put(u, mc.introduced().get(u));
        defs.put(f, Expr.mul(Expr.num(Rational.of(1, 2)), Expr.pow(new Norm(u, Expr.num(2)), 2)));
        MatrixVerifier v = new MatrixVerifier(mc.shapes(), defs, List.of(), 23);
        MatrixAlgebra algebra = new MatrixAlgebra(mc.shapes());

        MatrixCalculus.Gradient byW = mc.gradients().get(1);
        assertEquals(w, byW.node());
        assertTrue(v.checkGradient(f, w, byW.terms(), byW.value()).verified(), "the engine's own step is re-checked and holds");

        MatrixCalculus.Term t = byW.terms().get(0);
        MatrixCalculus.Term negated = new MatrixCalculus.Term(t.parent(), t.definition(), t.adjoint(), Optional.empty(),
                algebra.product(List.of(Expr.num(-1), t.result())), t.rules());
        // The value is still right: only the local step fails.
        Verifier.Report r = v.checkGradient(f, w, List.of(negated), byW.value());
        assertFalse(r.verified());
        assertEquals(2, r.checks(), "the local step and the gradient are checked");
        assertEquals(1, r.failures().size(), r.failures().toString());

        // The local step is right, the gradient's value is not: another step fails.
        Expr doubled = algebra.product(List.of(Expr.num(2), byW.value()));
        Verifier.Report r2 = v.checkGradient(f, w, byW.terms(), doubled);
        assertFalse(r2.verified());
        assertEquals(1, r2.failures().size(), r2.failures().toString());
        assertNotEquals(r.failures().get(0).path(), r2.failures().get(0).path(), "each failure names where it happened");
    }

    // ---------------------------------------------------------------- the simplifier keeps matrix order

    static final Sym N = Sym.of("n"), M = Sym.of("m");
    static final Expr ONE = Expr.num(1);
    static final Sym A = Sym.of("A"), B = Sym.of("B"), C = Sym.of("C"), c = Sym.of("c"), d = Sym.of("d");
    static final Sym x = sym("\\mathbf{x}"), a = sym("\\mathbf{a}"), v = sym("\\mathbf{v}"), y = sym("\\mathbf{y}");
    static final Map<Sym, Shape> SHAPES = Map.of(A, new Shape(N, N), B, new Shape(M, N), C, new Shape(M, M),
            x, new Shape(N, ONE), a, new Shape(N, ONE), v, new Shape(M, ONE), y, new Shape(M, ONE));

    /**
     * Random products of the declared symbols whose shapes chain (inner and outer products included),
     * with transposes of products, sums, Hadamard products, numbers and scalar factors (c, ‖x‖², σ(aᵀx))
     * anywhere in a product.
     */
    static final class ProductGen {
        final Random r;

        ProductGen(long seed) {
            r = new Random(seed);
        }

        Expr gen(Expr rows, Expr cols, int depth) {
            int k = depth <= 0 ? 0 : r.nextInt(10);
            return switch (k) {
                case 0, 1 -> leaf(rows, cols);
                case 2, 3, 4 -> {
                    Expr inner = List.of(N, M, ONE, N).get(r.nextInt(4));
                    yield Expr.mul(gen(rows, inner, depth - 1), gen(inner, cols, depth - 1));
                }
                case 5 -> new Transpose(gen(cols, rows, depth - 1));
                // (a coefficient other than ±1, so that a sum does not cancel to 0 inside ⊙, which transpose leaves as 0 ⊙ M)
                case 6 -> Expr.add(gen(rows, cols, depth - 1), Expr.mul(Expr.num(List.of(-2, 2, 3).get(r.nextInt(3))), gen(rows, cols, depth - 1)));
                case 7 -> {
                    // a scalar factor inside a product: (rows × j)(scalar)(j × cols)
                    Expr inner = List.of(N, M).get(r.nextInt(2));
                    yield Expr.mul(gen(rows, inner, depth - 1), scalarFactor(), gen(inner, cols, depth - 1));
                }
                case 8 -> new Hadamard(gen(rows, cols, depth - 1), gen(rows, cols, depth - 1));
                default -> Expr.mul(Expr.num(Rational.of(List.of(-3, -1, 1, 2, 5).get(r.nextInt(5)), 1 + r.nextInt(3))), gen(rows, cols, depth - 1));
            };
        }

        /**
         * A scalar that is one factor. A product of vectors (aᵀx, or (aᵀx)ᵀ) is not used here: a Mul is
         * flattened into the surrounding product, where B (aᵀx) x becomes the ill-shaped B aᵀ x x
         * (reported as an engine bug).
         */
        Expr scalarFactor() {
            return switch (r.nextInt(5)) {
                case 0 -> c;
                case 1 -> d;
                case 2 -> Expr.pow(new Norm(x, Expr.num(2)), 2);
                case 3 -> new Apply(new Builtin(BuiltinFn.SIGMOID), List.of(Expr.mul(new Transpose(a), x)));
                default -> Expr.add(c, Expr.num(1));
            };
        }

        Expr leaf(Expr rows, Expr cols) {
            List<Expr> options = new ArrayList<>();
            for (Map.Entry<Sym, Shape> s : SHAPES.entrySet()) {
                if (s.getValue().equals(new Shape(rows, cols))) options.add(s.getKey());
                if (s.getValue().equals(new Shape(cols, rows))) options.add(new Transpose(s.getKey()));
            }
            if (rows.equals(ONE) && cols.equals(ONE)) return List.of(c, d, Expr.mul(new Transpose(a), x)).get(r.nextInt(3));
            if (options.isEmpty()) throw new AssertionError("no symbol of shape " + rows + " × " + cols);
            return options.get(r.nextInt(options.size()));
        }
    }

    static final List<Expr[]> SHAPE_CHOICES = List.of(new Expr[] {N, ONE}, new Expr[] {M, ONE}, new Expr[] {N, N},
            new Expr[] {M, N}, new Expr[] {N, M}, new Expr[] {ONE, N}, new Expr[] {ONE, ONE}, new Expr[] {M, M});

    static void assertSameValue(String what, Expr original, Expr rewritten, MatrixSampler sampler) {
        // A zero matrix is written as the number 0 (which adds and multiplies away): it must be zero.
        boolean zero = Exprs.isNum(rewritten, 0);
        if (!zero) assertEquals(Shapes.of(original, SHAPES), Shapes.of(rewritten, SHAPES),
                what + " changed the shape: " + print(original) + " → " + print(rewritten));
        for (int k = 0; k < 2; k++) {
            Map<Sym, Mat> env = sampler.point(k);
            Mat before = MatrixEvaluator.eval(original, env);
            if (zero) {
                assertTrue(before.maxAbs() <= 1e-9, what + " gave 0 for " + print(original) + " = " + before);
                continue;
            }
            Mat after = MatrixEvaluator.eval(rewritten, env);
            assertTrue(before.sameShape(after) && MatrixEvaluator.close(before, after, 1e-9),
                    what + " changed the value: " + print(original) + " = " + before + "\n  → " + print(rewritten) + " = " + after);
        }
    }

    @Test
    void simplifyingRandomProductsKeepsTheirValue() {
        MatrixAlgebra algebra = new MatrixAlgebra(SHAPES);
        ProductGen gen = new ProductGen(99);
        int changed = 0;
        for (int i = 0; i < 400; i++) {
            Expr[] shape = SHAPE_CHOICES.get(i % SHAPE_CHOICES.size());
            Expr e = gen.gen(shape[0], shape[1], 2 + i % 3);
            MatrixSampler sampler = new MatrixSampler(SHAPES, List.of(e), List.of(), i);
            Expr s = algebra.simplify(e);
            if (!s.equals(e)) changed++;
            assertSameValue("simplify", e, s, sampler);
            assertSameValue("distribute", e, algebra.distribute(e), sampler);
            Expr t;
            try {
                t = algebra.simplify(algebra.transpose(e)); // a cancelled sum inside ⊙ is left as 0 ⊙ M until simplified
            } catch (RuntimeException ex) {
                throw new AssertionError("transposing " + print(e) + ": " + ex.getMessage(), ex);
            }
            if (Exprs.isNum(t, 0)) continue;
            assertEquals(Shapes.of(e, SHAPES).transposed(), Shapes.of(t, SHAPES), print(e) + " transposed is " + print(t));
            Map<Sym, Mat> env = sampler.point(3);
            assertTrue(MatrixEvaluator.close(MatrixEvaluator.eval(e, env).transpose(), MatrixEvaluator.eval(t, env), 1e-9),
                    print(e) + " transposed is not " + print(t));
        }
        assertTrue(changed > 200, "the random products should mostly need simplifying: " + changed);
    }

    @Test
    void matrixFactorsKeepTheirOrderAndScalarsMoveToTheFront() {
        MatrixAlgebra algebra = new MatrixAlgebra(SHAPES);
        // B A x stays B A x; scalars (c, numbers, ‖x‖²) move to the front.
        assertEquals("B A \\mathbf{x}", print(algebra.simplify(parse("B A \\mathbf{x}"))));
        assertEquals("6 c B A \\mathbf{x}", print(algebra.simplify(parse("2 B c A 3 \\mathbf{x}"))));
        // (B A)ᵀ = Aᵀ Bᵀ, (A + Bᵀ B)ᵀ = Aᵀ + Bᵀ B, (xᵀ)ᵀ = x, a scalar is its own transpose.
        assertEquals("A^{\\top} B^{\\top} \\mathbf{v}", print(algebra.simplify(parse("(\\mathbf{v}^T B A)^T"))));
        assertEquals("A^{\\top} + B^{\\top} B", print(algebra.simplify(parse("(A + B^T B)^T"))));
        assertEquals("\\mathbf{x}", print(algebra.simplify(parse("((\\mathbf{x})^T)^T"))));
        assertEquals("\\mathbf{a}^{\\top} \\mathbf{x}", print(algebra.simplify(parse("(\\mathbf{a}^T \\mathbf{x})^T"))));
        // like terms collect; terms sharing their last factor group without reordering.
        assertEquals("(A + A^{\\top}) \\mathbf{x}", print(algebra.simplify(parse("A \\mathbf{x} + A^T \\mathbf{x}"))));
        assertEquals("2 B \\mathbf{x}", print(algebra.simplify(parse("B \\mathbf{x} + B \\mathbf{x}"))));
        assertEquals("0", print(algebra.simplify(parse("B \\mathbf{x} - B \\mathbf{x}"))));
        assertEquals("(A B^{\\top} + B^{\\top} C) \\mathbf{v}", print(algebra.simplify(parse("A B^T \\mathbf{v} + B^T C \\mathbf{v}"))));
        // multiplying out keeps the order of factors
        assertEquals("\\mathbf{x}^{\\top} A \\mathbf{x} + \\mathbf{x}^{\\top} \\mathbf{a}",
                print(algebra.distribute(parse("\\mathbf{x}^T (A \\mathbf{x} + \\mathbf{a})"))));
    }
}
