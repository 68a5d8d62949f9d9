package org.chainrule.derive;

import static org.chainrule.expr.Expr.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.junit.jupiter.api.Test;

/**
 * Property: for randomly generated expressions (fixed seed), the derivative agrees with finite
 * differences and every step of the derivation verifies.
 */
class RandomExpressionPropertyTest {
    static final int COUNT = 2000;
    final Sym w = Sym.of("w"), x = Sym.of("x"), y = Sym.of("y");
    final Random r = new Random(42);

    Expr gen(int depth) {
        if (depth == 0 || r.nextInt(5) == 0) {
            return switch (r.nextInt(5)) {
                case 0 -> x;
                case 1 -> y;
                case 2 -> num(r.nextInt(5) + 1);
                default -> w;
            };
        }
        Expr a = gen(depth - 1);
        return switch (r.nextInt(17)) {
            case 0, 1 -> add(a, gen(depth - 1));
            case 2, 3 -> mul(a, gen(depth - 1));
            case 4 -> sub(a, gen(depth - 1));
            case 5 -> pow(a, r.nextInt(3) + 2);
            case 6 -> div(a, add(num(1), pow(gen(depth - 1), 2)));
            case 7 -> apply(BuiltinFn.SIN, a);
            case 8 -> apply(BuiltinFn.EXP, apply(BuiltinFn.TANH, a));
            case 9 -> apply(BuiltinFn.LOG, add(num(1), pow(a, 2)));
            case 10 -> apply(BuiltinFn.SIGMOID, a);
            case 11 -> apply(BuiltinFn.TANH, a);
            case 12 -> apply(BuiltinFn.SOFTPLUS, a);
            case 13 -> apply(BuiltinFn.RELU, a);
            case 14 -> new Abs(a);
            case 15 -> apply(BuiltinFn.MAX, a, gen(depth - 1));
            default -> new Piecewise(List.of(new Case(a, Rel.of(gen(depth - 1), RelOp.GT, num(0)))), Optional.of(gen(depth - 1)));
        };
    }

    @Test
    void derivativesOfRandomExpressionsVerify() {
        Engine engine = new Engine();
        List<String> failures = new ArrayList<>();
        int verifiedCount = 0;
        for (int k = 0; k < COUNT; k++) {
            Expr f = gen(4);
            Derivation d = engine.derive(new Engine.Problem(f, w, List.of(), false, List.of(), k));
            if (d.report().checks() == 0) continue; // e.g. the derivative is identically 0
            if (!d.verified()) failures.add(f + "\n  → " + d.answer() + "\n  " + d.report().failures());
            else verifiedCount++;
        }
        assertTrue(failures.isEmpty(), failures.size() + " failed, e.g.\n" + String.join("\n", failures.subList(0, Math.min(3, failures.size()))));
        assertTrue(verifiedCount > COUNT / 2, "too few expressions were checkable: " + verifiedCount);
    }

    @Test
    void aWrongRuleIsCaught() {
        // The verifier must fail a wrong identity: claim d/dw sigmoid(w) = sigmoid(w).
        Expr f = apply(BuiltinFn.SIGMOID, w);
        Step wrong = new Step.Applied(RuleCatalog.byName("sigmoid-rule").orElseThrow(), f, w, f, List.of());
        Verifier.Report rep = Verifier.verify(wrong, f, w, f, List.of(), 1);
        assertFalse(rep.verified());
        assertFalse(rep.failures().isEmpty());
    }
}
