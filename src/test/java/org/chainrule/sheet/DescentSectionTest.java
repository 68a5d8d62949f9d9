package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Rational;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

class DescentSectionTest {

    static final String SEED_003 = "\\descent[steps = 5, wrt = w]{\\frac{1}{2}(w x - y)^2}{w = 0, x = 1, y = 100}{0.5, 1.5, 2.5}";

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rates(Map<String, Object> data) {
        return (List<Map<String, Object>>) data.get("rates");
    }

    @Test
    void seed003IteratesAreExactAndTheVerdictsProved() {
        AnswerKey key = SectionTesting.key(SEED_003);
        List<Map<String, Object>> rates = rates(SectionTesting.data(key));
        assertEquals(3, rates.size());
        assertEquals(List.of(0.0, 50.0, 75.0, 87.5, 93.75, 96.875), rates.get(0).get("iterates"));
        // The slope at w = 150 is +50, so w_2 = 150 − 1.5·50 = 75 (the seed's α = 1.5 column is right).
        assertEquals(List.of(0.0, 150.0, 75.0, 112.5, 93.75, 103.125), rates.get(1).get("iterates"));
        // The seed writes w_3 = 687.5 and w_4 = −781.25 (−125 − 2.5·(−225) is 437.5, not 687.5).
        assertEquals(List.of(0.0, 250.0, -125.0, 437.5, -406.25, 859.375), rates.get(2).get("iterates"));
        assertEquals(List.of("converges", "converges", "diverges"), rates.stream().map(r -> r.get("verdict")).toList());
        for (Map<String, Object> r : rates) {
            assertEquals(true, r.get("exact"));
            assertEquals(true, r.get("proved"));
        }
    }

    @Test
    void conditionOnTheRateIsDerived() {
        AnswerKey key = SectionTesting.key(SEED_003);
        List<String> rows = SectionTesting.rows(key);
        assertTrue(rows.contains("0 < \\alpha < 2"), rows.toString());
        assertTrue(rows.contains("-1 < 1 - \\alpha < 1"), rows.toString());
        assertTrue(rows.contains("-2 < -\\alpha < 0"), rows.toString());
    }

    @Test
    void slopeOtherThanOneScalesTheBound() {
        // ∂L/∂w = (2w − 3)·2 = 4w − 6: c = 4, so 0 < α < 1/2, fixed point 3/2.
        AnswerKey key = SectionTesting.key("\\descent{\\frac{1}{2}(w x - y)^2}{w = 0, x = 2, y = 3}{0.25, 0.5}");
        List<Map<String, Object>> rates = rates(SectionTesting.data(key));
        assertTrue(SectionTesting.rows(key).contains("0 < \\alpha < \\frac{1}{2}"), SectionTesting.rows(key).toString());
        assertEquals(List.of(0.0, 1.5, 1.5, 1.5, 1.5, 1.5), rates.get(0).get("iterates"));
        assertEquals("converges", rates.get(0).get("verdict"));
        assertEquals("oscillates", rates.get(1).get("verdict"));
        assertEquals(List.of(0.0, 3.0, 0.0, 3.0, 0.0, 3.0), rates.get(1).get("iterates"));
    }

    @Test
    void rateTwoOscillatesOnTheSeedLoss() {
        AnswerKey key = SectionTesting.key("\\descent[steps = 4]{\\frac{1}{2}(w x - y)^2}{w = 0, x = 1, y = 100}{2}");
        Map<String, Object> r = rates(SectionTesting.data(key)).get(0);
        assertEquals("oscillates", r.get("verdict"));
        assertEquals(List.of(0.0, 200.0, 0.0, 200.0, 0.0), r.get("iterates"));
    }

    @Test
    void aLetNameIsTheLossAndWrtDefaultsToTheFirstSymbol() {
        AnswerKey key = SectionTesting.key("\\let{L = (w - y)^2}\n\\descent[steps = 3]{L}{w = 1, y = 3}{0.25}");
        Map<String, Object> r = rates(SectionTesting.data(key)).get(0);
        // ∂L/∂w = 2(w − 3): 1 → 2 → 2.5 → 2.75
        assertEquals(List.of(1.0, 2.0, 2.5, 2.75), r.get("iterates"));
        assertEquals("converges", r.get("verdict"));
    }

    @Test
    void nonAffineUpdateIsJudgedEmpiricallyAndSaysSo() {
        // ∂/∂w (w⁴/4) = w³: not affine; iterates 1, 0.9, 0.8271, … shrink steps.
        AnswerKey key = SectionTesting.key("\\descent[steps = 6]{\\frac{1}{4} w^4}{w = 1}{0.1}");
        Map<String, Object> r = rates(SectionTesting.data(key)).get(0);
        assertEquals(false, r.get("proved"));
        assertEquals("converges", r.get("verdict"));
        @SuppressWarnings("unchecked") List<Double> ws = (List<Double>) r.get("iterates");
        assertEquals(0.9, ws.get(1), 1e-15);
        assertEquals(0.9 - 0.1 * 0.729, ws.get(2), 1e-15);
        assertTrue(key.doc().blocks().stream().anyMatch(b -> b.toString().contains("not proved")));
    }

    @Test
    void irrationalUpdateRunsInDoubles() {
        AnswerKey key = SectionTesting.key("\\descent[steps = 3]{-\\log(\\sigma(w x))}{w = 0, x = 1}{1}");
        Map<String, Object> r = rates(SectionTesting.data(key)).get(0);
        assertEquals(false, r.get("exact"));
        @SuppressWarnings("unchecked") List<Double> ws = (List<Double>) r.get("iterates");
        // ∂/∂w −log σ(w) = σ(w) − 1: w₁ = 0 + (1 − σ(0)) = 0.5
        assertEquals(0.5, ws.get(1), 1e-12);
        assertEquals(0.5 + (1 - 1 / (1 + Math.exp(-0.5))), ws.get(2), 1e-12);
    }

    @Test
    void affineDetectionIsNotFooledByThreePoints() throws Exception {
        Sym w = Sym.of("w");
        // w³ − 3w² + 3w is 0, 1, 2 at w = 0, 1, 2 — on a line — but it is a cubic.
        Expr cubic = FormulaParser.parseExpr("w^3 - 3 w^2 + 3 w");
        assertTrue(DescentSection.affine(cubic, w).isEmpty());
        Expr cancelling = FormulaParser.parseExpr("(w + 1)^2 - w^2");
        assertEquals(new DescentSection.Affine(Rational.of(2), Rational.ONE), DescentSection.affine(cancelling, w).orElseThrow());
    }

    @Test
    void missingValueIsReportedInPlainWords() {
        AnswerKey key = SectionTesting.key("\\descent{\\frac{1}{2}(w x - y)^2}{w = 0, y = 100}{0.5}");
        assertEquals(1, key.failures().size());
        assertTrue(key.failures().get(0).message().contains("gives no value for x"), key.failures().get(0).message());
    }

    @Test
    void badOptionIsReported() {
        AnswerKey key = SectionTesting.key("\\descent[step = 5]{w^2}{w = 1}{0.1}");
        assertEquals(1, key.failures().size());
        assertTrue(key.failures().get(0).message().contains("has no option \"step\""), key.failures().get(0).message());
    }
}
