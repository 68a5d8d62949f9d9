package org.chainrule.render.pdf;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.chainrule.render.Doc;
import org.chainrule.render.pdf.Fonts.Face;
import org.chainrule.render.pdf.Layout.Strip;
import org.chainrule.render.tex.SafeTex;
import org.chainrule.render.tex.Tex;
import org.chainrule.render.tex.UnsafeLatexException;

/**
 * Renders a {@link Doc} to PDF without TeX: A4 portrait, 2 cm margins, prose in embedded DejaVu, math
 * laid out by jlatexmath and painted as vector shapes (one form XObject per formula), with each
 * formula's LaTeX source as invisible text over it, so searching and copying give clean LaTeX.
 *
 * <p>Every LaTeX string passes {@link SafeTex} before jlatexmath sees it; an unsafe one makes
 * {@link #render} throw {@link UnsafeLatexException} and nothing is written. The output is deterministic:
 * no dates, and a document ID derived from the content.
 */
public final class PdfRenderer {

    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN = 72f * 2f / 2.54f; // 2 cm
    static final float TEXT_WIDTH = PAGE.getWidth() - 2 * MARGIN;
    static final float TEXT_TOP = MARGIN;
    static final float TEXT_BOTTOM = PAGE.getHeight() - MARGIN;

    private PdfRenderer() {}

    /** The PDF of {@code doc}. */
    public static byte[] render(Doc doc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            render(doc, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the PDF of {@code doc} to {@code out}. */
    public static void render(Doc doc, OutputStream out) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            Fonts fonts = new Fonts(pdf);
            List<Strip> strips = Layout.of(doc, fonts);
            List<List<Placed>> pages = paginate(strips);
            new Painter(pdf, fonts).paint(pages);
            PDDocumentInformation info = pdf.getDocumentInformation();
            if (doc.title() != null && !doc.title().isBlank()) info.setTitle(doc.title());
            info.setCreator("chainrule");
            info.setProducer("chainrule (jlatexmath, Apache PDFBox)");
            // from the document's text, not hashCode: a record's hash includes enum hashes, which vary by run
            PdfId.set(pdf, doc.toString());
            pdf.save(out);
        }
    }

    // ---------------------------------------------------------------- pagination

    /** A strip at a vertical position (points from the top of the page). */
    record Placed(Strip strip, float y) {}

    /**
     * Fills pages top to bottom. A strip never splits; a strip marked keep-with-next moves to a new page
     * unless the next strip fits below it; the space before a strip is dropped at the top of a page.
     */
    static List<List<Placed>> paginate(List<Strip> strips) {
        List<List<Placed>> pages = new ArrayList<>();
        List<Placed> page = new ArrayList<>();
        float y = TEXT_TOP;
        for (int i = 0; i < strips.size(); i++) {
            Strip s = strips.get(i);
            float need = s.gapBefore() + s.height();
            // a run of keep-with-next strips goes with the strip that ends it
            int j = i;
            float chain = need;
            while (strips.get(j).keepWithNext() && j + 1 < strips.size()) {
                j++;
                chain += strips.get(j).gapBefore() + strips.get(j).height();
            }
            boolean atTop = page.isEmpty();
            if (!atTop && (y + need > TEXT_BOTTOM || (j > i && y + chain > TEXT_BOTTOM && chain - s.gapBefore() <= TEXT_BOTTOM - TEXT_TOP))) {
                pages.add(page);
                page = new ArrayList<>();
                y = TEXT_TOP;
                atTop = true;
            }
            if (!atTop) y += s.gapBefore();
            page.add(new Placed(s, y));
            y += s.height();
        }
        if (!page.isEmpty() || pages.isEmpty()) pages.add(page);
        squeezeLastPage(pages);
        return pages;
    }

    /** The least fraction of the space between blocks that {@link #squeezeLastPage} keeps. */
    static final float MIN_GAP_SCALE = 0.5f;

    /**
     * A last page holding only the end of the document (the verification note, an answer) is folded
     * into the page before it when narrowing the space between the blocks of those two pages to no
     * less than {@link #MIN_GAP_SCALE} of itself makes room: a few lines alone on a page read as lost.
     */
    private static void squeezeLastPage(List<List<Placed>> pages) {
        if (pages.size() < 2) return;
        List<Placed> both = new ArrayList<>(pages.get(pages.size() - 2));
        both.addAll(pages.get(pages.size() - 1));
        float heights = 0, gaps = 0;
        for (int i = 0; i < both.size(); i++) {
            heights += both.get(i).strip().height();
            if (i > 0) gaps += both.get(i).strip().gapBefore();
        }
        float room = TEXT_BOTTOM - TEXT_TOP - heights;
        if (gaps <= 0 || room < gaps * MIN_GAP_SCALE) return;
        float scale = Math.min(1f, room / gaps);
        List<Placed> page = new ArrayList<>();
        float y = TEXT_TOP;
        for (int i = 0; i < both.size(); i++) {
            Strip s = both.get(i).strip();
            if (i > 0) y += s.gapBefore() * scale;
            page.add(new Placed(s, y));
            y += s.height();
        }
        pages.subList(pages.size() - 2, pages.size()).clear();
        pages.add(page);
    }

