package org.chainrule.render;

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
 * itself when the row is too wide. Chains may break across pages.
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
        for (Block b : doc.blocks()) {
            block(out, b);
            out.append('\n');
        }
        return out.toString();
    }

    private static void block(StringBuilder out, Block b) {
        switch (b) {
            case Heading h -> out.append("\\subsection*{").append(LatexText.escape(h.text().strip())).append("}\n");
            case Paragraph p -> out.append(inline(p.parts())).append('\n');
            case Equations e -> equations(out, e.rows());
            case Answer a -> answer(out, a);
            case Note n -> note(out, n);
            case Table t -> table(out, t);
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
        // the group keeps the looser row spacing and the page breaks to this chain
        out.append("{\\setlength{\\jot}{6pt}\\allowdisplaybreaks\n\\begin{align*}\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            out.append("  ").append(r.lhs()).append(" &").append(r.rel()).append(' ').append(r.rhs());
            String tag = tag(r, labels);
            if (!tag.isEmpty()) out.append(" \\tag*{").append(tag).append('}');
            out.append(i + 1 < rows.size() ? " \\\\\n" : "\n");
        }
        out.append("\\end{align*}}\n");
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
        if (!a.verified()) out.append("{\\small\\itshape Not verified numerically.\\par}\n");
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
        for (List<String> row : t.rows()) out.append(cells(row, cols)).append(" \\\\\n");
        out.append("\\bottomrule\n\\end{tabular}\n");
        t.caption().filter(c -> !c.isBlank()).ifPresent(c ->
                out.append("\\\\[0.5ex]\n{\\small ").append(LatexText.escape(c.strip())).append("}\n"));
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
}
