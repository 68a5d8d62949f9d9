package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** A primed built-in written out by its rule shows the written-out form as the step's middle line. */
class PrimedBuiltinLayoutTest {

    @Test
    void tanhPrimeShowsTheDerivativeOfOneMinusTanhSquared() throws Exception {
        Expr f = FormulaParser.parseExpr("\\tanh'(x)");
        Sym x = Sym.of("x");
        Derivation d = new Engine().derive(new Engine.Problem(f, x, List.of()));
        Expr middle = DerivationLayout.expanded(((Derivation.Direct) d).step());
        assertEquals(new Deriv(FormulaParser.parseExpr("1 - \\tanh(x)^2"), List.of(x), true), middle);
    }
}
