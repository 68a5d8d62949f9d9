package org.chainrule.simplify;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.chainrule.derive.Differentiator;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/**
 * Common factors taken out of some of a sum's terms, and the order of a product's factors (issue 13).
 * Input ⇒ expected, one line each; every rewrite is also evaluated against its input at random points.
 */
class FactorTest {

    @Test
    void aFactorOfSomeTermsIsTakenOut() {
        assertCollects("\\hat{y} a_1 - y a_1 + \\lambda W", "a_{1} (\\hat{y} - y) + \\lambda W");
        assertCollects("p x_j - y x_j + \\lambda w_j", "(p - y) x_{j} + \\lambda w_{j}");
        assertCollects("c + u v - u z", "c + u (v - z)");
        // the smallest power shared: x²y + x³z = x²(y + xz)
        assertCollects("x^2 y + x^3 z + w", "x^{2} (y + x z) + w");
        // a parenthesised sum and a function value are factors like any other
        assertCollects("(a + b) u + (a + b) v + c", "(a + b) (u + v) + c");
        assertCollects("\\sigma(z) u - \\sigma(z) v + c", "\\sigma(z) (u - v) + c");
    }

    @Test
    void aMinusSharedByTheGroupGoesInFront() {
        assertCollects("c - y a - \\hat{y} a", "c - a (y + \\hat{y})");
    }

    @Test
    void nothingIsTakenOutWhenTheResultIsLarger() {
        // p(1 − y) has more nodes than p − py
        assertCollects("p - p y", "p - p y");
        assertCollects("x y + z w", "x y + z w");
    }

    @Test
    void aLoneSymbolGoesBeforeTheSumAComponentAfterIt() {
        assertOrders("(a_1 w - y) a_1 + \\lambda w", "a_{1} (a_{1} w - y) + \\lambda w");
        assertOrders("2 (p - y) u + c", "2 u (p - y) + c");
        assertOrders("x_j (p - y) + c", "(p - y) x_{j} + c");
        assertOrders("x_{ij} (p_i - y_i) + c", "(p_{i} - y_{i}) x_{ij} + c");
        // s_i is indexed by a letter its sum uses: it is not a component beside the sum
        assertOrders("s_i (\\delta_{ij} - s_j) + c", "s_{i} (\\delta_{ij} - s_{j}) + c");
        // two sums: the derivation's order, which keeps θ(1 − θ) together
        assertOrders("(\\theta - t) \\theta (1 - \\theta) h_1 + c", "(\\theta - t) \\theta (1 - \\theta) h_{1} + c");
        // function values keep their place; reciprocals stay last
        assertOrders("(1 - \\tanh(g)^2) u + c", "u (1 - \\tanh(g)^{2}) + c");
        assertOrders("\\frac{(p - y) u}{\\beta} + c", "\\frac{u (p - y)}{\\beta} + c");
    }

    @Test
    void aProductOnItsOwnKeepsTheDerivationsOrder() {
        // ∂L/∂u · ∂u/∂w, as seed 003 writes (wx − y)x
        assertOrders("(w x - y) x", "(w x - y) x");
    }

    /**
     * The regression of the scaling benchmark: an 80-leaf tree's derivative took 13–16 s, because
     * sizing each candidate collected its cofactor again for every path that led to it (643,935
     * groupings). The work is counted, not timed.
     */
    @Test
    void theDerivativeOfAnEightyLeafTreeIsCollectedInBoundedWork() {
        Expr tree = parse(tree(80, new Random(Draw.SEED + 80), new int[] {0}));
        Expr derivative = Simplifier.simplify(new Differentiator().diff(tree, Sym.of("w")).result());
        Factor.Collected c = Factor.collectCounted(derivative);
        assertTrue(c.groupings() <= 200, c.groupings() + " groupings sized");
        assertTrue(Exprs.size(c.result()) <= Exprs.size(derivative), "not larger");
        assertSameValues(derivative, c.result());
    }

