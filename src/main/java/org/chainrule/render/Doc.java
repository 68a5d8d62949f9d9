package org.chainrule.render;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The document model both back ends draw: the embedded PDF renderer (jlatexmath + PDFBox) and the
 * LaTeX writer (for pdflatex or a course's own files). Every {@code latex} string in it is printed by
 * chainrule from its own trees (never user text), so it is safe to hand to a TeX engine; every
 * {@code text} string is plain prose that back ends must escape.
 */
public record Doc(String title, List<Block> blocks) {
    public Doc {
        blocks = List.copyOf(blocks);
    }

    public sealed interface Block {}

    /** A numbered problem or section heading, with inline maths as the author wrote it: "Problem 2 — Smooth-$L_1$ loss". */
    public record Heading(List<Inline> parts) implements Block {
        public Heading { parts = List.copyOf(parts); }
        public Heading(String text) { this(List.of(new Text(text))); }

        /** As plain text (PDF bookmarks, tests): maths as its LaTeX. */
        public String text() {
            StringBuilder b = new StringBuilder();
            for (Inline p : parts) b.append(switch (p) { case Text t -> t.text(); case Math m -> m.latex(); });
            return b.toString();
        }
    }

    /** Prose with inline math: the parts alternate freely. */
    public record Paragraph(List<Inline> parts) implements Block {
        public Paragraph { parts = List.copyOf(parts); }
        public static Paragraph text(String s) { return new Paragraph(List.of(new Text(s))); }
    }

    public sealed interface Inline {}

    public record Text(String text) implements Inline {}

    public record Math(String latex) implements Inline {}

    /**
     * An equation chain aligned at the relation sign, one row per line, each with an optional
     * justification ("chain rule", "by ①") and an optional circled label that later rows refer to.
     */
    public record Equations(List<Row> rows) implements Block {
        public Equations { rows = List.copyOf(rows); }
    }

    /**
     * One aligned row: {@code lhs} (may be empty for a continuation), the relation ("=", "\\le", …) and
     * {@code rhs}; {@code why} is plain text; {@code label} is a circled number 1–20.
     */
    public record Row(String lhs, String rel, String rhs, Optional<String> why, Optional<Integer> label) {
        public static Row of(String lhs, String rhs) { return new Row(lhs, "=", rhs, Optional.empty(), Optional.empty()); }
        public Row because(String why) { return new Row(lhs, rel, rhs, Optional.of(why), label); }
        public Row labelled(int n) { return new Row(lhs, rel, rhs, why, Optional.of(n)); }
    }

    /**
     * A boxed final answer: {@code lhs = \boxed{rhs}}, marked verified or not — or unmarked, in a
     * student handout, where the verification goes to a separate report.
     */
    public record Answer(String lhs, String rhs, Mark mark) implements Block {
        public Answer(String lhs, String rhs, boolean verified) {
            this(lhs, rhs, verified ? Mark.VERIFIED : Mark.NOT_VERIFIED);
        }

        public boolean verified() { return mark == Mark.VERIFIED; }
    }

    public enum Mark { VERIFIED, NOT_VERIFIED, NONE }

    /** A remark in smaller type: conventions at kinks, the verification mark, warnings. */
    public record Note(NoteKind kind, String text) implements Block {}

    public enum NoteKind { CONVENTION, VERIFIED, NOT_VERIFIED, WARNING, INFO }

    /** A table of values (numbers are LaTeX, e.g. "0.6767"); header cells are LaTeX too. */
    public record Table(List<String> header, List<List<String>> rows, Optional<String> caption) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * A computation graph drawn left to right by layer (inputs in layer 0 at the left, the output at
     * the right), with an arrow for each edge from an operand to the node that uses it.
     */
    public record Graph(List<GraphNode> nodes, List<GraphEdge> edges) implements Block {
        public Graph {
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
            Set<String> ids = new HashSet<>();
            for (GraphNode n : nodes)
                if (!ids.add(n.id())) throw new IllegalArgumentException("two graph nodes with the id " + n.id());
            for (GraphEdge e : edges)
                if (!ids.contains(e.from()) || !ids.contains(e.to()))
                    throw new IllegalArgumentException("an edge to or from an unknown node: " + e);
        }
    }

    /**
     * A node of a {@link Graph}: {@code id} names it for the edges; {@code label} is LaTeX
     * ({@code v_{3} = \frac{1}{v_{2}}}); {@code value} and {@code adjoint} are plain text shown under
     * the label; {@code layer} is its column, 0 at the left.
     */
    public record GraphNode(String id, String label, String value, String adjoint, int layer) {}

    /** An arrow from the node {@code from} to the node {@code to}, by id. */
    public record GraphEdge(String from, String to) {}
}