    // ---------------------------------------------------------------- painting

    private static final class Painter {
        private final PDDocument pdf;
        private final Fonts fonts;
        private final Map<Tex.Box, Map<Color, Form>> forms = new IdentityHashMap<>();

        /** A formula painted once into a form XObject, with the padding around its box. */
        private record Form(PDFormXObject xobject, float height, int pad) {}

        Painter(PDDocument pdf, Fonts fonts) {
            this.pdf = pdf;
            this.fonts = fonts;
        }

        void paint(List<List<Placed>> pages) throws IOException {
            int n = pages.size();
            for (int p = 0; p < n; p++) {
                PDPage page = new PDPage(PAGE);
                pdf.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
                    for (Placed placed : pages.get(p))
                        for (Ink ink : placed.strip().inks()) paint(cs, ink, MARGIN, placed.y());
                    if (n > 1) footer(cs, p + 1, n);
                }
            }
        }

        private void footer(PDPageContentStream cs, int page, int pages) throws IOException {
            String text = page + " / " + pages;
            float size = 8f;
            float w = fonts.width(text, Face.SANS, size);
            for (Fonts.Run r : fonts.runs(text, Face.SANS))
                words(cs, new Ink.Words(0, 0, r, size, Layout.GREY), (PAGE.getWidth() - w) / 2,
                        MARGIN / 2);
        }

        /** y coordinates in inks are from the strip top, down; PDF's are from the page bottom, up. */
        private static float pdfY(float top, float y) {
            return PAGE.getHeight() - (top + y);
        }

        private void paint(PDPageContentStream cs, Ink ink, float dx, float top) throws IOException {
            switch (ink) {
                case Ink.Words w -> words(cs, w, dx + w.x(), pdfY(top, w.baseline()));
                case Ink.Formula f -> formula(cs, f, dx, top);
                case Ink.Line l -> {
                    cs.saveGraphicsState();
                    cs.setStrokingColor(l.color());
                    cs.setLineWidth(l.width());
                    cs.moveTo(dx + l.x1(), pdfY(top, l.y1()));
                    cs.lineTo(dx + l.x2(), pdfY(top, l.y2()));
                    cs.stroke();
                    cs.restoreGraphicsState();
                }
                case Ink.Label l -> label(cs, dx + l.cx(), pdfY(top, l.cy()), l.radius(), l.number());
                case Ink.Rect r -> {
                    cs.saveGraphicsState();
                    if (r.fill() != null) {
                        cs.setNonStrokingColor(r.fill());
                        cs.addRect(dx + r.x(), pdfY(top, r.y() + r.h()), r.w(), r.h());
                        cs.fill();
                    }
                    if (r.color() != null && r.width() > 0) {
                        cs.setStrokingColor(r.color());
                        cs.setLineWidth(r.width());
                        if (r.dashed()) cs.setLineDashPattern(new float[] {2.2f, 1.6f}, 0);
                        cs.addRect(dx + r.x(), pdfY(top, r.y() + r.h()), r.w(), r.h());
                        cs.stroke();
                    }
                    cs.restoreGraphicsState();
                }
                case Ink.Curve c -> {
                    cs.saveGraphicsState();
                    cs.setStrokingColor(c.color());
                    cs.setLineWidth(c.width());
                    cs.setLineCapStyle(1);
                    cs.moveTo(dx + c.x0(), pdfY(top, c.y0()));
                    cs.curveTo(dx + c.x1(), pdfY(top, c.y1()), dx + c.x2(), pdfY(top, c.y2()), dx + c.x3(), pdfY(top, c.y3()));
                    cs.stroke();
                    cs.restoreGraphicsState();
                }
                case Ink.Arrow a -> {
                    cs.saveGraphicsState();
                    cs.setNonStrokingColor(a.color());
                    cs.moveTo(dx + a.x(), pdfY(top, a.y()));
                    cs.lineTo(dx + a.x() - a.length(), pdfY(top, a.y() - a.half()));
                    cs.lineTo(dx + a.x() - a.length(), pdfY(top, a.y() + a.half()));
                    cs.closePath();
                    cs.fill();
                    cs.restoreGraphicsState();
                }
                case Ink.Check c -> {
                    float x = dx + c.x(), y = pdfY(top, c.baseline()), s = c.size();
                    cs.saveGraphicsState();
                    cs.setStrokingColor(c.color());
                    cs.setLineWidth(s * 0.13f);
                    cs.setLineCapStyle(1);
                    cs.setLineJoinStyle(1);
                    cs.moveTo(x + s * 0.08f, y + s * 0.38f);
                    cs.lineTo(x + s * 0.36f, y + s * 0.08f);
                    cs.lineTo(x + s * 0.92f, y + s * 0.78f);
                    cs.stroke();
                    cs.restoreGraphicsState();
                }
            }
        }

