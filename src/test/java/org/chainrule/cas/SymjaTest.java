package org.chainrule.cas;

import static org.chainrule.expr.Expr.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.junit.jupiter.api.Test;

/** The Symja oracle: agrees with right derivatives, catches wrong ones, stays out of what it gets wrong. */
class SymjaTest {
    final Sym w = Sym.of("w"), x = Sym.of("x"), beta = Sym.of("\\beta"), i = Sym.of("I");
    final List<Map<Sym, Double>> points = List.of(Map.of(w, 0.3, x, -1.2, beta, 0.7, i, 1.5), Map.of(w, 1.1, x, 0.7, beta, 2.0, i, -0.4));
    final Symja symja = new Symja(10_000);

    @Test
    void agreesWithTheSigmoidIdentity() {
        Expr f = apply(BuiltinFn.SIGMOID, mul(w, x));
        Expr right = mul(f, sub(num(1), f), x);
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(f, w, right, points));
    }

    @Test
    void anInstanceAdoptsTheEngineWarmUpStarted() {
        Symja.warmUp();
        Symja.warmUp(); // idempotent
        Symja fresh = new Symja(10_000);
        Expr f = apply(BuiltinFn.TANH, mul(w, x));
        // d/dw tanh(w x) = (1 - tanh^2(w x)) x, and a wrong one is still caught by the adopted engine
        assertEquals(CasVerdict.AGREES, fresh.checkDerivative(f, w, mul(sub(num(1), pow(f, 2)), x), points));
        assertTrue(fresh.checkDerivative(f, w, x, points).disagrees());
        assertEquals(CasVerdict.AGREES, new Symja(10_000).checkDerivative(f, w, mul(sub(num(1), pow(f, 2)), x), points));
    }

    @Test
    void catchesAWrongDerivative() {
        Expr f = apply(BuiltinFn.SIGMOID, mul(w, x));
        assertTrue(symja.checkDerivative(f, w, mul(f, x), points).disagrees());
    }

    @Test
    void namesThatCollideWithBuiltinsAreRenamed() {
        // beta and I mean Beta and the imaginary unit to Symja's parser; chainrule never passes names.
        Expr f = mul(beta, pow(w, 3), i);
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(f, w, mul(num(3), beta, pow(w, 2), i), points));
    }

    @Test
    void logarithmsWithABaseKeepTheirArgumentOrder() {
        Expr f = new Apply(new LogBase(num(2)), List.of(add(pow(w, 2), num(1))));
        Expr right = div(mul(num(2), w), mul(add(pow(w, 2), num(1)), apply(BuiltinFn.LOG, num(2))));
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(f, w, right, points));
    }

    @Test
    void aSkipSaysWhatWasNotSent() {
        // the reason names the part, not a blanket "functions Symja does not differentiate"
        assertEquals(new CasVerdict.Skipped("not sent to Symja, as it has an absolute value"),
                symja.checkDerivative(new Abs(sub(w, x)), w, num(1), points));
        assertEquals(new CasVerdict.Skipped("not sent to Symja, as it uses ReLU"),
                symja.checkDerivative(apply(BuiltinFn.RELU, w), w, num(1), points));
        Sym bw = Sym.of("w").withStyles(List.of("bold")), bx = Sym.of("x").withStyles(List.of("bold"));
        assertEquals(new CasVerdict.Skipped("not sent to Symja, as it has a product of vectors or matrices"),
                symja.checkDerivative(add(mul(bw, bx), w), w, num(1), points));
    }

    @Test
    void numberedKroneckerDeltasAreNumbersButLetteredOnesStayOut() {
        // δ_{21}·w² + δ_{22}·w is w; Symja must see δ_{21} as 0 and δ_{22} as 1 (and catch a wrong answer).
        Expr f = add(mul(new Kronecker(num(2), num(1)), pow(w, 2)), mul(new Kronecker(num(2), num(2)), w));
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(f, w, num(1), points));
        assertTrue(symja.checkDerivative(f, w, mul(num(2), w), points).disagrees());
        // δ_{ij}: Symja has no index reasoning (D[x[i], x[j]] is 0), so it takes no part
        assertTrue(symja.checkDerivative(mul(new Kronecker(Sym.of("i"), Sym.of("j")), w), w,
                new Kronecker(Sym.of("i"), Sym.of("j")), points) instanceof CasVerdict.Skipped);
    }

    @Test
    void primedBuiltInsAreDerivativesToSymja() {
        // d/dw tanh'(w x) = −2 tanh(wx)(1 − tanh²(wx)) x; d/dw σ''(w) is checked against the written-out σ'''
        Expr t = apply(BuiltinFn.TANH, mul(w, x));
        Expr f = new Apply(new Prime(new Builtin(BuiltinFn.TANH), 1), List.of(mul(w, x)));
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(f, w, mul(num(-2), t, sub(num(1), pow(t, 2)), x), points));
        assertTrue(symja.checkDerivative(f, w, mul(num(2), t, sub(num(1), pow(t, 2)), x), points).disagrees());
        Expr s = apply(BuiltinFn.SIGMOID, w);
        Expr third = mul(s, sub(num(1), s), add(num(1), mul(num(-6), s), mul(num(6), pow(s, 2)))); // σ(1−σ)(1 − 6σ + 6σ²)
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(new Apply(new Prime(new Builtin(BuiltinFn.SIGMOID), 2), List.of(w)), w, third, points));
        // ReLU' is not smooth: Symja stays out
        assertTrue(symja.checkDerivative(new Apply(new Prime(new Builtin(BuiltinFn.RELU), 1), List.of(w)), w, num(0), points) instanceof CasVerdict.Skipped);
    }

    @Test
    void theCrossEntropyIsCheckedThroughSymjasOwnSigmoid() {
        // σ goes to Symja as LogisticSigmoid in derivative checks (log σ of the elementary form is slow there)
        Sym y = Sym.of("y");
        Expr s = apply(BuiltinFn.SIGMOID, mul(num(3), w, x));
        Expr f = sub(neg(mul(y, apply(BuiltinFn.LOG, s))), mul(sub(num(1), y), apply(BuiltinFn.LOG, sub(num(1), s))));
        List<Map<Sym, Double>> at = List.of(Map.of(w, 0.3, x, -1.2, y, 0.25), Map.of(w, 1.1, x, 0.7, y, 0.8));
        assertEquals(CasVerdict.AGREES, symja.checkDerivative(f, w, mul(num(3), x, sub(s, y)), at));
        assertTrue(symja.checkDerivative(f, w, mul(num(3), x, sub(s, y), s), at).disagrees());
    }

    @Test
    void nonSmoothFunctionsAreNotSentToSymja() {
        Expr f = apply(BuiltinFn.MAX, num(0), w);
        assertTrue(symja.checkDerivative(f, w, new Indicator(Rel.of(w, RelOp.GT, num(0))), points) instanceof CasVerdict.Skipped);
    }
}
