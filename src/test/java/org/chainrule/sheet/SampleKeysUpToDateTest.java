package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetParser;
import org.chainrule.render.LatexWriter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The committed keys are what chainrule makes now: regenerate them with scripts/samples. */
class SampleKeysUpToDateTest {

    @TestFactory
    Stream<DynamicTest> committedKeysAreUpToDate() throws Exception {
        return SampleSheetsTest.samples().stream().map(sheet -> DynamicTest.dynamicTest(sheet.getFileName().toString(), () -> {
            String name = sheet.getFileName().toString().replaceFirst("\\.tex$", "");
            Path tex = Path.of("samples/keys", name + "-key.tex");
            Path pdf = Path.of("samples/keys", name + "-key.pdf");
            assertTrue(Files.exists(tex) && Files.exists(pdf), "missing committed key for " + sheet + ": run scripts/samples");
            AnswerKey key = AnswerKey.of(SheetParser.parse(Files.readString(sheet, StandardCharsets.UTF_8)), Engine::new);
            assertEquals(Files.readString(tex, StandardCharsets.UTF_8), LatexWriter.standalone(key.doc()),
                    tex + " is out of date: run scripts/samples and review the diff");
        }));
    }
}
