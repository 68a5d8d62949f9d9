package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every committed LaTeX key compiles with pdflatex without one line running into the margin: TeX's own
 * measure (an "Overfull \hbox" in the log) is the oracle, not our width estimate.
 */
class SampleKeysFitTheLineTest {

    private static final Pattern OVERFULL = Pattern.compile("Overfull \\\\hbox \\(([0-9.]+)pt too wide\\) ([^\\n]*)");

    @TestFactory
    Stream<DynamicTest> noSampleKeyOverflowsInPdflatex() throws IOException {
        Pdflatex pdflatex = PdflatexSupport.pdflatex();
        List<Path> keys;
        try (Stream<Path> s = Files.list(Path.of("samples/keys"))) {
            keys = s.filter(p -> p.toString().endsWith("-key.tex")).sorted().toList();
        }
        assertFalse(keys.isEmpty(), "no committed keys in samples/keys");
        return keys.stream().map(key -> DynamicTest.dynamicTest(key.getFileName().toString(), () -> {
            String tex = Files.readString(key, StandardCharsets.UTF_8);
            String log = pdflatex.typeset(tex).log();
            Matcher m = OVERFULL.matcher(log);
            StringBuilder found = new StringBuilder();
            while (m.find()) found.append("\n  ").append(m.group(1)).append(" pt ").append(m.group(2));
            assertEquals("", found.toString(), key + " has lines wider than the text:");
        }));
    }

    @Test
    void theLogIsReadSoAnOverflowWouldBeSeen() {
        // guards the test above against a log that never reports anything
        String tex = LatexWriter.PREAMBLE + "\\[ " + "x + ".repeat(120) + "x \\]\n\\end{document}\n";
        String log = PdflatexSupport.pdflatex().typeset(tex).log();
        assertTrue(OVERFULL.matcher(log).find(), "a 120-term display should overflow:\n" + log.lines().filter(l -> l.contains("Overfull")).toList());
    }

    @Test
    void aLongSumIsBrokenIntoLinesThatFit() {
        String rhs = String.join(" + ", Collections.nCopies(40, "w_{1} x_{1}"));
        Doc doc = new Doc("t", List.of(new Doc.Equations(List.of(Doc.Row.of("y", rhs)))));
        String tex = LatexWriter.standalone(doc);
        String log = PdflatexSupport.pdflatex().typeset(tex).log();
        assertFalse(OVERFULL.matcher(log).find(), tex);
        assertTrue(tex.contains("&\\quad + w_{1} x_{1}"), tex);
    }

    @Test
    void aLongProductBreaksBetweenFactorsNeverInsideAnArgument() {
        List<String> f = Breaks.pieces("\\left(\\theta - t\\right) \\sigma\\left(z_{3}\\right) \\left(1 - \\sigma\\left(z_{3}\\right)\\right) h_{1}");
        assertEquals(List.of("\\left(\\theta - t\\right)", "\\cdot \\sigma\\left(z_{3}\\right)",
                "\\cdot \\left(1 - \\sigma\\left(z_{3}\\right)\\right)", "\\cdot h_{1}"), f);
    }
}
