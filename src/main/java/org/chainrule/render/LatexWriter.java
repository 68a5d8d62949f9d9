package org.chainrule.render;

import java.math.BigDecimal;
import java.util.List;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Heading;
import org.chainrule.render.Doc.Inline;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;
import org.chainrule.render.tex.Tex;

/**
 * A {@link Doc} as LaTeX source, for pdflatex or for pasting into a course's own files.
 *
 * <p>Only two kinds of string reach the output: LaTeX that chainrule printed from its own trees (the
 * {@code latex} fields) and prose escaped by {@link LatexText} (the {@code text} fields, the
 * justifications and captions). The writer's own markup uses nothing beyond amsmath, amssymb and
 * booktabs, so {@link #fragment} drops into any document that loads those three.
 *
 * <p>Equation chains are {@code align*} rows aligned at the relation; a row's justification and its
 * circled label sit at the right margin as a starred tag, where amsmath moves them below the row by
 * itself when the row is too wide. A chain of more than {@link Keeps#FEW_ROWS} rows may break across
 * pages, never leaving its first or last row alone; a lead-in paragraph stays with what it introduces.
 */
public final class LatexWriter {
    private LatexWriter() {}

    /**
     * The preamble {@link #standalone} writes, up to and including {@code \begin{document}}: packages
     * from texlive-latex-base and texlive-latex-recommended only. {@link SafeLatex} accepts exactly this.
     */
    public static final String PREAMBLE = """
            \\documentclass[11pt,a4paper]{article}
            \\usepackage[T1]{fontenc}
            \\usepackage{lmodern}
            \\usepackage{amsmath,amssymb}
            \\usepackage{booktabs}
            \\usepackage[margin=2cm]{geometry}
            \\setlength{\\parindent}{0pt}
            \\setlength{\\parskip}{0.5\\baselineskip plus 2pt}
            \\begin{document}
            """;

    /** The closing line of a standalone document. */
    public static final String END = "\\end{document}\n";

    /** A complete document: {@link #PREAMBLE}, the fragment, {@code \end{document}}. */
    public static String standalone(Doc doc) {
        return PREAMBLE + fragment(doc) + END;
    }

