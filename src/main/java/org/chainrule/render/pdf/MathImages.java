package org.chainrule.render.pdf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.chainrule.render.pdf.Tex.Style;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Formulas as pictures: one or more display formulas stacked left-aligned, as a PNG (white background,
 * drawn at twice the nominal size for sharp screens) or an SVG (glyphs as paths, so it needs no fonts).
 * Every formula passes {@link SafeTex} through {@link Tex#layout}.
 */
public final class MathImages {

    /** Nominal formula size in pixels (SVG user units). */
    static final float SIZE = 20f;
    static final int PAD = 6;
    static final float GAP = 8f;

    private MathImages() {}

    /** A PNG of the formulas, at {@code scale} times the nominal size (2 for the CLI). */
    public static byte[] png(List<String> latex, float scale) {
        List<Tex.Box> boxes = layout(latex, SIZE * scale);
        float[] size = extent(boxes, scale);
        BufferedImage image = new BufferedImage((int) Math.ceil(size[0]), (int) Math.ceil(size[1]), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            paint(boxes, g, scale);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An SVG document of the formulas at the nominal size, glyphs drawn as paths. */
    public static String svg(List<String> latex) {
        List<Tex.Box> boxes = layout(latex, SIZE);
        float[] size = extent(boxes, 1f);
        SVGGraphics2D g = new SVGGraphics2D(Math.ceil(size[0]), Math.ceil(size[1]));
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, (int) Math.ceil(size[0]), (int) Math.ceil(size[1]));
        paint(boxes, g, 1f);
        return g.getSVGDocument();
    }

    private static List<Tex.Box> layout(List<String> latex, float size) {
        if (latex.isEmpty()) throw new IllegalArgumentException("no formula to draw");
        List<Tex.Box> boxes = new ArrayList<>();
        for (String l : latex) boxes.add(Tex.layout(l, size, Style.DISPLAY));
        return boxes;
    }

    private static float[] extent(List<Tex.Box> boxes, float scale) {
        float w = 0, h = 0;
        for (Tex.Box b : boxes) {
            w = Math.max(w, b.width());
            h += b.total();
        }
        h += GAP * scale * (boxes.size() - 1);
        return new float[] {w + 2 * PAD * scale, h + 2 * PAD * scale};
    }

    private static void paint(List<Tex.Box> boxes, Graphics2D g, float scale) {
        float y = PAD * scale;
        for (Tex.Box b : boxes) {
            Tex.paint(b, g, Math.round(PAD * scale), Math.round(y), Color.BLACK);
            y += b.total() + GAP * scale;
        }
    }
}
