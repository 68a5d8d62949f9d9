package org.chainrule.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.chainrule.simplify.Conditions;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Num;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Rational;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** The candidate changes the diagnoses try, one line each: input ⇒ expected. */
class RewritesTest {

    private static Expr e(String s) throws Exception {
        return FormulaParser.parseExpr(s);
    }

    @Test
    void simpleRationals() {
        assertEquals(Optional.of(Rational.HALF), Rewrites.simpleRational(0.5));
        assertEquals(Optional.of(Rational.of(-3, 2)), Rewrites.simpleRational(-1.5000000001));
        assertEquals(Optional.of(Rational.of(2, 3)), Rewrites.simpleRational(2.0 / 3));
        assertEquals(Optional.of(Rational.of(7)), Rewrites.simpleRational(7));
        assertEquals(Optional.empty(), Rewrites.simpleRational(Math.PI));
        assertEquals(Optional.empty(), Rewrites.simpleRational(1e9));
        assertEquals(Optional.empty(), Rewrites.simpleRational(Double.NaN));
    }

    @Test
    void negatedConditions() throws Exception {
        assertEquals(Optional.of(e("y h \\ge 1")), Conditions.negate(e("y h < 1")));
        assertEquals(Optional.of(e("|x| > \\beta")), Conditions.negate(e("|x| \\le \\beta")));
        assertEquals(Optional.of(e("z \\le 0")), Conditions.negate(e("z > 0")));
        assertEquals(Optional.of(e("a \\ne b")), Conditions.negate(e("a = b")));
        assertEquals(Optional.empty(), Conditions.negate(e("0 < p < 1")));
        assertEquals(Optional.empty(), Conditions.negate(e("x")));
    }

    @Test
    void indicesBoundsAndDerivativeVariablesAreNotSites() throws Exception {
        // the numbers a student computed: 3 and the exponent 2; not the 1 of w_1, the 12 of δ_{12},
        // the bounds of the sum or the 2 of ‖·‖_2
        List<Num> literals = Rewrites.sites(e("w_1 + 3 \\delta_{12} x^2 + \\sum_{i=1}^{5} v_i + \\|u\\|_2 + \\frac{\\partial L}{\\partial w_2}"))
                .stream().filter(Num.class::isInstance).map(Num.class::cast).toList();
        assertEquals(List.of(Num.of(3), Num.of(2)), literals);
    }

    @Test
    void rewritingOneSiteLeavesTheRest() throws Exception {
        Expr claim = e("w_1 + 3 x^3");
        List<Expr> sites = Rewrites.sites(claim);
        int three = sites.indexOf(Num.of(3)); // the first 3 in preorder: the coefficient
        assertEquals(e("w_1 + 2 x^3"), Rewrites.rewriteAt(claim, three, x -> Num.of(2)));
        int exponent = sites.lastIndexOf(Num.of(3));
        assertEquals(e("w_1 + 3 x^2"), Rewrites.rewriteAt(claim, exponent, x -> Num.of(2)));
        int last = sites.size() - 1;
        assertEquals(e("w_1 + 3 x^3"), Rewrites.rewriteAt(claim, last + 1, x -> Num.of(0)), "no such site: unchanged");
    }

    @Test
    void termsNegatedAndDropped() throws Exception {
        Expr claim = e("s (1 + s)");
        List<int[]> terms = Rewrites.termSites(claim);
        assertEquals(2, terms.size());
        int[] second = terms.get(1);
        assertEquals(e("s (1 - s)"), Rewrites.rewriteAt(claim, second[0], x -> Rewrites.negateTerm((Expr.Add) x, second[1])));
        assertEquals(e("a - c"), Rewrites.dropTerm((Expr.Add) e("a + b - c"), 1));
    }

    @Test
    void swapsReachIntoIndices() throws Exception {
        assertEquals(e("s_j(\\delta_{ji} - s_i)"), Rewrites.swap(e("s_i(\\delta_{ij} - s_j)"), Sym.of("i"), Sym.of("j")));
        assertEquals(e("2 x y^3"), Rewrites.swap(e("2 y x^3"), Sym.of("x"), Sym.of("y")));
    }

    @Test
    void transposesToggle() throws Exception {
        assertEquals(e("X^T"), Rewrites.toggleTranspose(e("X")));
        assertEquals(e("X"), Rewrites.toggleTranspose(e("X^T")));
    }
}