    /**
     * The body alone, to {@code \input} into a course's document (which must load amsmath, amssymb and
     * booktabs): the title as {@code \section*}, headings as {@code \subsection*}.
     */
    public static String fragment(Doc doc) {
        StringBuilder out = new StringBuilder();
        if (doc.title() != null && !doc.title().isBlank())
            out.append("\\section*{").append(LatexText.escape(doc.title().strip())).append("}\n\n");
        List<Block> blocks = doc.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            // a paragraph that introduces a graph is kept on the page of the graph's first band
            Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
            if (b instanceof Paragraph p && next instanceof Doc.Graph g && !g.nodes().isEmpty()) {
                graph(out, g, inline(p.parts()));
                i++;
            } else if (b instanceof Paragraph p && next != null && Keeps.leadsIn(p, next)) {
                leadIn(out, inline(p.parts()), next);
                i++;
            } else if (b instanceof Answer a && next instanceof Note) {
                // no page break between the answer and its verification note
                out.append("{\\postdisplaypenalty=10000\n");
                answer(out, a);
                out.append("}\n");
            } else {
                block(out, b);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * A paragraph that introduces {@code next}, written so that no page break falls between them: a
     * display joins the paragraph (TeX never breaks right before a display), a table shares an
     * unbreakable box with it (a tabular never breaks anyway), anything else follows a
     * {@code \nopagebreak}.
     */
    private static void leadIn(StringBuilder out, String lead, Block next) {
        switch (next) {
            case Equations e when !e.rows().isEmpty() -> {
                out.append(lead).append('\n');
                equations(out, e.rows());
            }
            case Answer a -> {
                out.append(lead).append('\n');
                answer(out, a);
            }
            case Table t -> {
                out.append("\\noindent\\begin{minipage}{\\linewidth}\n").append(lead).append('\n');
                table(out, t);
                out.append("\\end{minipage}\\par\n");
            }
            default -> {
                out.append(lead).append("\\par\\nopagebreak\n");
                block(out, next);
            }
        }
    }

    private static void block(StringBuilder out, Block b) {
        switch (b) {
            case Heading h -> out.append("\\subsection*{").append(inline(h.parts()).strip()).append("}\n");
            case Paragraph p -> out.append(inline(p.parts())).append('\n');
            case Equations e -> equations(out, e.rows());
            case Answer a -> answer(out, a);
            case Note n -> note(out, n);
            case Table t -> table(out, t);
            case Doc.Graph g -> graph(out, g, null);
        }
    }

    private static String inline(List<Inline> parts) {
        StringBuilder s = new StringBuilder();
        for (Inline part : parts) {
            switch (part) {
                case Text t -> s.append(LatexText.escape(t.text()));
                // an empty formula would write "$$", which opens display math
                case Doc.Math m -> { if (!m.latex().isBlank()) s.append('$').append(m.latex()).append('$'); }
            }
        }
        return s.toString();
    }

    private static void equations(StringBuilder out, List<Row> rows) {
        if (rows.isEmpty()) return;
        boolean labels = rows.stream().anyMatch(r -> r.label().isPresent());
        // The group keeps the looser row spacing and the page breaks to this chain. A short chain is
        // never split; a long one may break between rows but not after its first or before its last
        // (\\* forbids a break), nor inside a row cut over lines.
        boolean split = rows.size() > Keeps.FEW_ROWS;
        out.append("{\\setlength{\\jot}{6pt}").append(split ? "\\allowdisplaybreaks" : "").append("\n\\begin{align*}\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> lines = lines(r);
            out.append("  ").append(r.lhs()).append(" &").append(r.rel()).append(' ').append(lines.get(0));
            for (String more : lines.subList(1, lines.size())) out.append(" \\\\*\n  &\\quad ").append(more);
            String tag = tag(r, labels);
            if (!tag.isEmpty()) out.append(" \\tag*{").append(tag).append('}');
            boolean keep = split && (i == 0 || i == rows.size() - 2);
            out.append(i + 1 < rows.size() ? (keep ? " \\\\*\n" : " \\\\\n") : "\n");
        }
        out.append("\\end{align*}}\n");
    }

    /** The text width of the standalone document in ems of its 11 pt type, less room for a short tag. */
    private static final double LINE_EMS = 36;

    /**
     * A row's right-hand side cut into lines that fit beside its left-hand side ({@link Breaks}); one line
     * when it fits or cannot be cut. Continuation lines are set under the relation, indented.
     */
    private static List<String> lines(Row r) {
        double room = Math.max(LINE_EMS * 0.6, LINE_EMS - Breaks.ems(r.lhs()) - 1.5);
        if (Breaks.ems(r.rhs()) <= room) return List.of(r.rhs());
        return Breaks.lines(r.rhs(), line -> Breaks.ems(line) <= room - 1); // continuation rows start with \quad
    }

    /**
     * The right-margin note of a row: "(chain rule) ①" in small type. When some row of the chain has a
     * label, rows without one keep its room, so the justifications line up.
     */
    private static String tag(Row r, boolean labels) {
        String why = r.why().filter(w -> !w.isBlank()).map(w -> "\\small(" + LatexText.escape(w.strip()) + ")").orElse("");
        if (why.isEmpty()) return r.label().map(LatexText::circled).orElse("");
        if (r.label().isPresent()) return why + "\\quad " + LatexText.circled(r.label().get());
        return labels ? why + "\\quad\\phantom{" + LatexText.circled(1) + "}" : why;
    }

    private static void answer(StringBuilder out, Answer a) {
        out.append("\\[\n  ").append(a.lhs()).append(" = \\boxed{").append(a.rhs()).append("}\n\\]\n");
        // The layout puts the detailed verification note right after the answer; only a failure is
        // marked here as well, so that it cannot be missed.
        if (a.mark() == Doc.Mark.NOT_VERIFIED) out.append("{\\small\\itshape Not verified numerically.\\par}\n");
    }

    private static void note(StringBuilder out, Note n) {
        String lead = switch (n.kind()) {
            case CONVENTION -> "Convention. ";
            case VERIFIED -> "$\\checkmark$ ";
            case NOT_VERIFIED -> "Not verified. ";
            case WARNING -> "Warning. ";
            case INFO -> "";
        };
        out.append("{\\small\\itshape ").append(lead).append(LatexText.escape(n.text().strip())).append("\\par}\n");
    }

    private static void table(StringBuilder out, Table t) {
        int cols = Math.max(t.header().size(), t.rows().stream().mapToInt(List::size).max().orElse(0));
        if (cols == 0) return;
        out.append("\\begin{center}\n\\begin{tabular}{").append("c".repeat(cols)).append("}\n\\toprule\n");
        if (!t.header().isEmpty()) {
            out.append(cells(t.header(), cols)).append(" \\\\\n\\midrule\n");
        }
        // a row with a fraction gets a strut, so that stacked fractions in adjacent rows do not touch
        for (List<String> row : t.rows())
            out.append(row.stream().anyMatch(c -> c.contains("\\frac")) ? "\\rule[-1.4ex]{0pt}{4ex}" : "")
                    .append(cells(row, cols)).append(" \\\\\n");
        out.append("\\bottomrule\n\\end{tabular}\n");
        t.caption().filter(c -> !c.isBlank()).ifPresent(c ->
                out.append("\\\\*[0.5ex]\n{\\small ").append(LatexText.escape(c.strip())).append("}\n"));
        out.append("\\end{center}\n");
    }

    private static String cells(List<String> cells, int cols) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cols; i++) {
            if (i > 0) s.append(" & ");
            String c = i < cells.size() ? cells.get(i) : "";
            if (!c.isBlank()) s.append('$').append(c).append('$');
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- graphs

    /** The text width of {@link #PREAMBLE}'s page (A4, 2 cm margins) in points, less a little. */
    static final float TEXT_WIDTH = 480f;

    /** Font sizes tried in turn until the graph fits the text width: label size, number size, commands. */
    private record Sizes(float label, float text, String labelCommand, String textCommand) {}

    private static final List<Sizes> GRAPH_SIZES = List.of(
            new Sizes(10f, 9f, "\\small", "\\footnotesize"),
            new Sizes(9f, 8f, "\\footnotesize", "\\scriptsize"),
            new Sizes(8f, 6f, "\\scriptsize", "\\tiny"));

    /**
     * A computation graph in LaTeX's own picture environment (no TikZ, which is not in
     * texlive-latex-base or -recommended): framed boxes, labels centred on their baselines, edges
     * as quadratic Bézier curves ({@code \\qbezier} with enough points to look solid) and kernel
     * arrowheads. Positions come from {@link GraphLayout}, with label widths measured by jlatexmath
     * (the same Computer Modern metrics) and numbers by Latin Modern's widths. A graph wider than the
     * text is set in bands of layers, one picture each (a page may break between them), with dashed
     * boxes repeating the nodes of earlier bands; the largest type whose bands fit is used.
     */
    private static void graph(StringBuilder out, Doc.Graph g, String lead) {
        if (g.nodes().isEmpty()) {
            if (lead != null) out.append(lead).append('\n');
            return;
        }
        Sizes sizes = GRAPH_SIZES.get(GRAPH_SIZES.size() - 1);
        GraphLayout.Result r = null;
        for (Sizes candidate : GRAPH_SIZES) {
            r = GraphLayout.of(g, measure(candidate), GraphLayout.Spacing.forSize(candidate.label()), TEXT_WIDTH);
            sizes = candidate;
            if (r.width() <= TEXT_WIDTH) break;
        }
        String open = "{\\setlength{\\unitlength}{1pt}" + sizes.labelCommand() + "\n";
        int first = 0;
        if (lead != null) {
            // the lead paragraph and the first band in one unbreakable box
            out.append("\\noindent\\begin{minipage}{\\linewidth}\n").append(lead).append("\n\n\\medskip\n\\centering")
                    .append(open);
            band(out, r.bands().get(0), sizes);
            out.append("}\n\\end{minipage}\\par\\medskip\n");
            first = 1;
        }
        if (first < r.bands().size()) {
            out.append("\\begin{center}\n").append(open);
            for (int i = first; i < r.bands().size(); i++) {
                if (i > first) out.append("\\par\\bigskip\n");
                band(out, r.bands().get(i), sizes);
            }
            out.append("}\n");
            if (r.bands().size() > 1)
                out.append("\\\\[0.5ex]\n{\\small ").append(LatexText.escape(CONTINUED)).append("}\n");
            out.append("\\end{center}\n");
        }
    }

    /** The note under a graph set in bands. */
    public static final String CONTINUED = "The graph continues from row to row; a dashed box repeats a node of an earlier row.";

    private static void band(StringBuilder out, GraphLayout.Band r, Sizes sizes) {
        float h = r.height();
        out.append("\\begin{picture}(").append(num(r.width())).append(',').append(num(h)).append(")\n");
        out.append("\\linethickness{0.5pt}\n");
        for (GraphLayout.Piece p : r.pieces()) {
            if (p.horizontal() && p.x1() > p.x0()) {
                out.append("\\put(").append(num(p.x0())).append(',').append(num(h - p.y0())).append("){\\line(1,0){")
                        .append(num(p.x1() - p.x0())).append("}}\n");
            } else {
                // points every 0.15pt of the control polygon: a solid line of 0.5pt squares
                int n = Math.max(8, Math.min(4000, (int) Math.ceil(p.length() / 0.15f)));
                out.append("\\qbezier[").append(n).append("](").append(num(p.x0())).append(',').append(num(h - p.y0()))
                        .append(")(").append(num(p.cx())).append(',').append(num(h - p.cy()))
                        .append(")(").append(num(p.x1())).append(',').append(num(h - p.y1())).append(")\n");
            }
        }
        for (GraphLayout.Tip t : r.tips())
            out.append("\\put(").append(num(t.x() - t.length())).append(',').append(num(h - t.y())).append("){\\vector(1,0){")
                    .append(num(t.length())).append("}}\n");
        for (GraphLayout.Box b : r.boxes()) {
            String frame = b.ghost() ? "\\dashbox{2}(" : "\\framebox(";
            out.append("\\put(").append(num(b.x())).append(',').append(num(h - b.y() - b.height())).append("){").append(frame)
                    .append(num(b.width())).append(',').append(num(b.height())).append("){}}\n");
            if (!b.ghost())
                out.append("\\put(").append(num(b.x())).append(',').append(num(h - b.ruleY())).append("){\\line(1,0){")
                        .append(num(b.width())).append("}}\n");
            if (!b.node().label().isBlank())
                out.append("\\put(").append(num(b.cx())).append(',').append(num(h - b.labelBaseline())).append("){\\makebox[0pt]{$")
                        .append(b.node().label()).append("$}}\n");
            for (String[] line : List.of(new String[] {b.node().value(), num(h - b.valueBaseline())},
                    new String[] {b.node().adjoint(), num(h - b.adjointBaseline())})) {
                if (line[0].isBlank()) continue;
                out.append("\\put(").append(num(b.cx())).append(',').append(line[1]).append("){\\makebox[0pt]{")
                        .append(sizes.textCommand()).append(' ').append(LatexText.escape(line[0].strip())).append("}}\n");
            }
        }
        out.append("\\end{picture}\n");
    }

    private static GraphLayout.Measure measure(Sizes sizes) {
        return new GraphLayout.Measure() {
            @Override
            public GraphLayout.Size label(String latex) {
                Tex.Box b = Tex.layout(latex.isBlank() ? "{}" : latex,
                        sizes.label(), Tex.Style.TEXT);
                // a little extra: jlatexmath's metrics are TeX's, its spacing not always
                return new GraphLayout.Size(b.width() * 1.04f, b.height(), b.depth());
            }

            @Override
            public GraphLayout.Size text(String text) {
                return new GraphLayout.Size(textWidth(text) * sizes.text(), sizes.text() * 0.72f, sizes.text() * 0.24f);
            }
        };
    }

    /** The width of plain text in Latin Modern Roman, in ems (an upper estimate for letters). */
    static float textWidth(String text) {
        float w = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            w += switch (c) {
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> 0.5f;
                case '.', ',', ':', ';', '!', '\'' -> 0.278f;
                case ' ' -> 0.333f;
                case '-' -> 0.333f;
                case '\u2212', '+', '=', '\u00d7' -> 0.778f; // set as math: $-$, +, =, ×
                case 'i', 'j', 'l', 't', 'f', 'r' -> 0.4f;
                case 'm', 'w' -> 0.833f;
                default -> Character.isUpperCase(c) ? 0.75f : 0.53f;
            };
        }
        return w;
    }

    /** A coordinate with at most two decimals. */
    private static String num(float v) {
        BigDecimal d = BigDecimal.valueOf(Math.round(v * 100) / 100.0).stripTrailingZeros();
        String s = d.toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
