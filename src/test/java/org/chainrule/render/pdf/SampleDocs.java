package org.chainrule.render.pdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Heading;
import org.chainrule.render.Doc.Math;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;

/** Hand-built documents in the style of the seed answer keys, for the renderer's tests and pictures. */
final class SampleDocs {

    private SampleDocs() {}

    /** Every block kind: the smooth-L1 problem of the first seed, and the sigmoid of the second. */
    static Doc everyBlock() {
        List<Block> b = new ArrayList<>();
        b.add(new Heading("Problem 1 — Smooth-L1 loss"));
        b.add(new Paragraph(List.of(
                new Text("Given an input vector "), new Math("\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}"),
                new Text(", weights "), new Math("W"), new Text(" and the prediction "),
                new Math("\\hat{y} = W^{\\top} \\mathbf{x}"),
                new Text(", the smooth-L1 loss with threshold "), new Math("\\beta > 0"),
                new Text(" is defined piecewise. We compute "),
                new Math("\\frac{\\partial \\mathcal{L}}{\\partial W}"),
                new Text(" by differentiating each case and recombining them with the indicator "),
                new Math("\\mathbf{1}(|\\hat{y} - y| \\le \\beta)"), new Text(".")))); 
        b.add(new Equations(List.of(
                new Row("\\mathcal{L}", "=", "\\begin{cases} \\frac{(\\hat{y} - y)^{2}}{2 \\beta} & |\\hat{y} - y| \\le \\beta \\\\ |\\hat{y} - y| - \\frac{\\beta}{2} & \\text{otherwise} \\end{cases}",
                        Optional.of("definition"), Optional.of(1)),
                new Row("\\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}}", "=", "\\frac{\\hat{y} - y}{\\beta} \\mathbf{1}(|\\hat{y} - y| \\le \\beta) + \\operatorname{sign}(\\hat{y} - y) \\mathbf{1}(|\\hat{y} - y| > \\beta)",
                        Optional.of("differentiate each case of ①"), Optional.of(2)),
                new Row("\\frac{\\partial \\hat{y}}{\\partial W}", "=", "\\mathbf{x}", Optional.of("linear layer"), Optional.of(3)),
                new Row("\\frac{\\partial \\mathcal{L}}{\\partial W}", "=", "\\frac{\\partial \\mathcal{L}}{\\partial \\hat{y}} \\frac{\\partial \\hat{y}}{\\partial W}", Optional.of("chain rule"), Optional.empty()),
                new Row("", "=", "\\frac{(\\hat{y} - y) \\mathbf{x}}{\\beta} \\mathbf{1}(|\\hat{y} - y| \\le \\beta) + \\mathbf{x} \\operatorname{sign}(\\hat{y} - y) \\mathbf{1}(|\\hat{y} - y| > \\beta)",
                        Optional.of("by ② and ③"), Optional.of(4)))));
        b.add(new Answer("\\frac{\\partial \\mathcal{L}}{\\partial W}",
                "\\frac{(\\hat{y} - y) \\mathbf{x}}{\\beta} \\mathbf{1}(|\\hat{y} - y| \\le \\beta) + \\mathbf{x} \\operatorname{sign}(\\hat{y} - y) \\mathbf{1}(|\\hat{y} - y| > \\beta)", true));
        b.add(new Note(NoteKind.CONVENTION, "At the kinks |ŷ − y| = β both one-sided derivatives agree, so no subgradient convention is needed; at ŷ = y we take sign(0) = 0."));
        b.add(new Note(NoteKind.VERIFIED, "Verified: the answer matches central finite differences at 20 random points (max relative error 3.1e-9)."));
        b.add(new Heading("Problem 2 — Sigmoid"));
        b.add(Paragraph.text("The logistic function and its derivative, written in terms of itself:"));
        b.add(new Equations(List.of(
                new Row("\\sigma(x)", "=", "\\frac{1}{1 + e^{-x}}", Optional.empty(), Optional.empty()),
                new Row("\\frac{d \\sigma(x)}{d x}", "=", "-\\frac{1}{(1 + e^{-x})^{2}} \\cdot (-e^{-x})", Optional.of("chain rule"), Optional.empty()),
                new Row("", "=", "\\frac{e^{-x}}{(1 + e^{-x})^{2}}", Optional.empty(), Optional.of(1)),
                new Row("", "=", "\\sigma(x) (1 - \\sigma(x))", Optional.of("rewrite ① in terms of σ"), Optional.of(2)))));
        b.add(new Answer("\\frac{d \\sigma(x)}{d x}", "\\sigma(x) (1 - \\sigma(x))", false));
        b.add(new Note(NoteKind.NOT_VERIFIED, "Not verified: Symja timed out; the numeric check passed."));
        b.add(new Note(NoteKind.WARNING, "Warning: e^{-x} overflows for x < −709 in double precision; use the symmetric form."));
        b.add(new Note(NoteKind.INFO, "Shapes: W is n×1, so ∂L/∂W is n×1 (denominator layout)."));
        b.add(new Table(List.of("x", "\\sigma(x)", "\\sigma'(x)"),
                List.of(List.of("-2", "0.1192", "0.1050"), List.of("0", "0.5", "0.25"), List.of("2", "0.8808", "0.1050")),
                Optional.of("Values of the sigmoid and its derivative.")));
        return new Doc("HW 1 — Answer key: gradients of common losses", b);
    }

