package org.chainrule.derive.matrix;

import static org.chainrule.derive.matrix.MatrixTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.chainrule.derive.Derivation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * 200 random well-shaped scalar expressions over A (n × n), B (m × n), x, a (n × 1), v, y (m × 1)
 * and scalars c, d ({@link MatrixExprGen}), differentiated by x and sometimes by B or A: each
 * derivation must be verified by the engine, and its answer must match finite differences computed in
 * the test at 3 random points. Seeded and deterministic.
 *
 * <p>The generator uses {@link MatrixExprGen.Features#ALL}: elementwise functions of compound vectors,
 * scalar sub-expressions multiplying vectors ((aᵀx)Bx, kept as 1 × 1 runs) and products of scalar
 * sub-expressions that are themselves products.
 */
class MatrixPropertyTest {

    static final int COUNT = 200;
    static final long SEED = 20260311L;

    record Case(String expr, String wrt) {}

    static List<Case> cases() {
        Random r = new Random(SEED);
        MatrixExprGen gen = new MatrixExprGen(r, MatrixExprGen.Features.ALL);
        List<Case> out = new ArrayList<>();
        while (out.size() < COUNT) {
            String e = gen.scalar(1 + r.nextInt(3));
            int k = r.nextInt(10);
            String wrt = k < 2 && e.contains("B") ? "B" : k >= 2 && k < 4 && e.contains("A") ? "A" : MatrixExprGen.X;
            if (!e.contains(wrt)) continue;
            out.add(new Case(e, wrt));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> randomExpressionsDeriveToTheirFiniteDifferenceGradient() {
        String[] given = MatrixExprGen.GIVEN.toArray(String[]::new);
        List<Case> cs = cases();
        return Stream.iterate(0, i -> i < cs.size(), i -> i + 1).map(i -> {
            Case c = cs.get(i);
            return DynamicTest.dynamicTest(i + ": d/d" + c.wrt() + " " + c.expr(), () -> {
                Problem p = problem(c.expr(), c.wrt(), given);
                Derivation d = p.derive();
                String shown = c.expr() + " by " + c.wrt() + ": " + print(d.answer()) + "\n  " + d.report();
                assertTrue(d instanceof Derivation.Matrix, shown);
                assertTrue(d.verified(), shown);
                assertAnswerMatchesFiniteDifferences(c.expr(), p, d, SEED + i, 3);
            });
        });
    }

    @Test
    void theCasesCoverTheConstructionsAndVariables() {
        List<Case> cs = cases();
        assertEquals(COUNT, cs.size());
        assertEquals(cs, cases(), "deterministic");
        for (String needle : List.of("\\odot", "\\sigma(", "\\tanh(", "\\exp(", "\\log(", "^T A", "\\|", ")^2", "c ", " + "))
            assertTrue(cs.stream().anyMatch(c -> c.expr().contains(needle)), "no case uses " + needle);
        for (String v : List.of("B", "A", MatrixExprGen.X))
            assertTrue(cs.stream().filter(c -> c.wrt().equals(v)).count() >= 10, "too few cases by " + v);
    }
}
