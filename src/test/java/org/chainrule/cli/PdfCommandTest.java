package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chainrule pdf} end to end, in-process. */
class PdfCommandTest {

    static final String SMOOTH_L1 =
            "\\frac{\\partial \\mathcal{L}}{\\partial W} = \\frac{(\\hat{y}-y)\\mathbf{x}}{\\beta}\\mathbf{1}(|\\hat{y}-y|\\le\\beta)";

    @TempDir
    Path dir;

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesAPdfWithTheCanonicalLatexAsText() throws IOException {
        Path out = dir.resolve("f.pdf");
        Cli r = Cli.run("pdf", SMOOTH_L1, "-o", out.toString(), "--title", "Smooth-L1 ≤ β");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertEquals("", r.out());
        try (PDDocument d = Loader.loadPDF(out.toFile())) {
            assertEquals(1, d.getNumberOfPages());
            String text = new PDFTextStripper().getText(d);
            assertTrue(text.contains("Smooth-L1 ≤ β"), text);
            assertTrue(text.contains("\\frac{\\partial \\mathcal{L}}{\\partial W}"), text);
            assertTrue(text.contains("\\mathbf{1}(|\\hat{y} - y| \\le \\beta)"), text); // printed canonically
        }
        assertEquals(List.of(out), files(dir), "no temporary files left");
    }

    @Test
    void aBadFormulaExits65AndLeavesNoFile() throws IOException {
        Path out = dir.resolve("f.pdf");
        Cli r = Cli.run("pdf", "\\frac{", "-o", out.toString());
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("<arg>:1:"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), files(dir));
    }

    @Test
    void aFailedRunKeepsThePreviousFile() throws IOException {
        Path out = dir.resolve("f.pdf");
        Files.writeString(out, "old");
        assertEquals(Exit.BAD_INPUT, Cli.run("pdf", "x +", "-o", out.toString()).exitCode());
        assertEquals("old", Files.readString(out));
    }

    @Test
    void injectionIsStoppedByTheParser() throws IOException {
        Path out = dir.resolve("f.pdf");
        for (String attack : List.of("\\input{x}", "\\newcommand{\\frac}{HACKED}", "\\includegraphics{/etc/passwd}", "\\write18{ls}")) {
            Cli r = Cli.run("pdf", attack, "-o", out.toString());
            assertEquals(Exit.BAD_INPUT, r.exitCode(), attack);
            assertTrue(r.err().contains("not allowed") || r.err().contains("unknown command"), r.err());
            assertFalse(Files.exists(out));
        }
        Cli r = Cli.run("pdf", "\\input{x}");
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("not allowed") || r.err().contains("unknown command"), r.err());
    }

    @Test
    void chainsBecomeAlignedRows() throws Exception {
        List<org.chainrule.render.Doc.Row> rows = PdfCommand.rows(
                org.chainrule.parse.FormulaParser.parseExpr("a = b \\le c"));
        assertEquals(2, rows.size());
        assertEquals("a", rows.get(0).lhs());
        assertEquals("=", rows.get(0).rel());
        assertEquals("", rows.get(1).lhs());
        assertEquals("\\le", rows.get(1).rel());
        assertEquals("c", rows.get(1).rhs());
    }

    @Test
    void pngAndSvgFormats() throws IOException {
        Path png = dir.resolve("f.png");
        assertEquals(Exit.OK, Cli.run("pdf", "--format", "png", "\\sigma(x) = \\frac{1}{1 + e^{-x}}", "-o", png.toString()).exitCode());
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(0xFFFFFFFF, image.getRGB(0, 0), "white background");
        assertTrue(image.getWidth() > 100);

        Path svg = dir.resolve("f.svg");
        assertEquals(Exit.OK, Cli.run("pdf", "--format", "svg", "x^2 + \\tanh(w x)", "-o", svg.toString()).exitCode());
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text);
        assertTrue(text.contains("<path"), "glyphs as paths");
    }

    @Test
    void dashOWritesToStandardOutput() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true));
        try {
            assertEquals(Exit.OK, Cli.run("pdf", "x^2", "-o", "-").exitCode());
        } finally {
            System.setOut(saved);
        }
        assertTrue(bytes.toString(StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli r = Cli.run("pdf", "x", "--format", "docx", "-o", dir.resolve("f").toString());
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().contains("--format"), r.err());
    }
}
