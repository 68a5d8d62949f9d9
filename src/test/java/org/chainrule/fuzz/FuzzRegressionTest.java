package org.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chainrule.fuzz.Fuzz.Kind;
import org.chainrule.fuzz.Fuzz.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs the fuzzer found that once ended in an internal error or a hang; each now ends as it should. */
class FuzzRegressionTest {

    @TempDir
    Path work;

    private Fuzz.Run run(Kind kind, String input, String... args) throws IOException {
        return new Fuzz(work, 60_000).run(kind, input, args, null);
    }

    @Test
    void aDeclarationWithThreeDimensionsIsALocatedErrorNotAnInternalOne() throws IOException {
        // bench/fuzz, 2026-12-06: a mutated seed-000 declared x ∈ R^{n × 1 × 2}; key and derive exited 1
        String sheet = Files.readString(Path.of("samples/seed-000-smooth-l1.tex"))
                .replace("\\mathbf{x} \\in \\mathbb{R}^{n \\times 1},", "\\mathbf{x} \\in \\mathbb{R}^{n \\times 1 \\times 2},");
        assertTrue(sheet.contains("\\times 2"), "the sample changed: update the regression");
        Path file = Files.writeString(work.resolve("s.tex"), sheet);
        Fuzz.Run key = run(Kind.SHEET, sheet, "key", file.toString(), "-o", work.resolve("k.pdf").toString());
        assertEquals(Outcome.LOCATED_ERROR, key.outcome(), key.err());
        assertTrue(key.err().contains("a space with 3 dimensions"), key.err());
        Fuzz.Run derive = run(Kind.FORMULA_DERIVE, "x", "derive", "--no-cas", "x", "--wrt", "x",
                "--given", "x \\in \\mathbb{R}^{2 \\times 2 \\times 2}");
        assertEquals(Outcome.LOCATED_ERROR, derive.outcome(), derive.err());
    }

    @Test
    void hugeSumsAndProductsStopAtTheBudgetWithAMessage() throws IOException {
        // a 5,000-term sum once ran for minutes (each symbol lookup walked the whole point), a product of
        // 100,000 factors too; both now finish or stop at the derivation's budget and say so
        Fuzz.Run sum = run(Kind.FORMULA_DERIVE, "sum", "derive", "--no-cas", "--wrt", "w_{7}", "--", Inputs.sum(5_000));
        assertTrue(sum.outcome() == Outcome.RESULT || sum.err().contains("too large"), sum.outcome() + " " + sum.err());
        Fuzz.Run product = run(Kind.FORMULA_DERIVE, "prod", "derive", "--no-cas", "--wrt", "x", "--", "\\prod_{i=1}^{100000} x");
        assertTrue(product.outcome() == Outcome.RESULT || product.err().contains("too large"), product.outcome() + " " + product.err());
        assertTrue(!product.outcome().failure() && !sum.outcome().failure());
    }
}
