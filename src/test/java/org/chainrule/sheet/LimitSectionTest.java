package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitSectionTest {

    @Test
    void seed004GradientVanishesAsPGoesToZero() {
        AnswerKey key = SectionTesting.key("\\let{a = w x, p = \\sigma(a), l = (y - p)^2}\n\\limit{\\lim_{p \\to 0} \\frac{d l}{d w}}{y = 1}");
        Map<String, Object> d = SectionTesting.data(key);
        assertEquals("0", d.get("value"));
        assertEquals(true, d.get("verified"));
        // The correct derivative (the seed's 2p³e^{−a}x − 3p²e^{−a}yx is not), then y = 1 substituted.
        assertTrue(SectionTesting.rows(key).contains("2 (p - y) p (1 - p) x"), SectionTesting.rows(key).toString());
        assertEquals("2 (p - 1) p (1 - p) x", d.get("expression"));
    }

    @Test
    void sinXOverX() {
        Map<String, Object> d = SectionTesting.data(SectionTesting.key("\\limit{\\lim_{x \\to 0} \\frac{\\sin(x)}{x}}"));
        assertEquals("1", d.get("value"));
    }

    @Test
    void oneSidedLimitIsInfinite() {
        Map<String, Object> d = SectionTesting.data(SectionTesting.key("\\limit{\\lim_{p \\to 0^{+}} \\frac{1 - p}{p}}"));
        assertEquals("\\infty", d.get("value"));
        assertEquals(true, d.get("exists"));
    }

    @Test
    void twoSidedLimitDoesNotExistAndSaysWhy() {
        AnswerKey key = SectionTesting.key("\\limit{\\lim_{p \\to 0} \\frac{1 - p}{p}}");
        Map<String, Object> d = SectionTesting.data(key);
        assertEquals(false, d.get("exists"));
        assertEquals("\\infty", d.get("fromAbove"));
        assertEquals("-\\infty", d.get("fromBelow"));
        assertTrue(key.doc().blocks().stream().anyMatch(b -> b.toString().contains("The two-sided limit does not exist")));
    }

    @Test
    void limitAtInfinity() {
        Map<String, Object> d = SectionTesting.data(SectionTesting.key("\\limit{\\lim_{x \\to \\infty} \\frac{2 x + 1}{x + 3}}"));
        assertEquals("2", d.get("value"));
    }

    @Test
    void expressionNotInTheLimitVariableIsRefused() {
        AnswerKey key = SectionTesting.key("\\let{a = w x, p = \\sigma(a)}\n\\limit{\\lim_{p \\to 0} a}");
        assertEquals(1, key.failures().size());
        assertTrue(key.failures().get(0).message().contains("not written in terms of p"), key.failures().get(0).message());
    }
}