    /**
     * The derivative of (w + x₁)⋯(w + x_k) by the product rule: k terms, each a product of k − 1 of the
     * binomials, every binomial a candidate factor. Up to 6 candidates the sum is searched (k = 4 was
     * 58 groupings before the search remembered its sums, 16 after); past that it is left as it is
     * (k = 7 was 13,372 groupings, k = 9 would be millions).
     */
    @Test
    void productsOfManyBinomialsAreSearchedWithinABound() {
        for (int k = 2; k <= 9; k++) {
            StringBuilder sum = new StringBuilder();
            for (int j = 1; j <= k; j++) {
                if (j > 1) sum.append(" + ");
                for (int i = 1; i <= k; i++) if (i != j) sum.append("(w + x_{").append(i).append("})");
            }
            Expr e = Simplifier.simplify(parse(sum.toString()));
            Factor.Collected c = Factor.collectCounted(e);
            assertTrue(c.groupings() <= 160, "k = " + k + ": " + c.groupings() + " groupings sized");
            if (k >= 3 && k <= Factor.MAX_CANDIDATES) assertTrue(Exprs.size(c.result()) < Exprs.size(e), "k = " + k + ": searched");
            if (k > Factor.MAX_CANDIDATES) assertEquals(e, c.result(), "k = " + k + ": too many candidates to search");
            assertSameValues(e, c.result());
        }
        assertEquals("(w + x_{2}) ((w + x_{3}) (2 w + x_{4} + x_{1}) + (w + x_{1}) (w + x_{4})) + (w + x_{1}) (w + x_{3}) (w + x_{4})",
                LatexPrinter.print(Factor.collect(Simplifier.simplify(parse(
                        "(w + x_{2})(w + x_{3})(w + x_{4}) + (w + x_{1})(w + x_{3})(w + x_{4}) + (w + x_{1})(w + x_{2})(w + x_{4}) + (w + x_{1})(w + x_{2})(w + x_{3})")))));
    }

    /** The scaling benchmark's "tree" family: a random tree of sums, products and σ over n leaves. */
    private static String tree(int n, Random r, int[] nextX) {
        if (n == 1) {
            double p = r.nextDouble();
            if (p < 0.35) return "w";
            if (p < 0.9) return "x_{" + (++nextX[0]) + "}";
            return Integer.toString(2 + r.nextInt(8));
        }
        int left = 1 + r.nextInt(n - 1);
        String a = tree(left, r, nextX);
        String b = tree(n - left, r, nextX);
        String e = r.nextDouble() < 0.55 ? a + " + " + b : "(" + a + ") (" + b + ")";
        if (r.nextDouble() < 0.2) e = "\\sigma(" + e + ")";
        return e;
    }

    private static void assertCollects(String in, String expected) {
        Expr e = Simplifier.simplify(parse(in));
        Expr out = Factor.order(Factor.collect(e));
        assertEquals(expected, LatexPrinter.print(out));
        assertTrue(Exprs.size(Factor.collect(e)) <= Exprs.size(e), "not larger");
        assertSameValues(e, out);
    }

    private static void assertOrders(String in, String expected) {
        Expr e = Simplifier.simplify(parse(in));
        Expr out = Factor.order(e);
        assertEquals(expected, LatexPrinter.print(out));
        if (!in.contains("delta")) assertSameValues(e, out);
    }

    /** Both forms evaluated at random points, every symbol drawn from [−3, 3]. */
    private static void assertSameValues(Expr a, Expr b) {
        Random r = new Random(13);
        for (int k = 0; k < 8; k++) {
            Map<Sym, Double> env = new HashMap<>();
            for (Sym s : Exprs.valueSymbols(a)) env.put(s, -3 + 6 * r.nextDouble());
            double x = Evaluator.eval(a, Env.of(env)), y = Evaluator.eval(b, Env.of(env));
            assertEquals(x, y, 1e-12 * Math.max(1, Math.abs(x)), LatexPrinter.print(a) + " vs " + LatexPrinter.print(b));
        }
    }

    private static Expr parse(String latex) {
        try {
            return FormulaParser.parseExpr(latex);
        } catch (Exception ex) {
            throw new IllegalArgumentException(latex, ex);
        }
    }
}
