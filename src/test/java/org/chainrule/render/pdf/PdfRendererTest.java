package org.chainrule.render.pdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Heading;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.tex.UnsafeLatexException;
import org.junit.jupiter.api.Test;

/** The embedded renderer end to end: PDFBox reads back what it wrote, pages are counted and rasterised. */
class PdfRendererTest {

    private static PDDocument load(byte[] pdf) throws IOException {
        return Loader.loadPDF(pdf);
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument d = load(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    /** Dark pixels of each page rendered at 50 dpi (no poppler needed). */
    private static List<Integer> ink(byte[] pdf) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (PDDocument d = load(pdf)) {
            PDFRenderer r = new PDFRenderer(d);
            for (int p = 0; p < d.getNumberOfPages(); p++) out.add(dark(r.renderImageWithDPI(p, 50), 0, Integer.MAX_VALUE));
        }
        return out;
    }

    private static int dark(BufferedImage img, int fromX, int toX) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = Math.max(0, fromX); x < Math.min(img.getWidth(), toX); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16 & 0xff) * 3 + (rgb >> 8 & 0xff) * 6 + (rgb & 0xff)) / 10;
                if (lum < 128) n++;
            }
        return n;
    }

    @Test
    void everyBlockKindRendersWithProseAndLatexInTheTextLayer() throws IOException {
        byte[] pdf = PdfRenderer.render(SampleDocs.everyBlock());
        assertTrue(new String(pdf, 0, 8, StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        String text = text(pdf);
        for (String prose : List.of("Answer key", "Smooth-L1 loss", "differentiating each case", "chain rule",
                "verified", "NOT verified", "finite differences", "Symja timed out", "overflows",
                "denominator layout", "Values of the sigmoid", "Problem 2"))
            assertTrue(text.contains(prose), () -> "missing prose '" + prose + "' in:\n" + text);
        for (String latex : List.of("\\frac{\\partial \\mathcal{L}}{\\partial W}", "\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}",
                "\\begin{cases}", "\\boxed{", "\\sigma(x) (1 - \\sigma(x))", "0.8808", "\\sigma'(x)"))
            assertTrue(text.contains(latex), () -> "missing LaTeX '" + latex + "' in:\n" + text);
        assertFalse(text.contains("HACKED"));
        for (int dark : ink(pdf)) assertTrue(dark > 40, "a page without ink: " + dark);
    }

    @Test
    void proseIsAnEmbeddedTrueTypeSubsetNotAStandardFont() throws IOException {
        try (PDDocument d = load(PdfRenderer.render(SampleDocs.everyBlock()))) {
            int fonts = 0;
            for (var page : d.getPages())
                for (var name : page.getResources().getFontNames()) {
                    PDFont f = page.getResources().getFont(name);
                    assertTrue(f.isEmbedded(), f.getName());
                    assertTrue(f.getName().contains("DejaVu"), f.getName());
                    fonts++;
                }
            assertTrue(fonts > 0);
        }
    }

    @Test
    void aLongChainFillsSeveralPagesEachWithInk() throws IOException {
        byte[] pdf = PdfRenderer.render(SampleDocs.longChain(120));
        try (PDDocument d = load(pdf)) {
            assertTrue(d.getNumberOfPages() >= 3, "pages: " + d.getNumberOfPages());
        }
        List<Integer> ink = ink(pdf);
        for (int p = 0; p < ink.size(); p++) assertTrue(ink.get(p) > 200, "page " + (p + 1) + " has no ink: " + ink.get(p));
        String text = text(pdf);
        assertTrue(text.contains("\\frac{x^{119}}{120}"), "the last row is there");
        assertTrue(text.contains("step 119"));
    }

    @Test
    void theSameDocumentGivesTheSameBytes() {
        assertArrayEquals(PdfRenderer.render(SampleDocs.everyBlock()), PdfRenderer.render(SampleDocs.everyBlock()));
    }

    @Test
    void threadsRenderingAtOnceGetTheSameBytes() throws Exception {
        byte[] expected = PdfRenderer.render(SampleDocs.softmax());
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) results.add(pool.submit(() -> PdfRenderer.render(SampleDocs.softmax())));
            for (var r : results) assertArrayEquals(expected, r.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHeadingIsNeverLastOnAPage() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            blocks.add(new Heading("Part " + i));
            blocks.add(Paragraph.text("Some words that fill a line or two of the page, part " + i + "."));
            blocks.add(new Equations(List.of(Row.of("f_{" + i + "}", "\\frac{x^{" + i + "}}{1 + e^{-x}}"))));
        }
        Doc doc = new Doc("Headings", blocks);
        try (PDDocument pdf = new PDDocument()) {
            List<List<PdfRenderer.Placed>> pages = PdfRenderer.paginate(Layout.of(doc, new Fonts(pdf)));
            assertTrue(pages.size() >= 3);
            for (int p = 0; p < pages.size() - 1; p++) {
                List<PdfRenderer.Placed> page = pages.get(p);
                assertFalse(page.get(page.size() - 1).strip().keepWithNext(), "page " + (p + 1) + " ends with a heading");
                for (PdfRenderer.Placed placed : page)
                    assertTrue(placed.y() + placed.strip().height() <= PdfRenderer.TEXT_BOTTOM + 0.01f, "overflow on page " + (p + 1));
            }
        }
    }

    @Test
    void overWideRowsAreScaledOrBrokenAndStayOnThePage() throws IOException {
        String longRhs = String.join(" + ", Collections.nCopies(14, "\\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_{i}} \\sigma(w x_{i})"));
        String mediumRhs = String.join(" + ", Collections.nCopies(4, "\\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}_{i}} \\sigma(w x_{i})"));
        Doc doc = new Doc("Wide", List.of(new Equations(List.of(
                new Row("\\frac{\\partial \\mathcal{L}}{\\partial w}", "=", mediumRhs, Optional.of("chain rule"), Optional.of(1)),
                new Row("", "=", longRhs, Optional.of("expand"), Optional.of(2))))));
        byte[] pdf = PdfRenderer.render(doc);
        try (PDDocument d = load(pdf)) {
            BufferedImage page = new PDFRenderer(d).renderImageWithDPI(0, 50);
            int margin = (int) Math.round(50 / 2.54 * 0.8); // the outer 8 mm stay blank
            assertEquals(0, dark(page, page.getWidth() - margin, page.getWidth()), "ink in the right margin");
            assertTrue(dark(page, 0, page.getWidth()) > 500);
        }
        assertTrue(text(pdf).contains("expand"));
    }

    @Test
    void unsafeLatexInADocumentIsRefused() {
        Doc doc = new Doc("x", List.of(new Paragraph(List.of(new Doc.Text("see "), new Doc.Math("\\input{/etc/passwd}")))));
        assertThrows(UnsafeLatexException.class, () -> PdfRenderer.render(doc));
    }

    @Test
    void proseWithCharactersTheFontLacksStillRenders() throws IOException {
        Doc doc = new Doc("Ünïcödé — ∂L/∂w ≤ β ✓ ① 漢字", List.of(Paragraph.text("tab\there, emoji 🙂, arrows → ⇒")));
        String text = text(PdfRenderer.render(doc));
        assertTrue(text.contains("∂L/∂w ≤ β"), text);
        assertTrue(text.contains("arrows → ⇒"), text);
    }
}
