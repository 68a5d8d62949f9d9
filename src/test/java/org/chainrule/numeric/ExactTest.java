package org.chainrule.numeric;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Kronecker;
import org.chainrule.expr.Expr.Pow;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Rational;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** Exact rational evaluation: the arithmetic, and where it declines (empty) instead of failing. */
class ExactTest {

    static final Sym x = Sym.of("x"), y = Sym.of("y");

    static Optional<Rational> exact(String latex, Map<Sym, Rational> values) throws Exception {
        return Exact.value(FormulaParser.parseExpr(latex), values);
    }

    static Optional<Rational> exact(String latex) throws Exception {
        return exact(latex, Map.of());
    }

    @Test
    void sumsProductsAndPowersAreExact() throws Exception {
        assertEquals(Optional.of(Rational.of(1, 3)), exact("\\frac{1}{3}"));
        assertEquals(Optional.of(Rational.of(11, 30)), exact("0.2 + \\frac{1}{6}"));
        assertEquals(Optional.of(Rational.of(7, 2)), exact("3 x + y^{-1}", Map.of(x, Rational.ONE, y, Rational.TWO)));
        assertEquals(Optional.of(Rational.of(1, 1024)), exact("2^{-10}"));
        assertEquals(Optional.of(Rational.of(-1, 8)), exact("(-\\frac{1}{2})^{3}"));
    }

    @Test
    void theExponentIsEvaluatedToo() {
        Expr twoToTheOnePlusOne = new Pow(Expr.num(2), Expr.add(Expr.num(1), Expr.num(1)));
        assertEquals(Optional.of(Rational.of(4)), Exact.value(twoToTheOnePlusOne));
        assertEquals(Optional.of(Rational.of(9)), Exact.value(new Pow(Expr.num(3), x), Map.of(x, Rational.TWO)));
    }

    @Test
    void kroneckerDeltasOfEqualOrNumericIndices() {
        assertEquals(Optional.of(Rational.ONE), Exact.value(new Kronecker(x, x)));
        assertEquals(Optional.of(Rational.ZERO), Exact.value(new Kronecker(Expr.num(1), Expr.num(2))));
        assertEquals(Optional.empty(), Exact.value(new Kronecker(x, y)));
    }

    @Test
    void emptyForWhatIsNotRational() throws Exception {
        assertEquals(Optional.empty(), exact("\\sqrt{2}"));
        assertEquals(Optional.empty(), exact("2^{\\frac{1}{2}}"));
        assertEquals(Optional.empty(), exact("\\exp(1)"));
        assertEquals(Optional.empty(), exact("\\pi"));
        assertEquals(Optional.empty(), exact("x + 1"), "a symbol without a value");
    }

    @Test
    void divisionByZeroIsEmptyNotAnException() throws Exception {
        assertEquals(Optional.empty(), exact("0^{-1}"));
        assertEquals(Optional.empty(), exact("x^{-2}", Map.of(x, Rational.ZERO)));
        assertEquals(Optional.of(Rational.ONE), exact("0^{0}"));
    }

    @Test
    void exponentsBeyondTheLimitAreEmpty() {
        assertEquals(Optional.of(Rational.TWO.pow(Exact.MAX_EXPONENT)), Exact.value(Expr.pow(Expr.num(2), Exact.MAX_EXPONENT)));
        assertEquals(Optional.empty(), Exact.value(Expr.pow(Expr.num(2), Exact.MAX_EXPONENT + 1)));
        assertEquals(Optional.empty(), Exact.value(Expr.pow(Expr.num(2), -Exact.MAX_EXPONENT - 1)));
        Expr huge = new Pow(Expr.num(2), Expr.num(Rational.parse("1e40")));
        assertEquals(Optional.empty(), Exact.value(huge), "an exponent beyond an int");
    }

    @Test
    void powersOfPowersStopBeforeTheyOverflow() {
        Expr e = Expr.num(Rational.of(3, 2));
        for (int level = 0; level < 8; level++) e = new Pow(e, Expr.num(64));
        assertEquals(Optional.empty(), Exact.value(e), "64^8 bits would never finish");
        Expr fits = new Pow(new Pow(Expr.num(2), Expr.num(64)), Expr.num(64));
        assertEquals(4097, Exact.value(fits).orElseThrow().num().bitLength());
    }
}
