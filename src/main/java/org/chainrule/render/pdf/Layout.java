package org.chainrule.render.pdf;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Heading;
import org.chainrule.render.Doc.Inline;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Breaks;
import org.chainrule.render.Keeps;
import org.chainrule.render.GraphLayout;
import org.chainrule.render.LatexWriter;
import org.chainrule.render.pdf.Fonts.Face;
import org.chainrule.render.tex.Tex;
import org.chainrule.render.tex.Tex.Style;

/**
 * Lays a {@link Doc} out into strips: the units a page break may fall between. A strip is never split
 * (one equation row with its justification, one line of a paragraph, one table row); a strip marked
 * keep-with-next is not the last on a page: a heading, a lead-in paragraph ("First, ∂E/∂θ:"), a short
 * chain's rows, the first and next-to-last row of a long chain or table, a paragraph's first and
 * next-to-last line, a table's last row before its caption, an answer before its verification note.
 * Over-wide equation rows are scaled to the text width down to {@link #MIN_SCALE}; below that the
 * right-hand side moves to its own line.
 */
final class Layout {

    /** A unit of the page: its height, the marks in it, the space above it, and whether it sticks to the next. */
    record Strip(float height, List<Ink> inks, float gapBefore, boolean keepWithNext) {}

    // ---------------------------------------------------------------- measures (points)

    static final float WIDTH = PdfRenderer.TEXT_WIDTH;
    static final float BODY = 10f;          // prose
    static final float LEADING = 14.2f;     // prose baseline to baseline
    static final float MATH = 11.5f;        // math: CM's x-height matches DejaVu Serif's at about 1.15x
    static final float SMALL = 8.6f;        // justifications, notes, captions
    static final float TITLE = 17f;
    static final float HEADING = 12.5f;
    static final float INDENT = 18f;        // equation chains and answers
    static final float ROW_GAP = 7f;        // between equation rows
    static final float LABEL_COLUMN = 24f;  // room for circled labels at the right
    static final float MIN_SCALE = 0.55f;   // the smallest a formula is ever scaled, but as a last resort
    static final float ROW_MIN_SCALE = BODY / MATH; // a row is broken rather than set below the body size
    static final float PARA_GAP = 7f;
    static final float BLOCK_GAP = 9f;

    static final Color BLACK = Color.BLACK;
    static final Color GREY = new Color(0x66, 0x66, 0x66);
    static final Color GREEN = new Color(0x1B, 0x7A, 0x35);
    static final Color RED = new Color(0xC0, 0x1C, 0x1C);
    static final Color ORANGE = new Color(0xC8, 0x6A, 0x00);

    private final Fonts fonts;
    private final List<Strip> strips = new ArrayList<>();

    private Layout(Fonts fonts) {
        this.fonts = fonts;
    }

    static List<Strip> of(Doc doc, Fonts fonts) {
        Layout l = new Layout(fonts);
        if (doc.title() != null && !doc.title().isBlank()) l.title(doc.title());
        List<Block> blocks = doc.blocks();
        int[] starts = new int[blocks.size() + 1];
        for (int i = 0; i < blocks.size(); i++) {
            starts[i] = l.strips.size();
            l.block(blocks.get(i));
        }
        starts[blocks.size()] = l.strips.size();
        l.keepAcrossBlocks(blocks, starts);
        return l.strips;
    }

    /**
     * The keeps that look at the next block: a paragraph that leads into what follows ("First, ∂E/∂θ:",
     * "where"; {@link Keeps#leadsIn}) goes to the next page with that block's first strips, and an
     * answer with the verification note right after it. Keeps inside a block are set where the block
     * is laid out.
     */
    private void keepAcrossBlocks(List<Block> blocks, int[] starts) {
        for (int i = 0; i + 1 < blocks.size(); i++) {
            int from = starts[i], to = starts[i + 1];
            if (from == to || to == strips.size()) continue;
            Block next = blocks.get(i + 1);
            switch (blocks.get(i)) {
                case Paragraph p when Keeps.leadsIn(p, next) -> keep(to - 1, to);
                case Answer a when next instanceof Note -> keep(from, to);
                default -> {}
            }
        }
    }

