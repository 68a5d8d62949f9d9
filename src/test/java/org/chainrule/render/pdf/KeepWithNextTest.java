package org.chainrule.render.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Heading;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Keeps;
import org.junit.jupiter.api.Test;

/** Page assignment of the embedded renderer: what introduces a block is never left at the foot of a page. */
class KeepWithNextTest {

    private static List<List<PdfRenderer.Placed>> pages(Doc doc) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            return PdfRenderer.paginate(Layout.of(doc, new Fonts(pdf)));
        }
    }

    /** The page (from 0) of the first strip that {@code which} matches. */
    private static int pageOf(List<List<PdfRenderer.Placed>> pages, Predicate<Layout.Strip> which) {
        for (int p = 0; p < pages.size(); p++)
            for (PdfRenderer.Placed placed : pages.get(p))
                if (which.test(placed.strip())) return p;
        throw new AssertionError("no such strip");
    }

    private static boolean firstOnPage(List<List<PdfRenderer.Placed>> pages, Predicate<Layout.Strip> which) {
        int p = pageOf(pages, which);
        return which.test(pages.get(p).get(0).strip());
    }

    private static Predicate<Layout.Strip> says(String text) {
        return s -> s.inks().stream().anyMatch(i -> i instanceof Ink.Words w && w.run().text().contains(text));
    }

    private static Predicate<Layout.Strip> label(int n) {
        return s -> s.inks().stream().anyMatch(i -> i instanceof Ink.Label l && l.number() == n);
    }

    /** A heading, {@code fill} one-line paragraphs, the lead-in, and the chain it introduces. */
    private static Doc leadInAfter(int fill, String leadIn) {
        List<Block> b = new ArrayList<>();
        b.add(new Heading("Problem 1"));
        for (int i = 0; i < fill; i++) b.add(Paragraph.text("Filler line number " + i + " of the first page."));
        b.add(Paragraph.text(leadIn));
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("\\frac{\\partial E}{\\partial \\theta}", "\\theta - t").because("power rule").labelled(7));
        for (int i = 0; i < 5; i++) rows.add(Row.of("", "\\theta - t + " + i).because("simplify"));
        b.add(new Equations(rows));
        b.add(new Answer("\\frac{\\partial E}{\\partial \\theta}", "\\theta - t", true));
        b.add(new Note(NoteKind.VERIFIED, "Verified at 12 random points."));
        return new Doc("Keeps", b);
    }

    @Test
    void aLeadInThatWouldEndAPageMovesWithItsChain() throws IOException {
        for (String leadIn : List.of("First, the derivative of the error by the output:", "where")) {
            int moved = 0;
            // every position of the lead-in from the middle of page 1 to the top of page 2
            for (int fill = 20; fill < 50; fill++) {
                List<List<PdfRenderer.Placed>> pages = pages(leadInAfter(fill, leadIn));
                Predicate<Layout.Strip> lead = says(leadIn.substring(0, 5));
                int leadPage = pageOf(pages, lead);
                assertEquals(leadPage, pageOf(pages, label(7)), "with " + fill + " lines: \"" + leadIn + "\" on another page than its chain");
                if (leadPage > 0 && firstOnPage(pages, lead)) moved++;
            }
            assertTrue(moved > 0, "no filling put \"" + leadIn + "\" at the foot of page 1");
        }
    }

    @Test
    void aShortChainIsNotSplitAndALongOneLeavesNoRowAlone() throws IOException {
        for (int rowsInChain : List.of(3, 8)) {
            for (int fill = 30; fill < 50; fill++) {
                List<Block> b = new ArrayList<>();
                for (int i = 0; i < fill; i++) b.add(Paragraph.text("Filler line number " + i + "."));
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < rowsInChain; i++)
                    rows.add(Row.of(i == 0 ? "f" : "", "\\frac{x^{" + i + "}}{1 + e^{-x}}").labelled(i + 1));
                b.add(new Equations(rows));
                List<List<PdfRenderer.Placed>> pages = pages(new Doc("Chains", b));
                int first = pageOf(pages, label(1)), second = pageOf(pages, label(2));
                int last = pageOf(pages, label(rowsInChain)), beforeLast = pageOf(pages, label(rowsInChain - 1));
                assertEquals(first, second, rowsInChain + " rows after " + fill + " lines: the first row alone");
                assertEquals(beforeLast, last, rowsInChain + " rows after " + fill + " lines: the last row alone");
                if (rowsInChain <= Keeps.FEW_ROWS) assertEquals(first, last, "a short chain split");
            }
        }
    }

    @Test
    void aCaptionStaysWithItsTableAndAnAnswerWithItsNote() throws IOException {
        for (int fill = 30; fill < 50; fill++) {
            List<Block> b = new ArrayList<>();
            for (int i = 0; i < fill; i++) b.add(Paragraph.text("Filler line number " + i + "."));
            b.add(new Table(List.of("x", "y"), List.of(List.of("1", "2"), List.of("3", "4"), List.of("5", "6")),
                    Optional.of("Values at the sample points")));
            b.add(new Answer("y", "x + 1", true));
            b.add(new Note(NoteKind.VERIFIED, "Checked against finite differences."));
            b.add(Paragraph.text("The end."));
            List<List<PdfRenderer.Placed>> pages = pages(new Doc("Tables", b));
            assertFalse(firstOnPage(pages, says("Values at")), "with " + fill + " lines the caption leaves its table");
            int note = pageOf(pages, says("Checked against"));
            assertEquals(note, pageOf(pages, says("verified")), "with " + fill + " lines the answer and its note part");
        }
    }

    @Test
    void aFewLinesLeftForALastPageAreFoldedIntoThePageBefore() throws IOException {
        // fill page 1 to the brim, then one short note: it fits once the space between blocks narrows
        for (int fill = 30; fill < 60; fill++) {
            List<Block> b = new ArrayList<>();
            for (int i = 0; i < fill; i++) b.add(Paragraph.text("Filler line number " + i + "."));
            b.add(new Note(NoteKind.VERIFIED, "Verified."));
            Doc doc = new Doc("Squeeze", b);
            List<List<PdfRenderer.Placed>> pages = pages(doc);
            for (List<PdfRenderer.Placed> page : pages)
                for (PdfRenderer.Placed placed : page)
                    assertTrue(placed.y() + placed.strip().height() <= PdfRenderer.TEXT_BOTTOM + 0.01f, "overflow");
            if (pages.size() > 1) {
                List<PdfRenderer.Placed> last = pages.get(pages.size() - 1);
                // what is left alone must be more than the note and the last filler line
                assertTrue(last.size() > 2, "with " + fill + " lines, " + last.size() + " strips alone on the last page");
            }
        }
    }
}
