package org.chainrule.numeric;

import static org.chainrule.expr.Expr.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.WengertList.Value;
import org.junit.jupiter.api.Test;

/**
 * Property: for random expressions built from the operations the trace decomposes (fixed seed), at
 * random points, the reverse-mode gradient equals the engine's symbolic derivative evaluated there, the
 * forward sweep's output equals the expression's value, and exact values are the exact rationals of
 * the doubles.
 */
class ReverseModePropertyTest {
    static final int COUNT = 200;
    final Sym w = Sym.of("w"), x = Sym.of("x"), b = Sym.of("b");
    final Random r = new Random(Draw.SEED);

    /** Defined everywhere: logs and reciprocals take 1 + u², square roots 1 + u². */
    Expr gen(int depth) {
        if (depth == 0 || r.nextInt(6) == 0) {
            return switch (r.nextInt(6)) {
                case 0 -> x;
                case 1 -> b;
                case 2 -> num(r.nextInt(4) + 1);
                case 3 -> new Num(Rational.of(r.nextInt(9) + 1, 10), true);
                default -> w;
            };
        }
        Expr a = gen(depth - 1);
        return switch (r.nextInt(18)) {
            case 0, 1 -> add(a, gen(depth - 1));
            case 2, 3 -> mul(a, gen(depth - 1));
            case 4 -> sub(a, gen(depth - 1));
            case 5 -> neg(a);
            case 6 -> pow(a, r.nextInt(3) + 2);
            case 7 -> div(a, add(num(1), pow(gen(depth - 1), 2)));
            case 8 -> div(num(1), add(num(2), pow(a, 2)));
            case 9 -> new Pow(add(num(1), pow(a, 2)), num(Rational.of(r.nextBoolean() ? 1 : -3, 2)));
            case 10 -> apply(BuiltinFn.SIN, a);
            case 11 -> apply(BuiltinFn.COS, a);
            case 12 -> apply(BuiltinFn.EXP, apply(BuiltinFn.TANH, a));
            case 13 -> apply(BuiltinFn.LOG, add(num(1), pow(a, 2)));
            case 14 -> apply(BuiltinFn.SIGMOID, a);
            case 15 -> apply(BuiltinFn.TANH, a);
            case 16 -> mul(a, a); // the same operand twice
            default -> add(apply(BuiltinFn.SIN, a), mul(a, gen(depth - 1))); // a shared sub-expression
        };
    }

    /** A point of exact one-decimal numbers in [−1.5, 1.5]. */
    Map<Sym, Value> point(List<Sym> symbols) {
        Map<Sym, Value> p = new LinkedHashMap<>();
        for (Sym s : symbols) p.put(s, Value.of(Rational.of(r.nextInt(31) - 15, 10)));
        return p;
    }

    @Test
    void reverseModeAgreesWithTheSymbolicDerivative() {
        Engine engine = new Engine();
        List<String> failures = new ArrayList<>();
        int components = 0, exact = 0;
        int made = 0;
        while (made < COUNT) {
            Expr f = gen(4);
            List<Sym> symbols = WengertList.freeSymbols(f);
            if (symbols.isEmpty()) continue;
            made++;
            Map<Sym, Value> p = point(symbols);
            WengertList list = WengertList.of(f, p);
            Map<Sym, Double> values = new LinkedHashMap<>();
            p.forEach((s, v) -> values.put(s, v.approx()));
            Env env = Env.of(values);
            double fv = Evaluator.eval(f, env);
            if (Math.abs(list.value().approx() - fv) > 1e-9 * Math.max(1, Math.abs(fv)))
                failures.add(LatexPrinter.print(f) + ": value " + list.value().approx() + " != " + fv);
            for (Map.Entry<Sym, Value> g : list.gradient().entrySet()) {
                Derivation d = engine.derive(new Engine.Problem(f, g.getKey(), List.of()));
                double symbolic = Evaluator.eval(d.answerFlat(), env);
                double reverse = g.getValue().approx();
                components++;
                if (Math.abs(reverse - symbolic) > 1e-9 * Math.max(1, Math.max(Math.abs(reverse), Math.abs(symbolic))))
                    failures.add(LatexPrinter.print(f) + " at " + values + ": d/d" + g.getKey().name() + " reverse " + reverse
                            + ", symbolic " + symbolic + " (" + LatexPrinter.print(d.answerFlat()) + ")");
                if (g.getValue().exact().isPresent()) {
                    exact++;
                    assertEquals(g.getValue().exact().get().doubleValue(), reverse, 0.0, "the double of an exact value");
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + components + " disagree, e.g.\n"
                + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
        assertTrue(components >= COUNT, "too few components: " + components);
        assertTrue(exact > 0, "no exact gradient component: the rational path is not exercised");
    }
}
