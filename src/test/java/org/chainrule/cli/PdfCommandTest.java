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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.FormulaParser;
import org.chainrule.render.Doc;
import org.chainrule.render.pdf.FormulaBlock;
import org.chainrule.render.pdf.FormulaPdf;
import org.chainrule.render.tex.Tex;
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
        List<Doc.Row> rows = PdfCommand.rows(
                FormulaParser.parseExpr("a = b \\le c"));
        assertEquals(2, rows.size());
        assertEquals("a", rows.get(0).lhs());
        assertEquals("=", rows.get(0).rel());
        assertEquals("", rows.get(1).lhs());
        assertEquals("\\le", rows.get(1).rel());
        assertEquals("c", rows.get(1).rhs());
    }

    private static PDRectangle pageSize(Path pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            assertEquals(1, d.getNumberOfPages());
            return d.getPage(0).getMediaBox();
        }
    }

    private static List<Doc.Row> rowsOf(String formula) throws Exception {
        return PdfCommand.rows(FormulaParser.parseExpr(formula));
    }

    @Test
    void thePdfPageIsTheFormulaPlusA4ptMargin() throws Exception {
        Path out = dir.resolve("f.pdf");
        assertEquals(Exit.OK, Cli.run("pdf", "x^2 + \\tanh(w x)", "-o", out.toString()).exitCode());
        String latex = LatexPrinter.print(FormulaParser.parseExpr("x^2 + \\tanh(w x)"));
        Tex.Box box = Tex.layout(latex, FormulaPdf.SIZE, Tex.Style.DISPLAY);
        PDRectangle page = pageSize(out);
        assertEquals(4f, FormulaPdf.MARGIN);
        assertEquals(box.width() + 8f, page.getWidth(), 0.01f);
        assertEquals(box.total() + 8f, page.getHeight(), 0.01f);
        assertTrue(page.getWidth() < 150 && page.getHeight() < 40, "not A4: " + page);
        try (PDDocument d = Loader.loadPDF(out.toFile())) {
            assertEquals(latex, new PDFTextStripper().getText(d).strip(), "the LaTeX source is the page's text");
        }
    }

    @Test
    void aTitleWidensAndHeightensTheCroppedPage() throws Exception {
        Path plain = dir.resolve("plain.pdf"), titled = dir.resolve("titled.pdf");
        assertEquals(Exit.OK, Cli.run("pdf", "x", "-o", plain.toString()).exitCode());
        assertEquals(Exit.OK, Cli.run("pdf", "x", "--title", "A rather long title", "-o", titled.toString()).exitCode());
        PDRectangle p = pageSize(plain), t = pageSize(titled);
        assertTrue(t.getWidth() > 100 && t.getWidth() > 3 * p.getWidth(), "the title fits: " + t);
        assertTrue(t.getHeight() > p.getHeight() + 12, "the title is above the formula: " + t);
        try (PDDocument d = Loader.loadPDF(titled.toFile())) {
            assertEquals("A rather long title", d.getDocumentInformation().getTitle());
        }
    }

    @Test
    void aChainIsOneRowPerStepInEveryFormat() throws Exception {
        String chain = "x = y \\le z";
        List<Doc.Row> rows = rowsOf(chain);
        assertEquals(2, rows.size());

        Path pdf = dir.resolve("f.pdf");
        assertEquals(Exit.OK, Cli.run("pdf", chain, "-o", pdf.toString()).exitCode());
        FormulaBlock block = FormulaBlock.of(rows, FormulaPdf.SIZE);
        PDRectangle page = pageSize(pdf);
        assertEquals(block.width() + 8f, page.getWidth(), 0.01f);
        assertEquals(block.height() + 8f, page.getHeight(), 0.01f);
        Tex.Box oneLine = Tex.layout("x = y \\le z", FormulaPdf.SIZE, Tex.Style.DISPLAY);
        assertTrue(block.height() > 2 * oneLine.total() && block.width() < oneLine.width(), "two rows");
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            List<String> lines = new PDFTextStripper().getText(d).strip().lines().map(l -> l.replace(" ", "")).toList();
            assertEquals(List.of("x=y", "\\lez"), lines);
        }

        // PNG: 20 px nominal size at 2x, 6 px margin at 2x
        Path png = dir.resolve("f.png");
        assertEquals(Exit.OK, Cli.run("pdf", "--format", "png", chain, "-o", png.toString()).exitCode());
        var image = ImageIO.read(png.toFile());
        FormulaBlock big = FormulaBlock.of(rows, 40f);
        assertEquals((int) Math.ceil(big.height() + 24), image.getHeight());
        assertEquals((int) Math.ceil(big.width() + 24), image.getWidth());

        Path svg = dir.resolve("f.svg");
        assertEquals(Exit.OK, Cli.run("pdf", "--format", "svg", chain, "-o", svg.toString()).exitCode());
        FormulaBlock nominal = FormulaBlock.of(rows, 20f);
        String text = Files.readString(svg);
        var m = Pattern.compile("<svg[^>]* width='([0-9.]+)' height='([0-9.]+)'").matcher(text);
        assertTrue(m.find(), "an <svg> with a width and height");
        assertEquals(Math.ceil(nominal.width() + 12), Double.parseDouble(m.group(1)));
        assertEquals(Math.ceil(nominal.height() + 12), Double.parseDouble(m.group(2)));
    }

    @Test
    void rowsAreAlignedAtTheRelation() throws Exception {
        FormulaBlock b = FormulaBlock.of(rowsOf("\\frac{a}{b} = b \\le c"), 10f);
        List<Float> relX = b.parts().stream().filter(p -> List.of("=", "\\le").contains(p.box().latex()))
                .map(FormulaBlock.Part::x).toList();
        assertEquals(2, relX.size());
        assertEquals(relX.get(0), relX.get(1));
        assertTrue(relX.get(0) > 0);
        // a row without a relation starts at the left edge
        assertEquals(0f, FormulaBlock.of(rowsOf("x^2"), 10f).parts().get(0).x());
    }

    @Test
    void pngAndSvgFormats() throws IOException {
        Path png = dir.resolve("f.png");
        assertEquals(Exit.OK, Cli.run("pdf", "--format", "png", "\\sigma(x) = \\frac{1}{1 + e^{-x}}", "-o", png.toString()).exitCode());
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
        var image = ImageIO.read(png.toFile());
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
