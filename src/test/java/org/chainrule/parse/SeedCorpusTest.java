package org.chainrule.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every formula of the five seed solutions: "ok" lines parse, "error: …" lines fail at a location. */
class SeedCorpusTest {

    @Test
    void corpusIsComplete() {
        List<Corpus> all = Corpus.load();
        assertTrue(all.size() >= 400, "seed corpus shrank to " + all.size());
        for (int seed = 0; seed < 5; seed++) {
            String s = String.valueOf(seed);
            assertTrue(all.stream().anyMatch(c -> c.seed().equals(s)), "no formulas from seed " + s);
        }
        for (Corpus c : all)
            assertTrue(c.ok() || (c.expectation().startsWith("error: ") && c.expectation().length() > 12),
                    "line " + c.lineNumber() + ": expectation must be ok or error: <reason>");
    }

    @TestFactory
    Stream<DynamicTest> everySeedFormula() {
        return Corpus.load().stream().map(c -> DynamicTest.dynamicTest("seeds.tsv:" + c.lineNumber(), () -> {
            if (c.ok()) {
                Parsed p = FormulaParser.parse(c.latex());
                assertFalse(p.statements().isEmpty() && p.annotations().isEmpty(), c.latex());
                // Parsing the same text twice gives the same trees.
                assertEquals(TreeText.of(p), TreeText.of(FormulaParser.parse(c.latex())));
            } else {
                ParseException e = assertThrows(ParseException.class, () -> FormulaParser.parse(c.latex()), c.latex());
                assertTrue(e.line() >= 1 && e.column() >= 1 && e.column() <= c.latex().length() + 1,
                        e.line() + ":" + e.column() + " out of range for " + c.latex());
                assertFalse(e.reason().startsWith("internal"), e.reason());
            }
        }));
    }
}
