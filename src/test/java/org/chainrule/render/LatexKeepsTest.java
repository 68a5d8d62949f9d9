package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.junit.jupiter.api.Test;

/** pdflatex keeps a lead-in paragraph on the page of the block it introduces. */
class LatexKeepsTest {

    /** The text of each page. */
    private static List<String> pages(byte[] pdf) throws IOException {
        List<String> out = new ArrayList<>();
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= d.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                out.add(stripper.getText(d));
            }
        }
        return out;
    }

    private static int pageOf(List<String> pages, String text) {
        for (int p = 0; p < pages.size(); p++) if (pages.get(p).contains(text)) return p;
        throw new AssertionError("\"" + text + "\" is on no page");
    }

    @Test
    void leadInsShareThePageOfWhatTheyIntroduce() throws IOException {
        // 60 lead-ins after 1 to 3 lines of filler each: the page breaks fall at many places among them
        List<Block> b = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k <= (i * 7) % 5 / 2 + (i % 7 == 3 ? 2 : 0); k++) b.add(Paragraph.text("Filler line " + i + "." + k + " between the steps."));
            if (i % 5 == 4) {
                b.add(Paragraph.text("Leadin " + i + " into a table:"));
                b.add(new Table(List.of("x", "y"), List.of(List.of("1", "2"), List.of("3", "4")), Optional.of("Caption " + i)));
            } else {
                b.add(Paragraph.text("Leadin " + i + " into a chain:"));
                b.add(new Equations(List.of(
                        Row.of("f_{" + i + "}", "\\frac{x}{1 + e^{-x}}").because("reason " + i),
                        Row.of("", "x \\sigma(x)").because("simplify"))));
            }
        }
        List<String> pages = pages(PdflatexSupport.pdflatex().compile(LatexWriter.standalone(new Doc("Lead-ins", b))));
        assertTrue(pages.size() >= 4, "expected several pages, got " + pages.size());
        int atTop = 0;
        for (int i = 0; i < 60; i++) {
            int lead = pageOf(pages, "Leadin " + i + " ");
            String what = i % 5 == 4 ? "Caption " + i : "reason " + i;
            assertEquals(lead, pageOf(pages, what), "\"Leadin " + i + "\" is not on the page of what it introduces");
            if (lead > 0 && pages.get(lead).strip().startsWith("Leadin " + i + " ")) atTop++;
        }
        assertTrue(atTop > 0, "no lead-in begins a page: the test did not put one at a page's foot");
    }
}