    /** Softmax with cross-entropy, as the second seed derives it: labelled facts, then a chain that cites them. */
    static Doc softmax() {
        List<Block> b = new ArrayList<>();
        b.add(new Heading("Problem 3 — Softmax with cross-entropy"));
        b.add(new Paragraph(List.of(new Text("For logits "), new Math("\\mathbf{a} \\in \\mathbb{R}^{c}"),
                new Text(" define the softmax "), new Math("s_{i} = \\frac{e^{a_{i}}}{\\sum_{k=1}^{c} e^{a_{k}}}"),
                new Text(" and the loss "), new Math("J = -\\sum_{m=1}^{c} y_{m} \\log(s_{m})"),
                new Text(" with a one-hot target "), new Math("\\mathbf{y}"),
                new Text(". We first differentiate the softmax, then apply the chain rule through every "),
                new Math("s_{m}"), new Text("."))));
        b.add(new Equations(List.of(
                new Row("\\frac{\\partial s_{i}}{\\partial a_{i}}", "=", "\\frac{e^{a_{i}}}{\\sum_{k} e^{a_{k}}} - \\frac{e^{a_{i}} e^{a_{i}}}{\\left(\\sum_{k} e^{a_{k}}\\right)^{2}}", Optional.of("quotient rule"), Optional.empty()),
                new Row("", "=", "s_{i} (1 - s_{i})", Optional.empty(), Optional.of(1)),
                new Row("\\frac{\\partial s_{i}}{\\partial a_{j}}", "=", "-\\frac{e^{a_{i}} e^{a_{j}}}{\\left(\\sum_{k} e^{a_{k}}\\right)^{2}} = -s_{i} s_{j}", Optional.of("for i ≠ j"), Optional.of(2)),
                new Row("\\frac{\\partial J}{\\partial a_{j}}", "=", "\\sum_{m=1}^{c} \\frac{\\partial J}{\\partial s_{m}} \\frac{\\partial s_{m}}{\\partial a_{j}}", Optional.of("chain rule through every s_m"), Optional.empty()),
                new Row("", "=", "-\\frac{y_{j}}{s_{j}} s_{j} (1 - s_{j}) + \\sum_{m \\ne j} \\frac{y_{m}}{s_{m}} s_{m} s_{j}", Optional.of("by ① and ②"), Optional.empty()),
                new Row("", "=", "s_{j} \\sum_{m=1}^{c} y_{m} - y_{j}", Optional.empty(), Optional.empty()),
                new Row("", "=", "s_{j} - y_{j}", Optional.of("one-hot: Σ y_m = 1"), Optional.of(3)))));
        b.add(new Answer("\\frac{\\partial J}{\\partial \\mathbf{a}}", "\\mathbf{s} - \\mathbf{y}", true));
        b.add(new Note(NoteKind.VERIFIED, "Verified numerically against central differences at 20 random points, and symbolically by Symja."));
        b.add(new Table(List.of("\\mathbf{a}", "\\mathbf{s}", "\\mathbf{y}", "\\frac{\\partial J}{\\partial \\mathbf{a}}"),
                List.of(List.of("\\begin{bmatrix} 1 \\\\ 2 \\\\ 0.5 \\end{bmatrix}", "\\begin{bmatrix} 0.2312 \\\\ 0.6285 \\\\ 0.1402 \\end{bmatrix}",
                        "\\begin{bmatrix} 0 \\\\ 1 \\\\ 0 \\end{bmatrix}", "\\begin{bmatrix} 0.2312 \\\\ -0.3715 \\\\ 0.1402 \\end{bmatrix}")),
                Optional.of("A worked example.")));
        return new Doc("Answer key — softmax and cross-entropy", b);
    }

    /** A long chain: {@code n} rows of a power-series derivation, to fill several pages. */
    static Doc longChain(int n) {
        List<Block> b = new ArrayList<>();
        b.add(new Heading("A long derivation"));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("\\frac{\\partial f}{\\partial x}", "=", "\\frac{\\partial}{\\partial x} \\sum_{k=1}^{n} \\frac{x^{k}}{k}", Optional.of("definition"), Optional.empty()));
        for (int i = 1; i < n; i++)
            rows.add(new Row("", "=", "\\frac{x^{" + i + "}}{" + (i + 1) + "} + \\frac{" + i + "}{\\beta_{" + i + "}}", Optional.of("step " + i), Optional.of(i % 20 + 1)));
        b.add(new Equations(rows));
        return new Doc("Long", b);
    }
}
