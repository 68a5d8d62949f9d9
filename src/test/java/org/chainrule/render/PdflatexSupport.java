package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Shared by the tests that need pdflatex: they fail (never skip) when it is missing. */
final class PdflatexSupport {
    private PdflatexSupport() {}

    /** The system's pdflatex; fails the test with what to install when there is none. */
    static Pdflatex pdflatex() {
        Pdflatex p = new Pdflatex();
        if (p.find().isEmpty())
            fail("this test needs pdflatex: install TeX Live (apt-get install texlive-latex-base "
                    + "texlive-latex-recommended lmodern); CI installs it, so it is never skipped");
        return p;
    }

    record Pdf(int pages, String text) {}

    static Pdf read(byte[] pdf) {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new Pdf(d.getNumberOfPages(), new PDFTextStripper().getText(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
