package org.chainrule.render.pdf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.render.Doc;
import org.chainrule.render.tex.SafeTex;
import org.chainrule.render.tex.Tex;
import org.chainrule.render.tex.Tex.Style;

/**
 * Rows of a displayed formula laid out once for every picture format ({@code chainrule pdf} as PDF, PNG
 * or SVG): a chain of relations is one row per step, aligned at the relation sign; a row without a
 * relation starts at the left edge. Sizes are in the units of {@code size} (points for PDF, pixels for
 * images), with the origin at the top left of the ink and y going down. Nothing is ever scaled: the
 * picture is as large as the formula.
 */
public final class FormulaBlock {

    /** Space between rows, in em. */
    static final float ROW_GAP = 0.4f;

    /** One laid-out formula piece, the top-left corner of its box at ({@code x}, {@code top}). */
    public record Part(Tex.Box box, float x, float top) {}

    /** One row: its LaTeX ("a = b", "\le c"), its left edge, width and baseline. */
    public record Line(String latex, float x, float width, float baseline) {}

    private final List<Part> parts;
    private final List<Line> lines;
    private final float width;
    private final float height;

    private FormulaBlock(List<Part> parts, List<Line> lines, float width, float height) {
        this.parts = List.copyOf(parts);
        this.lines = List.copyOf(lines);
        this.width = width;
        this.height = height;
    }

    public List<Part> parts() { return parts; }
    public List<Line> lines() { return lines; }
    public float width() { return width; }
    public float height() { return height; }

    /** Lays {@code rows} out at {@code size}; every LaTeX string passes {@link SafeTex} through {@link Tex#layout}. */
    public static FormulaBlock of(List<Doc.Row> rows, float size) {
        if (rows.isEmpty()) throw new IllegalArgumentException("no formula to draw");
        record Measured(Optional<Tex.Box> lhs, Optional<Tex.Box> rel, Tex.Box rhs, String latex) {}
        List<Measured> measured = new ArrayList<>();
        float maxLhs = 0;
        boolean anyLhs = false;
        for (Doc.Row r : rows) {
            Optional<Tex.Box> lhs = box(r.lhs(), size), rel = box(r.rel(), size);
            Tex.Box rhs = Tex.layout(r.rhs() == null || r.rhs().isBlank() ? "{}" : r.rhs(), size, Style.DISPLAY);
            if (lhs.isPresent() && rel.isPresent()) {
                anyLhs = true;
                maxLhs = Math.max(maxLhs, lhs.get().width());
            }
            List<String> text = new ArrayList<>();
            for (String s : new String[] {r.lhs(), r.rel(), r.rhs()}) if (s != null && !s.isBlank()) text.add(s);
            measured.add(new Measured(lhs, rel, rhs, String.join(" ", text)));
        }
        float gap = size * 5f / 18f; // TeX's \thickmuskip around a relation
        float relX = anyLhs ? maxLhs + gap : 0f;
        List<Part> parts = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        float y = 0, width = 0;
        for (int i = 0; i < measured.size(); i++) {
            Measured m = measured.get(i);
            float asc = m.rhs().height(), desc = m.rhs().depth();
            for (Optional<Tex.Box> b : List.of(m.lhs(), m.rel()))
                if (b.isPresent()) {
                    asc = Math.max(asc, b.get().height());
                    desc = Math.max(desc, b.get().depth());
                }
            float baseline = y + asc;
            float left, right;
            if (m.rel().isPresent()) {
                Tex.Box rel = m.rel().get();
                left = relX;
                if (m.lhs().isPresent()) {
                    left = relX - gap - m.lhs().get().width();
                    parts.add(new Part(m.lhs().get(), left, baseline - m.lhs().get().height()));
                }
                parts.add(new Part(rel, relX, baseline - rel.height()));
                float rhsX = relX + rel.width() + gap;
                parts.add(new Part(m.rhs(), rhsX, baseline - m.rhs().height()));
                right = rhsX + m.rhs().width();
            } else {
                // no relation: the row starts at the left edge (an lhs without a relation reads as one formula)
                left = 0;
                float x = 0;
                if (m.lhs().isPresent()) {
                    parts.add(new Part(m.lhs().get(), x, baseline - m.lhs().get().height()));
                    x += m.lhs().get().width() + gap;
                }
                parts.add(new Part(m.rhs(), x, baseline - m.rhs().height()));
                right = x + m.rhs().width();
            }
            lines.add(new Line(m.latex(), left, right - left, baseline));
            width = Math.max(width, right);
            y = baseline + desc;
            if (i < measured.size() - 1) y += ROW_GAP * size;
        }
        return new FormulaBlock(parts, lines, width, y);
    }

    private static Optional<Tex.Box> box(String latex, float size) {
        return latex == null || latex.isBlank() ? Optional.empty() : Optional.of(Tex.layout(latex, size, Style.DISPLAY));
    }

    /**
     * Paints the block in {@code color} with its top-left corner at ({@code x}, {@code y}) in {@code g}'s
     * coordinates; {@code snap} puts every piece on whole units (crisp rules in a bitmap).
     */
    public void paint(Graphics2D g, double x, double y, Color color, boolean snap) {
        AffineTransform saved = g.getTransform();
        try {
            for (Part p : parts) {
                g.setTransform(saved);
                double px = x + p.x(), py = y + p.top();
                g.translate(snap ? Math.round(px) : px, snap ? Math.round(py) : py);
                Tex.paint(p.box(), g, 0, 0, color);
            }
        } finally {
            g.setTransform(saved);
        }
    }
}
