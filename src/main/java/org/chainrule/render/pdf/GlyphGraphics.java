package org.chainrule.render.pdf;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chainrule.render.tex.Tex;
import org.chainrule.render.tex.TexFonts;

/**
 * A PDF Graphics2D that paints jlatexmath's characters as filled glyph outlines taken straight from the
 * font, cached per font and string. pdfbox-graphics2d's own path shapes every string through
 * {@link java.awt.font.TextLayout} (text shaping and font fallback), which costs most of the time of a
 * formula and can make the JDK scan the system's fonts; jlatexmath draws one character at a time in
 * its own Computer Modern fonts, where none of that is needed.
 */
final class GlyphGraphics extends PdfBoxGraphics2D implements Tex.Outlines {

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private static final int CACHE_LIMIT = 20_000;
    private static final Map<Font, Map<String, Shape>> OUTLINES = new ConcurrentHashMap<>();

    GlyphGraphics(PDDocument doc, int width, int height) throws IOException {
        super(doc, width, height);
    }

    @Override
    public void drawString(String str, float x, float y) {
        Font font = getFont();
        Map<String, Shape> byText = OUTLINES.computeIfAbsent(font, f -> new ConcurrentHashMap<>());
        Shape outline = byText.get(str);
        if (outline == null) {
            outline = TexFonts.owns(font) ? TexFonts.outline(font, str) : font.createGlyphVector(FRC, str).getOutline();
            if (byText.size() < CACHE_LIMIT) byText.put(str, outline);
        }
        fill(AffineTransform.getTranslateInstance(x, y).createTransformedShape(outline));
    }

    @Override
    public void drawString(String str, int x, int y) {
        drawString(str, (float) x, (float) y);
    }
}
