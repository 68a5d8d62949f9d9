package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every standalone document under {@code src/test/resources/golden/tex/} compiles with the hardened
 * {@link Pdflatex} (and passes {@link SafeLatex} on the way). See {@code golden/latex/README.md}.
 */
class GoldenTexCompileTest {
    private static final Path DIR = Path.of("src/test/resources/golden/tex");

    /** The hand-built samples kept in {@link #DIR}, rewritten with {@code -Dgolden.update=true}. */
    private static final Map<String, Supplier<Doc>> SAMPLES = Map.of(
            "doc-every-block.tex", SampleDocs::everyBlock,
            "doc-long-chain.tex", () -> SampleDocs.longChain(80),
            "doc-graph.tex", SampleDocs::graph);

    private static List<Path> texFiles() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            return s.filter(p -> p.toString().endsWith(".tex")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenTexCompiles() throws IOException {
        List<Path> files = texFiles();
        assertFalse(files.isEmpty(), "no .tex files under " + DIR + ": the compile test would be vacuous");
        Pdflatex engine = PdflatexSupport.pdflatex();
        return files.stream().map(f -> DynamicTest.dynamicTest(DIR.relativize(f).toString(), () -> {
            byte[] pdf = engine.compile(Files.readString(f, StandardCharsets.UTF_8));
            assertTrue(PdflatexSupport.read(pdf).pages() >= 1, f + " gave an empty PDF");
        }));
    }

    @Test
    void theSamplesAreTheWritersCurrentOutput() throws IOException {
        for (var e : SAMPLES.entrySet()) {
            Path f = DIR.resolve(e.getKey());
            String tex = LatexWriter.standalone(e.getValue().get());
            if (Golden.UPDATE) Files.writeString(f, tex, StandardCharsets.UTF_8);
            assertEquals(Files.readString(f, StandardCharsets.UTF_8), tex,
                    f + " is stale: run with -Dgolden.update=true and review the diff");
        }
    }
}