        private void words(PDPageContentStream cs, Ink.Words w, float x, float y) throws IOException {
            cs.beginText();
            cs.setFont(w.run().font(), w.size());
            cs.setNonStrokingColor(w.color());
            cs.newLineAtOffset(x, y);
            cs.showText(w.run().text());
            cs.endText();
        }

        /** A circle and the number in it, centred on (cx, cy). */
        private void label(PDPageContentStream cs, float cx, float cy, float r, int n) throws IOException {
            float k = 0.5523f * r; // Bézier approximation of a quarter circle
            cs.saveGraphicsState();
            cs.setStrokingColor(Color.BLACK);
            cs.setLineWidth(0.6f);
            cs.moveTo(cx + r, cy);
            cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
            cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
            cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
            cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
            cs.closePath();
            cs.stroke();
            cs.restoreGraphicsState();
            String text = Integer.toString(n);
            float size = text.length() == 1 ? r * 1.3f : r * 1.05f;
            float w = fonts.width(text, Face.SANS, size);
            for (Fonts.Run run : fonts.runs(text, Face.SANS))
                words(cs, new Ink.Words(0, 0, run, size, Color.BLACK), cx - w / 2, cy - size * 0.36f);
        }

        private Form form(Tex.Box box, Color color) throws IOException {
            Map<Color, Form> byColor = forms.computeIfAbsent(box, b -> new HashMap<>());
            Form f = byColor.get(color);
            if (f != null) return f;
            int pad = 2;
            int w = (int) Math.ceil(box.width()) + 2 * pad;
            int h = (int) Math.ceil(box.total()) + 2 * pad;
            GlyphGraphics g = new GlyphGraphics(pdf, w, h);
            Tex.paint(box, g, pad, pad, color);
            g.dispose();
            f = new Form(g.getXFormObject(), h, pad);
            byColor.put(color, f);
            return f;
        }

        private void formula(PDPageContentStream cs, Ink.Formula f, float dx, float top) throws IOException {
            Form form = form(f.box(), f.color());
            float s = f.scale();
            float x = dx + f.x();
            float boxTop = pdfY(top, f.top());
            cs.saveGraphicsState();
            cs.transform(new Matrix(s, 0, 0, s, x - form.pad() * s, boxTop - (form.height() - form.pad()) * s));
            cs.drawForm(form.xobject());
            cs.restoreGraphicsState();
            invisible(cs, f.box().latex(), x, pdfY(top, f.baseline()), f.width(), Layout.BODY * s);
        }

        /**
         * The LaTeX source as invisible text (render mode 3) spanning the formula's width. The font size
         * is chosen so that the glyphs keep their natural advance: squeezed glyphs overlap, and text
         * extractors drop overlapping repeats ("}}" would lose a brace).
         */
        private void invisible(PDPageContentStream cs, String latex, float x, float y, float width, float maxSize) throws IOException {
            invisibleText(cs, fonts, Face.SANS, latex, x, y, width, maxSize); // a key shows Sans anyway
        }
    }

    /** Invisible text spanning {@code width}, for search and copy: see {@code Painter.invisible}. */
    static void invisibleText(PDPageContentStream cs, Fonts fonts, Face face, String latex, float x, float y, float width, float maxSize)
            throws IOException {
        if (latex.isBlank() || latex.equals("{}")) return;
        List<Fonts.Run> runs = fonts.runs(latex, face);
        float perPoint = 0;
        for (Fonts.Run r : runs) perPoint += Fonts.width(r, 1f);
        if (perPoint <= 0) return;
        // the prose size where that fits; smaller only to keep at least 40% of the natural advance
        float size = Math.max(1f, Math.min(maxSize, width / (perPoint * 0.4f)));
        float scaling = 100f * width / (perPoint * size);
        cs.saveGraphicsState();
        cs.beginText();
        cs.setRenderingMode(RenderingMode.NEITHER);
        cs.setHorizontalScaling(scaling);
        cs.newLineAtOffset(x, y);
        for (Fonts.Run r : runs) {
            cs.setFont(r.font(), size);
            cs.showText(r.text());
        }
        cs.endText();
        cs.restoreGraphicsState();
    }
}
