package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.derive.GoldenDerivationTest;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.parse.ParseException;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden LaTeX of representative derivations (src/test/resources/golden/derive-tex: {@code .in} in
 * the format of the derive goldens, {@code .tex} the standalone document), each compiled with the
 * hardened pdflatex; and the committed sample keys (samples/keys/*.tex) compile too.
 */
class GoldenDerivationTexTest {
    static final Path DIR = Path.of("src/test/resources/golden/derive-tex");

    @TestFactory
    Stream<DynamicTest> golden() {
        return Golden.tests(DIR, List.of("tex"), GoldenDerivationTexTest::run);
    }

    static Golden.Result run(String input) {
        try {
            Derivation d = new Engine().derive(GoldenDerivationTest.problem(input));
            return new Golden.Result("tex", LatexWriter.standalone(DerivationLayout.document(d, "Derivation")));
        } catch (ParseException | DeriveException e) {
            throw new AssertionError("golden input must derive: " + e.getMessage(), e);
        }
    }

    @Test
    void everyGoldenDerivationAndSampleKeyCompilesWithHardenedPdflatex() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) { s.filter(p -> p.toString().endsWith(".tex")).forEach(files::add); }
        try (Stream<Path> s = Files.list(Path.of("samples/keys"))) { s.filter(p -> p.toString().endsWith(".tex")).forEach(files::add); }
        assertTrue(files.size() >= 10, "expected golden and sample .tex files, found " + files);
        Pdflatex engine = new Pdflatex();
        for (Path f : files) {
            byte[] pdf = engine.compile(Files.readString(f, StandardCharsets.UTF_8));
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertTrue(doc.getNumberOfPages() >= 1, f.toString());
            }
        }
    }
}
