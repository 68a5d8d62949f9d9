package org.chainrule.simplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Num;
import org.chainrule.expr.Expr.Pow;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Rational;
import org.junit.jupiter.api.Test;

/** The power rules the matrix simplifier shares: number-power and power-of-power. */
class NumberPowerTest {

    static final Sym x = Sym.of("x");

    @Test
    void aNumberToAnIntegerPowerIsFoldedKeepingItsDecimalMark() {
        assertEquals(Expr.num(Rational.of(1, 8)), Simplifier.numberPower(new Pow(Expr.num(2), Expr.num(-3))));
        assertEquals(new Num(Rational.parse("0.25"), true), Simplifier.numberPower(new Pow(new Num(Rational.HALF, true), Expr.num(2))));
        assertEquals(Expr.num(0), Simplifier.numberPower(new Pow(Expr.num(0), Expr.num(3))));
    }

    @Test
    void otherPowersAreLeftAlone() {
        for (Pow p : new Pow[] {
                new Pow(Expr.num(0), Expr.num(-1)),
                new Pow(Expr.num(2), Expr.num(65)),
                new Pow(Expr.num(2), Expr.num(Rational.parse("1e40"))), // beyond an int: no ArithmeticException
                new Pow(Expr.num(2), Expr.num(Rational.HALF)),
                new Pow(x, Expr.num(2))})
            assertSame(p, Simplifier.numberPower(p));
    }

    @Test
    void aPowerOfAPowerMultipliesIntegerExponents() {
        assertEquals(new Pow(x, Expr.num(-6)), Simplifier.powerOfPower(new Pow(new Pow(x, Expr.num(2)), Expr.num(-3))));
        Pow half = new Pow(new Pow(x, Expr.num(2)), Expr.num(Rational.HALF));
        assertSame(half, Simplifier.powerOfPower(half));
    }
}
