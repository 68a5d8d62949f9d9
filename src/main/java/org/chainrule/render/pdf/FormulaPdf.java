package org.chainrule.render.pdf;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.util.Matrix;
import org.chainrule.render.Doc;
import org.chainrule.render.pdf.Fonts.Face;
import org.chainrule.render.tex.SafeTex;
import org.chainrule.render.tex.UnsafeLatexException;

/**
 * A formula as a PDF cropped to it, for {@code chainrule pdf}: one page exactly the size of the formula
 * plus {@link #MARGIN} on every side (and an optional title above it), the math as vector shapes laid out
 * by {@link FormulaBlock} (a chain of relations one row per step, aligned at the relation sign), and each
 * row's LaTeX source as invisible text over it, so searching and copying give clean LaTeX.
 *
 * <p>Every LaTeX string passes {@link SafeTex}; an unsafe one makes {@link #render} throw
 * {@link UnsafeLatexException}. The output is deterministic: no dates, and an ID derived from the content.
 */
public final class FormulaPdf {

    /** The math size in points: that of the answer keys' displayed formulas. */
    public static final float SIZE = 11.5f;
    /** The white space around the formula (and title), in points. */
    public static final float MARGIN = 4f;
    /** The title's size in points (DejaVu Sans Bold) and the space between it and the formula. */
    static final float TITLE = 12f;
    static final float TITLE_GAP = 6f;

    private FormulaPdf() {}

    /** The PDF of {@code rows}, with {@code title} above them when it is not blank. */
    public static byte[] render(String title, List<Doc.Row> rows) {
        FormulaBlock block = FormulaBlock.of(rows, SIZE);
        boolean titled = title != null && !title.isBlank();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument pdf = new PDDocument()) {
            Fonts fonts = new Fonts(pdf);
            List<Fonts.Run> titleRuns = titled ? fonts.runs(title, Face.SANS_BOLD) : List.of();
            float titleW = 0;
            for (Fonts.Run r : titleRuns) titleW += Fonts.width(r, TITLE);
            float titleH = titled ? TITLE * 1.2f + TITLE_GAP : 0f;
            float width = Math.max(block.width(), titleW) + 2 * MARGIN;
            float height = titleH + block.height() + 2 * MARGIN;
            PDPage page = new PDPage(new PDRectangle(width, height));
            pdf.addPage(page);
            float mathTop = MARGIN + titleH; // from the top of the page
            try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
                if (titled) {
                    cs.beginText();
                    cs.setNonStrokingColor(Color.BLACK);
                    cs.newLineAtOffset(MARGIN, height - MARGIN - TITLE * 0.95f);
                    for (Fonts.Run r : titleRuns) {
                        cs.setFont(r.font(), TITLE);
                        cs.showText(r.text());
                    }
                    cs.endText();
                }
                // the math painted once into a form as large as the page, so that ink overhanging a
                // box (an italic's slant) shows in the margin instead of being clipped
                int formW = (int) Math.ceil(width), formH = (int) Math.ceil(height);
                GlyphGraphics g = new GlyphGraphics(pdf, formW, formH);
                block.paint(g, MARGIN, mathTop, Color.BLACK, false);
                g.dispose();
                cs.saveGraphicsState();
                cs.transform(Matrix.getTranslateInstance(0, height - formH));
                cs.drawForm(g.getXFormObject());
                cs.restoreGraphicsState();
                for (FormulaBlock.Line l : block.lines())
                    invisible(cs, fonts, l.latex(), MARGIN + l.x(), height - mathTop - l.baseline(), l.width());
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            if (titled) info.setTitle(title);
            info.setCreator("chainrule");
            info.setProducer("chainrule (jlatexmath, Apache PDFBox)");
            PdfId.set(pdf, idText(titled ? title : "", rows));
            pdf.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The text the PDF's /ID is made from, field by field: a record's toString would first have the JDK
     * make its formatter (~8 ms of a cold run).
     */
    private static String idText(String title, List<Doc.Row> rows) {
        StringBuilder b = new StringBuilder(title);
        for (Doc.Row r : rows) {
            b.append('\n').append(r.lhs()).append('\t').append(r.rel()).append('\t').append(r.rhs());
            if (r.why().isPresent()) b.append('\t').append(r.why().get());
            if (r.label().isPresent()) b.append("\t(").append(r.label().get().intValue()).append(')');
        }
        return b.toString();
    }

    /**
     * The LaTeX source as invisible text (render mode 3) spanning the row's width, as PdfRenderer does:
     * the font size keeps at least 40% of the glyphs' natural advance, because text extractors drop
     * overlapping repeats ("}}" would lose a brace).
     */
    private static void invisible(PDPageContentStream cs, Fonts fonts, String latex, float x, float y, float width) throws IOException {
        PdfRenderer.invisibleText(cs, fonts, Face.SANS_ASCII, latex, x, y, width, 10f);
    }
}
