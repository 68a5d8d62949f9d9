package org.chainrule.derive;

import static org.chainrule.expr.Expr.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.chainrule.cas.Symja;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
    Sym w = Sym.of("w"), x = Sym.of("x"), y = Sym.of("y"), a = Sym.of("a"), p = Sym.of("p"), l = Sym.of("l");

    @Test
    void logisticSquaredErrorChain() {
        List<Expr> given = List.of(Rel.of(a, RelOp.EQ, mul(w, x)), Rel.of(p, RelOp.EQ, apply(BuiltinFn.SIGMOID, a)),
                Rel.of(l, RelOp.EQ, pow(sub(y, p), 2)));
        Derivation d = new Engine().derive(new Engine.Problem(l, w, given));
        System.out.println("paths " + d.paths());
        System.out.println("answer " + org.chainrule.expr.LatexPrinter.print(d.answer()));
        System.out.println("flat " + org.chainrule.expr.LatexPrinter.print(d.answerFlat()));
        System.out.println("report " + d.report());
        d.locals().forEach(lc -> System.out.println("local " + lc.node() + " / " + lc.wrt() + " = " + org.chainrule.expr.LatexPrinter.print(lc.step().result()) + " " + lc.report().verified()));
        assertTrue(d.verified(), d.report().toString());
    }

    @Test
    void hingePlusWeightDecay() {
        Expr f = add(apply(BuiltinFn.MAX, num(0), sub(num(1), mul(y, w, x))), pow(w, 2));
        Derivation d = new Engine().derive(new Engine.Problem(f, w, List.of()));
        System.out.println("hinge answer " + org.chainrule.expr.LatexPrinter.print(d.answer()));
        assertTrue(d.verified(), d.report().toString());
    }

    @Test
    void symjaAgreesOnSigmoid() {
        Symja s = new Symja(5000);
        Expr f = apply(BuiltinFn.SIGMOID, mul(w, x));
        Expr ans = mul(apply(BuiltinFn.SIGMOID, mul(w, x)), sub(num(1), apply(BuiltinFn.SIGMOID, mul(w, x))), x);
        String v = s.checkDerivative(f, w, ans, List.of(java.util.Map.of(w, 0.3, x, -1.2), java.util.Map.of(w, 1.1, x, 0.7)));
        assertEquals("agrees", v);
        String bad = s.checkDerivative(f, w, mul(apply(BuiltinFn.SIGMOID, mul(w, x)), x), List.of(java.util.Map.of(w, 0.3, x, -1.2)));
        assertTrue(bad.startsWith("disagrees"), bad);
    }
}