    /** Marks strips {@code from} (inclusive) to {@code to} (exclusive) to stay with the strip after them. */
    private void keep(int from, int to) {
        for (int i = Math.max(0, from); i < to && i < strips.size(); i++) {
            Strip s = strips.get(i);
            if (!s.keepWithNext()) strips.set(i, new Strip(s.height(), s.inks(), s.gapBefore(), true));
        }
    }

    /** Where the strips of the last block begin, and whether it was a paragraph (a graph keeps it). */
    private int lastBlockStart;
    private boolean lastWasParagraph;

    private void block(Block b) {
        int start = strips.size();
        layOut(b);
        lastBlockStart = start;
        lastWasParagraph = b instanceof Paragraph;
    }

    private void layOut(Block b) {
        switch (b) {
            case Heading h -> heading(h);
            case Paragraph p -> paragraph(p.parts(), Face.SERIF, BODY, LEADING, BLACK, 0f, PARA_GAP);
            case Equations e -> equations(e);
            case Answer a -> answer(a);
            case Note n -> note(n);
            case Table t -> table(t);
            case Doc.Graph g -> graph(g);
        }
    }

    // ---------------------------------------------------------------- title, headings

    private void title(String title) {
        List<Line> lines = wrapText(title, Face.SANS_BOLD, TITLE, WIDTH);
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            List<Ink> inks = new ArrayList<>(lines.get(i).inks(0f, TITLE * 0.95f));
            float h = TITLE * 1.25f;
            if (last) {
                inks.add(new Ink.Line(0, h + 3f, WIDTH, h + 3f, 0.8f, BLACK));
                h += 8f;
            }
            strips.add(new Strip(h, inks, 0f, true));
        }
    }

    private void heading(Heading h) {
        List<Line> lines = wrap(pieces(h.parts(), Face.SANS_BOLD, HEADING), Face.SANS_BOLD, HEADING, BLACK, WIDTH);
        for (int i = 0; i < lines.size(); i++) {
            // inline maths (Smooth-$L_1$) may reach above the cap height or below the baseline
            Line l = lines.get(i);
            float asc = Math.max(HEADING * 0.98f, l.ascent()), desc = Math.max(HEADING * 0.32f, l.descent());
            strips.add(new Strip(asc + desc, l.inks(0f, asc), i == 0 ? 15f : 0f, true));
        }
    }

    // ---------------------------------------------------------------- paragraphs

    /** One item of a paragraph: a word (runs of text) or an inline formula, and whether a space precedes it. */
    private sealed interface Piece {
        boolean spaceBefore();
        float width();
    }

    private record Word(String text, boolean spaceBefore, float width) implements Piece {}

    private record InlineMath(Tex.Box box, boolean spaceBefore, float scale) implements Piece {
        public float width() { return box.width() * scale; }
    }

    /** A laid-out line: pieces with their x positions, in one face and size. */
    private final class Line {
        final List<Piece> pieces = new ArrayList<>();
        final List<Float> xs = new ArrayList<>();
        final Face face;
        final float size;
        final Color color;
        float end;

        Line(Face face, float size, Color color) {
            this.face = face;
            this.size = size;
            this.color = color;
        }

        float ascent() {
            float a = size * 0.76f;
            for (Piece p : pieces) if (p instanceof InlineMath m) a = Math.max(a, m.box().height() * m.scale());
            return a;
        }

        float descent() {
            float d = size * 0.24f;
            for (Piece p : pieces) if (p instanceof InlineMath m) d = Math.max(d, m.box().depth() * m.scale());
            return d;
        }

        /**
         * The marks of this line with its baseline at {@code baseline}, shifted right by {@code dx}.
         * Neighbouring words become one string with real spaces, so copied text reads naturally.
         */
        List<Ink> inks(float dx, float baseline) {
            List<Ink> out = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            float textX = 0;
            for (int i = 0; i < pieces.size(); i++) {
                Piece p = pieces.get(i);
                float x = xs.get(i) + dx;
                switch (p) {
                    case Word w -> {
                        if (text.length() == 0) textX = x;
                        else if (w.spaceBefore()) text.append(' ');
                        text.append(w.text());
                    }
                    case InlineMath m -> {
                        flush(out, text, textX, baseline);
                        out.add(new Ink.Formula(x, baseline - m.box().height() * m.scale(), m.box(), m.scale(), BLACK));
                    }
                }
            }
            flush(out, text, textX, baseline);
            return out;
        }

        private void flush(List<Ink> out, StringBuilder text, float x, float baseline) {
            if (text.length() == 0) return;
            for (Fonts.Run r : fonts.runs(text.toString(), face)) {
                out.add(new Ink.Words(x, baseline, r, size, color));
                x += Fonts.width(r, size);
            }
            text.setLength(0);
        }
    }

    private List<Piece> pieces(List<Inline> parts, Face face, float size) {
        List<Piece> out = new ArrayList<>();
        boolean space = false;
        for (Inline part : parts) {
            switch (part) {
                case Doc.Text t -> {
                    StringBuilder word = new StringBuilder();
                    String s = t.text();
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (Character.isWhitespace(c)) {
                            if (word.length() > 0) {
                                out.add(new Word(word.toString(), space, fonts.width(word.toString(), face, size)));
                                word.setLength(0);
                            }
                            space = true;
                        } else {
                            word.append(c);
                        }
                    }
                    if (word.length() > 0) {
                        out.add(new Word(word.toString(), space, fonts.width(word.toString(), face, size)));
                        space = false;
                    }
                }
                case Doc.Math m -> {
                    Tex.Box box = Tex.layout(m.latex(), size * MATH / BODY, Style.TEXT);
                    out.add(new InlineMath(box, space, 1f));
                    space = false;
                }
            }
        }
        return out;
    }

    /** Greedy line filling; breaks only where a space was, so "$x$," keeps its comma. */
    private List<Line> wrap(List<Piece> pieces, Face face, float size, Color color, float width) {
        float spaceW = fonts.width(" ", face, size);
        List<Line> lines = new ArrayList<>();
        Line line = new Line(face, size, color);
        int i = 0;
        while (i < pieces.size()) {
            int j = i + 1; // a cluster: pieces joined without spaces
            float w = pieces.get(i).width();
            while (j < pieces.size() && !pieces.get(j).spaceBefore()) w += pieces.get(j++).width();
            float gap = line.pieces.isEmpty() ? 0 : spaceW;
            if (!line.pieces.isEmpty() && line.end + gap + w > width) {
                lines.add(line);
                line = new Line(face, size, color);
                gap = 0;
            }
            float x = line.end + gap;
            float shrink = line.pieces.isEmpty() && w > width ? Math.max(MIN_SCALE, width / w) : 1f;
            for (int k = i; k < j; k++) {
                Piece p = pieces.get(k);
                if (shrink < 1f && p instanceof InlineMath m) p = new InlineMath(m.box(), m.spaceBefore(), shrink);
                line.pieces.add(p);
                line.xs.add(x);
                x += p.width();
            }
            line.end = x;
            i = j;
        }
        if (!line.pieces.isEmpty()) lines.add(line);
        return lines;
    }

    private List<Line> wrapText(String text, Face face, float size, float width) {
        return wrap(pieces(List.of(new Doc.Text(text)), face, size), face, size, BLACK, width);
    }

    private void paragraph(List<Inline> parts, Face face, float size, float leading, Color color, float dx, float gap) {
        List<Line> lines = wrap(pieces(parts, face, size), face, size, color, WIDTH - dx);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            float asc = Math.max(l.ascent(), leading * 0.74f);
            float desc = Math.max(l.descent(), leading * 0.26f);
            // no first or last line of a paragraph alone on a page (club and widow lines)
            boolean keep = i + 1 < lines.size() && (i == 0 || i == lines.size() - 2);
            strips.add(new Strip(asc + desc, l.inks(dx, asc), i == 0 ? gap : 0f, keep));
        }
    }

    // ---------------------------------------------------------------- equation chains

    private static float relGap() {
        return MATH * 5f / 18f; // TeX's \thickmuskip around a relation
    }

    private void equations(Equations e) {
        if (e.rows().isEmpty()) return;
        record Measured(Row row, Optional<Tex.Box> lhs, Optional<Tex.Box> rel, Tex.Box rhs) {}
        List<Measured> rows = new ArrayList<>();
        boolean labels = false;
        for (Row r : e.rows()) {
            rows.add(new Measured(r, display(r.lhs()), display(r.rel()), Tex.layout(r.rhs().isBlank() ? "{}" : r.rhs(), MATH, Style.DISPLAY)));
            labels |= r.label().isPresent();
        }
        float gap = relGap();
        float lhsCap = WIDTH * 0.3f;
        float maxLhs = 0;
        boolean anyLhs = false;
        for (Measured m : rows) {
            if (m.lhs().isPresent()) {
                anyLhs = true;
                if (m.lhs().get().width() <= lhsCap) maxLhs = Math.max(maxLhs, m.lhs().get().width());
            }
        }
        float relX = INDENT + (anyLhs ? maxLhs + gap : 0);
        float right = WIDTH - (labels ? LABEL_COLUMN : 0);
        for (int i = 0; i < rows.size(); i++) {
            Measured m = rows.get(i);
            strips.add(row(m.row(), m.lhs(), m.rel(), m.rhs(), relX, right, i == 0 ? BLOCK_GAP : 0f));
        }
        // a short chain is read as one piece; a long one may break between rows, but never leaves its
        // first or its last row alone on a page
        int from = strips.size() - rows.size(), to = strips.size();
        if (rows.size() <= Keeps.FEW_ROWS) keep(from, to - 1);
        else {
            keep(from, from + 1);
            keep(to - 2, to - 1);
        }
    }

    private static Optional<Tex.Box> display(String latex) {
        return latex == null || latex.isBlank() ? Optional.empty() : Optional.of(Tex.layout(latex, MATH, Style.DISPLAY));
    }

    /** One formula line of a row: its boxes placed on a common baseline. */
    private record Placed(Tex.Box box, float x, float scale) {}

    private Strip row(Row row, Optional<Tex.Box> lhs, Optional<Tex.Box> rel, Tex.Box rhs, float relX, float right, float gapBefore) {
        float gap = relGap();
        float relW = rel.map(Tex.Box::width).orElse(0f);
        float afterRel = rel.isPresent() ? gap : 0;
        float lhsW = lhs.map(Tex.Box::width).orElse(0f);
        Optional<String> why = row.why().filter(w -> !w.isBlank());
        float whyW = why.map(w -> fonts.width(w, Face.SERIF_ITALIC, SMALL)).orElse(0f);

        List<List<Placed>> lines = new ArrayList<>();
        boolean lhsOwnLine = lhs.isPresent() && relX - gap - lhsW < INDENT - 0.01f;
        float rowRel = relX;
        if (lhsOwnLine) {
            lines.add(List.of(new Placed(lhs.get(), INDENT, fit(lhsW, right - INDENT))));
        }
        float tail = relW + afterRel + rhs.width();
        float s = Math.min(1f, (right - rowRel) / tail);
        if (s >= ROW_MIN_SCALE) {
            List<Placed> line = new ArrayList<>();
            if (lhs.isPresent() && !lhsOwnLine) line.add(new Placed(lhs.get(), rowRel - (gap + lhsW) * s, s));
            rel.ifPresent(r -> line.add(new Placed(r, rowRel, s)));
            line.add(new Placed(rhs, rowRel + (relW + afterRel) * s, s));
            lines.add(line);
        } else {
            // the right-hand side goes under the relation, on a line of its own
            List<Placed> first = new ArrayList<>();
            if (lhs.isPresent() && !lhsOwnLine) first.add(new Placed(lhs.get(), rowRel - gap - lhsW, 1f));
            rel.ifPresent(r -> first.add(new Placed(r, rowRel, 1f)));
            if (!first.isEmpty()) lines.add(first);
            float x = rowRel + relW + afterRel;
            if (rhs.width() * ROW_MIN_SCALE > right - x) x = INDENT + 2 * MATH;
            float room = right - x;
            if (rhs.width() * ROW_MIN_SCALE <= room || Breaks.pieces(row.rhs()).size() == 1) {
                // one unbreakable term: shrink it to the room rather than let it run off the page
                lines.add(List.of(new Placed(rhs, x, Math.min(1f, room / rhs.width()))));
            } else {
                // still too wide: break the right-hand side before top-level + and − signs
                for (String part : breakTerms(row.rhs(), room)) {
                    Tex.Box b = Tex.layout(part, MATH, Style.DISPLAY);
                    float sb = Math.min(fit(b.width(), room), room / b.width()); // last resort: whatever fits
                    lines.add(List.of(new Placed(b, x, sb)));
                }
            }
        }

        // vertical placement: each formula line on its own baseline
        List<Ink> inks = new ArrayList<>();
        float y = 0;
        float lastBaseline = 0, lastEnd = 0, lastAsc = 0;
        for (List<Placed> line : lines) {
            float asc = MATH * 0.75f, desc = MATH * 0.25f, end = 0;
            for (Placed p : line) {
                asc = Math.max(asc, p.box().height() * p.scale());
                desc = Math.max(desc, p.box().depth() * p.scale());
                end = Math.max(end, p.x() + p.box().width() * p.scale());
            }
            float baseline = y + asc;
            for (Placed p : line)
                inks.add(new Ink.Formula(p.x(), baseline - p.box().height() * p.scale(), p.box(), p.scale(), BLACK));
            y = baseline + desc + (line == lines.get(lines.size() - 1) ? 0 : ROW_GAP * 0.6f);
            lastBaseline = baseline;
            lastEnd = end;
            lastAsc = asc;
        }
        float axis = lastBaseline - MATH * 0.25f; // TeX's math axis, where "=" sits
        if (row.label().isPresent()) {
            float r = 6.3f;
            inks.add(new Ink.Label(WIDTH - r - 0.5f, axis, r, row.label().get()));
        }
        if (why.isPresent()) {
            float whyRight = right - (row.label().isPresent() ? 2f : 0f);
            if (lastEnd + 12f + whyW <= whyRight) {
                addText(inks, why.get(), Face.SERIF_ITALIC, SMALL, GREY, whyRight - whyW, axis + SMALL * 0.3f);
            } else {
                y += SMALL * 1.25f;
                addText(inks, why.get(), Face.SERIF_ITALIC, SMALL, GREY, Math.max(INDENT, whyRight - whyW), y - SMALL * 0.2f);
            }
        }
        return new Strip(y + ROW_GAP, inks, gapBefore, false);
    }

    /**
     * {@code latex} cut where a person breaks a long formula ({@link Breaks#pieces}: before top-level
     * {@code +} and {@code -} signs, else between factors) into lines that fit {@code room} at full size
     * where possible.
     */
    static List<String> breakTerms(String latex, float room) {
        return Breaks.lines(latex, line -> Tex.layout(line, MATH, Style.DISPLAY).width() <= room);
    }

    private static float fit(float width, float room) {
        return Math.min(1f, Math.max(MIN_SCALE, room / width));
    }

    private void addText(List<Ink> inks, String text, Face face, float size, Color color, float x, float baseline) {
        for (Fonts.Run r : fonts.runs(text, face)) {
            inks.add(new Ink.Words(x, baseline, r, size, color));
            x += Fonts.width(r, size);
        }
    }

    // ---------------------------------------------------------------- answers

    private void answer(Answer a) {
        String latex = a.lhs() + " = \\boxed{" + a.rhs() + "}";
        Tex.Box box = Tex.layout(latex, MATH, Style.DISPLAY);
        if (a.mark() == Doc.Mark.NONE) { // a handout: the box alone
            float s = Math.min(1f, Math.max(MIN_SCALE, (WIDTH - INDENT) / box.width()));
            float bottom = 3f + (box.height() + box.depth()) * s;
            strips.add(new Strip(bottom + 4f, List.of(new Ink.Formula(INDENT, 3f, box, s, BLACK)), BLOCK_GAP, false));
            return;
        }
        String mark = a.verified() ? "verified" : "NOT verified";
        Face markFace = a.verified() ? Face.SANS : Face.SANS_BOLD;
        Color color = a.verified() ? GREEN : RED;
        float markW = fonts.width(mark, markFace, SMALL) + (a.verified() ? SMALL + 2f : 0f);
        float room = WIDTH - INDENT;
        boolean sameLine = box.width() + 14f + markW <= room;
        float s = sameLine ? 1f : Math.min(1f, Math.max(MIN_SCALE, room / box.width()));
        List<Ink> inks = new ArrayList<>();
        float top = 3f;
        inks.add(new Ink.Formula(INDENT, top, box, s, BLACK));
        float baseline = top + box.height() * s;
        float y = baseline + box.depth() * s;
        float markX, markBase;
        if (sameLine) {
            markX = INDENT + box.width() * s + 14f;
            markBase = baseline - MATH * 0.25f + SMALL * 0.35f;
        } else {
            y += SMALL * 1.4f;
            markX = INDENT;
            markBase = y - SMALL * 0.25f;
        }
        if (a.verified()) {
            inks.add(new Ink.Check(markX, markBase, SMALL, GREEN));
            markX += SMALL + 2f;
        }
        addText(inks, mark, markFace, SMALL, color, markX, markBase);
        strips.add(new Strip(y + 4f, inks, BLOCK_GAP, false));
    }

    // ---------------------------------------------------------------- notes

    private void note(Note n) {
        Color color = switch (n.kind()) {
            case VERIFIED -> GREEN;
            case NOT_VERIFIED -> RED;
            case CONVENTION, INFO -> GREY;
            case WARNING -> ORANGE;
        };
        float dx = 9f;
        List<Line> lines = wrap(pieces(List.of(new Doc.Text(n.text())), Face.SERIF, SMALL), Face.SERIF, SMALL, color, WIDTH - dx);
        float leading = SMALL * 1.4f;
        for (int i = 0; i < lines.size(); i++) {
            List<Ink> inks = new ArrayList<>(lines.get(i).inks(dx, leading * 0.75f));
            inks.add(new Ink.Line(2f, 0f, 2f, leading, 1.6f, color));
            strips.add(new Strip(leading, inks, i == 0 ? PARA_GAP : 0f, i + 1 < lines.size()));
        }
    }

    // ---------------------------------------------------------------- tables

    private void table(Table t) {
        int cols = t.header().size();
        for (List<String> r : t.rows()) cols = Math.max(cols, r.size());
        if (cols == 0) return;
        List<List<Tex.Box>> header = new ArrayList<>();
        if (!t.header().isEmpty()) header.add(cells(t.header(), cols));
        List<List<Tex.Box>> body = new ArrayList<>();
        for (List<String> r : t.rows()) body.add(cells(r, cols));
        float pad = 7f;
        float[] widths = new float[cols];
        for (List<List<Tex.Box>> part : List.of(header, body))
            for (List<Tex.Box> r : part)
                for (int c = 0; c < cols; c++) widths[c] = Math.max(widths[c], r.get(c).width() + 2 * pad);
        float total = 0;
        for (float w : widths) total += w;
        float s = Math.min(1f, Math.max(MIN_SCALE, WIDTH / total));
        float left = Math.max(0f, (WIDTH - total * s) / 2);
        float right = left + total * s;
        for (List<Tex.Box> h : header)
            strips.add(tableRow(h, widths, s, left, right, true, true, body.isEmpty(), BLOCK_GAP, !body.isEmpty()));
        boolean captioned = t.caption().filter(c -> !c.isBlank()).isPresent();
        for (int i = 0; i < body.size(); i++) {
            boolean first = header.isEmpty() && i == 0;
            // neither the first nor the last row alone on a page, and the caption under its table
            boolean keep = i + 1 < body.size() ? i == 0 || i == body.size() - 2 : captioned;
            strips.add(tableRow(body.get(i), widths, s, left, right, first, false, i == body.size() - 1,
                    first ? BLOCK_GAP : 0f, keep));
        }
        if (header.isEmpty() && body.isEmpty()) return;
        t.caption().filter(c -> !c.isBlank()).ifPresent(c -> {
            List<Line> lines = wrap(pieces(List.of(new Doc.Text(c)), Face.SERIF_ITALIC, SMALL), Face.SERIF_ITALIC, SMALL, GREY, WIDTH);
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                strips.add(new Strip(SMALL * 1.4f, l.inks((WIDTH - l.end) / 2, SMALL * 1.05f), 0f, i + 1 < lines.size()));
            }
        });
    }

    private static List<Tex.Box> cells(List<String> latex, int cols) {
        List<Tex.Box> out = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            String cell = c < latex.size() ? latex.get(c) : "";
            out.add(Tex.layout(cell.isBlank() ? "{}" : cell, MATH, Style.TEXT));
        }
        return out;
    }

    private Strip tableRow(List<Tex.Box> cells, float[] widths, float s, float left, float right,
                           boolean topRule, boolean midRule, boolean bottomRule, float gapBefore, boolean keep) {
        float vpad = 3.5f;
        float asc = MATH * 0.75f, desc = MATH * 0.3f;
        for (Tex.Box b : cells) {
            asc = Math.max(asc, b.height() * s);
            desc = Math.max(desc, b.depth() * s);
        }
        float top = topRule ? 1f : 0f;
        float baseline = top + vpad + asc;
        float h = baseline + desc + vpad;
        List<Ink> inks = new ArrayList<>();
        if (topRule) inks.add(new Ink.Line(left, 0.4f, right, 0.4f, 0.8f, BLACK));
        float x = left;
        for (int c = 0; c < cells.size(); c++) {
            Tex.Box b = cells.get(c);
            float cw = widths[c] * s;
            inks.add(new Ink.Formula(x + (cw - b.width() * s) / 2, baseline - b.height() * s, b, s, BLACK));
            x += cw;
        }
        if (bottomRule) {
            inks.add(new Ink.Line(left, h + 0.4f, right, h + 0.4f, 0.8f, BLACK));
            h += 1f;
        } else if (midRule) {
            inks.add(new Ink.Line(left, h, right, h, 0.45f, BLACK));
        }
        return new Strip(h, inks, gapBefore, keep);
    }

    // ---------------------------------------------------------------- graphs

    static final float GRAPH_LABEL = 11f;   // node labels (math)
    static final float GRAPH_TEXT = 9f;     // values and adjoints
    static final Color ADJOINT = new Color(0x1F, 0x4E, 0x9A);

    /**
     * A computation graph placed by {@link GraphLayout}, centred: one strip per band of layers (a
     * graph wider than the text is set in bands, one under the other, with dashed boxes repeating the
     * nodes of earlier bands), each band scaled down only if it is still wider than the text or taller
     * than a page.
     */
    private void graph(Doc.Graph g) {
        if (g.nodes().isEmpty()) return;
        Map<String, Tex.Box> labels = new HashMap<>();
        GraphLayout.Measure measure = new GraphLayout.Measure() {
            @Override
            public GraphLayout.Size label(String latex) {
                Tex.Box b = labels.computeIfAbsent(latex, l -> Tex.layout(l.isBlank() ? "{}" : l, GRAPH_LABEL, Style.TEXT));
                return new GraphLayout.Size(b.width(), b.height(), b.depth());
            }

            @Override
            public GraphLayout.Size text(String text) {
                return new GraphLayout.Size(fonts.width(text, Face.SERIF, GRAPH_TEXT), GRAPH_TEXT * 0.74f, GRAPH_TEXT * 0.24f);
            }
        };
        GraphLayout.Result result = GraphLayout.of(g, measure, GraphLayout.Spacing.forSize(GRAPH_LABEL), WIDTH);
        // the paragraph that introduces the graph goes to the next page with it
        if (lastWasParagraph)
            for (int i = lastBlockStart; i < strips.size(); i++) {
                Strip p = strips.get(i);
                strips.set(i, new Strip(p.height(), p.inks(), p.gapBefore(), true));
            }
        for (int i = 0; i < result.bands().size(); i++) strips.add(band(result.bands().get(i), labels, i == 0 ? BLOCK_GAP : 2 * BLOCK_GAP));
        if (result.bands().size() > 1) {
            for (Line l : wrap(pieces(List.of(new Doc.Text(LatexWriter.CONTINUED)), Face.SERIF_ITALIC, SMALL),
                    Face.SERIF_ITALIC, SMALL, GREY, WIDTH))
                strips.add(new Strip(SMALL * 1.4f, l.inks((WIDTH - l.end) / 2, SMALL * 1.05f), 2f, false));
        }
    }

    private Strip band(GraphLayout.Band r, Map<String, Tex.Box> labels, float gapBefore) {
        float pad = 4f;
        float room = PdfRenderer.TEXT_BOTTOM - PdfRenderer.TEXT_TOP - 2 * pad - 2 * BLOCK_GAP;
        float s = Math.min(1f, Math.min(WIDTH / Math.max(1f, r.width()), room / Math.max(1f, r.height())));
        float ox = Math.max(0f, (WIDTH - r.width() * s) / 2), oy = pad;
        float line = Math.max(0.35f, 0.6f * s);
        List<Ink> inks = new ArrayList<>();
        for (GraphLayout.Piece p : r.pieces()) {
            // the quadratic piece as the cubic PDF draws
            float c1x = p.x0() + 2f / 3f * (p.cx() - p.x0()), c1y = p.y0() + 2f / 3f * (p.cy() - p.y0());
            float c2x = p.x1() + 2f / 3f * (p.cx() - p.x1()), c2y = p.y1() + 2f / 3f * (p.cy() - p.y1());
            inks.add(new Ink.Curve(ox + p.x0() * s, oy + p.y0() * s, ox + c1x * s, oy + c1y * s, ox + c2x * s, oy + c2y * s,
                    ox + p.x1() * s, oy + p.y1() * s, line, GREY));
        }
        for (GraphLayout.Tip t : r.tips())
            inks.add(new Ink.Arrow(ox + t.x() * s, oy + t.y() * s, t.length() * s, t.length() * s * 0.42f, GREY));
        for (GraphLayout.Box b : r.boxes()) {
            float x = ox + b.x() * s, y = oy + b.y() * s, w = b.width() * s, h = b.height() * s;
            float rule = oy + b.ruleY() * s;
            Color ink = b.ghost() ? GREY : BLACK;
            if (!b.ghost()) inks.add(new Ink.Rect(x, rule, w, y + h - rule, 0f, null, ADJOINT_FILL, false)); // the numbers' band
            inks.add(new Ink.Rect(x, y, w, h, line, ink, null, b.ghost()));
            if (!b.ghost()) inks.add(new Ink.Line(x, rule, x + w, rule, line * 0.7f, GREY));
            float cx = ox + b.cx() * s;
            Tex.Box label = labels.get(b.node().label());
            inks.add(new Ink.Formula(cx - label.width() * s / 2, oy + b.labelBaseline() * s - label.height() * s, label, s, ink));
            centred(inks, b.node().value(), cx, oy + b.valueBaseline() * s, GRAPH_TEXT * s, ink);
            centred(inks, b.node().adjoint(), cx, oy + b.adjointBaseline() * s, GRAPH_TEXT * s, b.ghost() ? GREY : ADJOINT);
        }
        return new Strip(r.height() * s + 2 * pad, inks, gapBefore, false);
    }

    static final Color ADJOINT_FILL = new Color(0xF1, 0xF4, 0xFA);

    private void centred(List<Ink> inks, String text, float cx, float baseline, float size, Color color) {
        if (text.isBlank()) return;
        addText(inks, text, Face.SERIF, size, color, cx - fonts.width(text, Face.SERIF, size) / 2, baseline);
    }
}
