package org.chainrule.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Heading;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;

/** Hand-built documents with every block kind, shaped like chainrule's answer keys. */
final class SampleDocs {
    private SampleDocs() {}

    /** The prose of {@link #everyBlock()}'s injection paragraph, printed literally in the PDF. */
    static final String INJECTION = "Typed by a TA: \\input{/etc/passwd} costs 5$ & 10% of #marks, a_b {c} ~d ^e.";

    /** One problem with a heading, prose and inline math, a labelled chain, an answer, notes and a table. */
    static Doc everyBlock() {
        List<Block> b = new ArrayList<>();
        b.add(new Heading("Problem 1 — Sigmoid of a linear score"));
        b.add(new Paragraph(List.of(
                new Text("Let "), new Doc.Math("z = w x + b"), new Text(" and "),
                new Doc.Math("p = \\sigma(z) = \\frac{1}{1 + e^{-z}}"),
                new Text(". We want the gradient of the squared error with respect to the weight "),
                new Doc.Math("w"), new Text(", for a target y ≥ 0 and σ as usual."))));
        b.add(new Equations(List.of(
                Row.of("\\frac{\\partial \\sigma(z)}{\\partial z}", "\\frac{e^{-z}}{(1 + e^{-z})^{2}}").because("de^u/du = e^u").labelled(1),
                Row.of("", "\\sigma(z) \\left(1 - \\sigma(z)\\right)").because("σ' = σ(1 − σ)").labelled(2),
                Row.of("\\frac{\\partial L}{\\partial w}", "\\frac{\\partial L}{\\partial p} \\frac{\\partial p}{\\partial z} \\frac{\\partial z}{\\partial w}").because("chain rule"),
                Row.of("", "2 (p - y) \\cdot p (1 - p) \\cdot x").because("by ② and power rule").labelled(3),
                new Row("\\left|\\frac{\\partial L}{\\partial w}\\right|", "\\le", "\\frac{1}{2} |p - y| \\, |x|", Optional.empty(), Optional.empty()))));
        b.add(new Answer("\\frac{\\partial L}{\\partial w}", "2 x (p - y) p (1 - p)", true));
        b.add(new Note(NoteKind.CONVENTION, "At u = 0 ReLU has no derivative; chainrule uses 𝟏(u > 0), i.e. ReLU'(0) = 0 (a subgradient)."));
        b.add(new Paragraph(List.of(new Text(INJECTION))));
        b.add(new Heading("Problem 2 — Smooth-L1 loss"));
        b.add(Paragraph.text("Values at the sampled points:"));
        b.add(new Table(List.of("x", "w", "\\frac{\\partial L}{\\partial w}"),
                List.of(List.of("0.5", "-1.2", "0.6767"), List.of("-2", "0.3", "-0.1049"), List.of("1", "1", "0.2350")),
                Optional.of("Finite differences agree to 1e-6 (h = 10^-5).")));
        b.add(new Equations(List.of(
                Row.of("\\frac{\\partial \\mathcal{L}}{\\partial w_{i}}",
                        "\\begin{cases} \\frac{(\\hat{y} - y) x_{i}}{\\beta} & |\\hat{y} - y| \\le \\beta \\\\ x_{i} \\operatorname{sign}(\\hat{y} - y) & \\text{otherwise} \\end{cases}")
                        .because("case by case, recombined with indicators"))));
        b.add(new Answer("\\frac{\\partial \\mathcal{L}}{\\partial w_{i}}",
                "\\frac{(\\hat{y} - y) x_{i}}{\\beta} \\mathbf{1}(|\\hat{y} - y| \\le \\beta) + x_{i} \\operatorname{sign}(\\hat{y} - y) \\mathbf{1}(|\\hat{y} - y| > \\beta)", false));
        b.add(new Note(NoteKind.WARNING, "sign(·) and indicators jump at their boundary; their derivative is 0 everywhere else."));
        b.add(new Note(NoteKind.NOT_VERIFIED, "The kink at |ŷ − y| = β was skipped by the numeric check."));
        b.add(new Note(NoteKind.VERIFIED, "Every step agrees with finite differences at 12 points."));
        b.add(new Note(NoteKind.INFO, "Layout: denominator (gradient has the shape of w)."));
        return new Doc("Answer key — Homework 3", b);
    }

    /** A chain of {@code n} rows through a stack of sigmoids: it must break across pages. */
    static Doc longChain(int n) {
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("\\frac{\\partial y_{" + n + "}}{\\partial y_{0}}",
                "\\prod_{k=1}^{" + n + "} \\frac{\\partial y_{k}}{\\partial y_{k-1}}").because("chain rule").labelled(1));
        for (int k = 2; k <= n; k++) {
            Row r = Row.of("\\frac{\\partial y_{" + k + "}}{\\partial y_{" + (k - 1) + "}}",
                    "\\sigma(y_{" + (k - 1) + "}) \\left(1 - \\sigma(y_{" + (k - 1) + "})\\right)").because("σ' = σ(1 − σ)");
            rows.add(k <= 20 ? r.labelled(k) : r);
        }
        return new Doc("A long chain", List.of(
                new Heading("Problem 3 — " + n + " stacked sigmoids"),
                Paragraph.text("Each layer applies y_k = σ(y_{k−1}); the derivative is a product of local factors."),
                new Equations(rows),
                new Answer("\\frac{\\partial y_{" + n + "}}{\\partial y_{0}}",
                        "\\prod_{k=1}^{" + n + "} \\sigma(y_{k-1}) \\left(1 - \\sigma(y_{k-1})\\right)", true)));
    }

    /** Seed 004 Q3's computation graph, y = x + 1/(wx + b), as the \\trace section draws it. */
    static Doc graph() {
        List<Doc.GraphNode> nodes = List.of(
                new Doc.GraphNode("v-2", "v_{-2} = x", "value 0.3", "adjoint \u22127", 0),
                new Doc.GraphNode("v-1", "v_{-1} = w", "value 0.5", "adjoint \u22124.8", 0),
                new Doc.GraphNode("v0", "v_{0} = b", "value 0.1", "adjoint \u221216", 0),
                new Doc.GraphNode("v1", "v_{1} = v_{-1} v_{-2}", "value 0.15", "adjoint \u221216", 1),
                new Doc.GraphNode("v2", "v_{2} = v_{1} + v_{0}", "value 0.25", "adjoint \u221216", 2),
                new Doc.GraphNode("v3", "v_{3} = \\frac{1}{v_{2}}", "value 4", "adjoint 1", 3),
                new Doc.GraphNode("v4", "v_{4} = v_{-2} + v_{3}", "value 4.3", "adjoint 1", 4));
        List<Doc.GraphEdge> edges = List.of(new Doc.GraphEdge("v-1", "v1"), new Doc.GraphEdge("v-2", "v1"),
                new Doc.GraphEdge("v1", "v2"), new Doc.GraphEdge("v0", "v2"), new Doc.GraphEdge("v2", "v3"),
                new Doc.GraphEdge("v-2", "v4"), new Doc.GraphEdge("v3", "v4"));
        return new Doc("Reverse-mode AD", List.of(new Heading("Problem 3 — Computation graph"),
                Paragraph.text("The graph of y = x + 1/(wx + b) with each node's value and adjoint:"),
                new Doc.Graph(nodes, edges)));
    }
}
