package org.chainrule.render.pdf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.chainrule.render.Doc;
import org.chainrule.render.tex.SafeTex;
import org.chainrule.render.tex.Tex;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Formulas as pictures, cropped to the formula with a margin of {@link #PAD}: rows laid out by
 * {@link FormulaBlock} (a chain of relations one row per step, aligned at the relation sign, as in
 * {@code chainrule pdf}'s PDF), as a PNG (white background, drawn at a multiple of the nominal size for
 * sharp screens) or an SVG (glyphs as paths, so it needs no fonts). Every formula passes {@link SafeTex}
 * through {@link Tex#layout}.
 */
public final class MathImages {

    /** Nominal formula size in pixels (SVG user units). */
    static final float SIZE = 20f;
    /** The margin around the formula at the nominal size. */
    static final int PAD = 6;

    private MathImages() {}

    /** A PNG of the rows (a relation chain one row per step), at {@code scale} times the nominal size (2 for the CLI). */
    public static byte[] png(List<Doc.Row> rows, float scale) {
        FormulaBlock block = FormulaBlock.of(rows, SIZE * scale);
        float pad = PAD * scale;
        BufferedImage image = new BufferedImage((int) Math.ceil(block.width() + 2 * pad),
                (int) Math.ceil(block.height() + 2 * pad), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            block.paint(g, pad, pad, Color.BLACK, true);
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

    /** An SVG document of the rows at the nominal size, glyphs drawn as paths. */
    public static String svg(List<Doc.Row> rows) {
        FormulaBlock block = FormulaBlock.of(rows, SIZE);
        int w = (int) Math.ceil(block.width() + 2 * PAD), h = (int) Math.ceil(block.height() + 2 * PAD);
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        block.paint(g, PAD, PAD, Color.BLACK, false);
        return g.getSVGDocument();
    }
}
