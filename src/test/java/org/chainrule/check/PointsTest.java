package org.chainrule.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** Points are steered into every region of the piecewise parts, and into pairs of them. */
class PointsTest {

    private static Expr e(String s) throws Exception {
        return FormulaParser.parseExpr(s);
    }

    @Test
    void everySideOfEveryConditionAndEveryPairIsSampled() throws Exception {
        // each condition holds for 1/8 of the box [−2, 2]², both for 1/64: rarely met by ten plain points
        Expr f = e("\\mathbf{1}(x > 1.5) + \\mathbf{1}(y < -1.5)");
        Points p = Points.scalar(f, f, List.of(), 7);
        int xIn = 0, xOut = 0, yIn = 0, both = 0;
        for (Points.Sample s : p.samples) {
            double x = s.shown().get(Sym.of("x")).value(), y = s.shown().get(Sym.of("y")).value();
            if (x > 1.5) xIn++; else xOut++;
            if (y < -1.5) yIn++;
            if (x > 1.5 && y < -1.5) both++;
            // the indicator sum recomputed by hand at the point
            assertEquals((x > 1.5 ? 1 : 0) + (y < -1.5 ? 1 : 0), s.truth().value());
        }
        assertTrue(p.samples.size() >= Points.POINTS);
        assertTrue(xIn >= Points.PER_REGION && xOut >= Points.PER_REGION && yIn >= Points.PER_REGION, xIn + " " + xOut + " " + yIn);
        assertTrue(both >= 1);
        assertEquals(-1, p.firstMismatch());
    }

    @Test
    void aClaimWrongOnlyInASmallRegionIsCaught() throws Exception {
        // max(0, x − 1.9) is 0 except on 2.5 % of the box; claiming 0 is wrong there
        Judgement j = new Judge(new Engine(), List.of(), 11).judge(e("\\max(0, x - \\frac{19}{10})"), e("0"));
        assertEquals(Verdict.WRONG, j.verdict());
        Judgement.Counterexample c = j.counterexample().orElseThrow();
        double x = c.point().get(Sym.of("x")).value();
        assertTrue(x > 1.9);
        assertEquals(x - 1.9, c.actual().value(), 1e-12);
        assertEquals(0, c.claimed().value());
    }
}
