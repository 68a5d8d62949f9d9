package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.derive.Engine;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.SheetParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every sample sheet produces its key with no failure and every answer (and numeric section) verified. */
class SampleSheetsTest {

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            return s.filter(p -> p.toString().endsWith(".tex") && !p.getFileName().toString().contains("-key")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleKeysAndVerifies() throws IOException {
        List<Path> sheets = samples();
        assertFalse(sheets.isEmpty(), "no sample sheets found");
        return sheets.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            AnswerKey key = AnswerKey.of(SheetParser.parse(Files.readString(p, StandardCharsets.UTF_8)), Engine::new);
            assertTrue(key.failures().isEmpty(), p + ": " + key.failures());
            assertFalse(key.results().isEmpty() && key.sections().isEmpty(), p + ": nothing keyed");
            for (AnswerKey.SectionResult s : key.sections())
                assertNotEquals(Boolean.FALSE, s.data().get("verified"), p + " problem " + s.problem() + " \\" + s.directive() + " not verified");
            for (AnswerKey.Result r : key.results())
                assertTrue(r.verified(), p + " problem " + r.problem() + " find " + r.find() + ": "
                        + r.derivation().map(d -> LatexPrinter.print(d.answer()) + " " + d.report()).orElse("no derivation"));
        }));
    }
}
