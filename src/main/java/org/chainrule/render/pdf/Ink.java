package org.chainrule.render.pdf;

import java.awt.Color;
import org.chainrule.render.tex.Tex;

/**
 * What the page painter draws: positioned marks in a strip's own coordinates (points, x from the left
 * text margin, y down from the strip's top). Layout produces them; {@link PdfRenderer} paints them.
 */
sealed interface Ink {

    /** Prose in one font: {@code baseline} is the text's baseline. */
    record Words(float x, float baseline, Fonts.Run run, float size, Color color) implements Ink {}

    /**
     * A formula scaled by {@code scale}, its box's top-left corner at ({@code x}, {@code top}); painted
     * as vector shapes with its LaTeX source as invisible text on top.
     */
    record Formula(float x, float top, Tex.Box box, float scale, Color color) implements Ink {
        float width() { return box.width() * scale; }
        float baseline() { return top + box.height() * scale; }
    }

    /** A straight line (table rules, the bar beside a note). */
    record Line(float x1, float y1, float x2, float y2, float width, Color color) implements Ink {}

    /** A circled label ① … ⑳, drawn as a circle with the number centred in it. */
    record Label(float cx, float cy, float radius, int number) implements Ink {}

    /** A check mark whose foot sits on {@code baseline}, {@code size} points tall. */
    record Check(float x, float baseline, float size, Color color) implements Ink {}

    /**
     * A rectangle, top-left corner at (x, y): filled when {@code fill} is not null, then stroked when
     * {@code color} is not null, with a dashed line when {@code dashed}.
     */
    record Rect(float x, float y, float w, float h, float width, Color color, Color fill, boolean dashed) implements Ink {}

    /** A cubic Bézier curve from (x0, y0) through the control points (x1, y1), (x2, y2) to (x3, y3). */
    record Curve(float x0, float y0, float x1, float y1, float x2, float y2, float x3, float y3, float width, Color color)
            implements Ink {}

    /** A filled arrowhead pointing right, its tip at (x, y): {@code length} long, {@code half} wide each side. */
    record Arrow(float x, float y, float length, float half, Color color) implements Ink {}
}
