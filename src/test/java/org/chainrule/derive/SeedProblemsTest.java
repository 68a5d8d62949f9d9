package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scalar problem of the five handwritten seed solutions, with its correct answer. The engine's
 * answer must verify step by step and equal the expected answer at random points. Where a seed's own
 * answer is wrong (seed 003's softmax f(1 + f), seed 004's coefficient 3), the correct one is used.
 */
class SeedProblemsTest {

    record Problem(String name, String expr, String wrt, String expected, List<String> given, String inTermsOf) {}

    static Problem p(String name, String expr, String wrt, String expected, String... given) {
        return new Problem(name, expr, wrt, expected, List.of(given), null);
    }

    static final List<Problem> PROBLEMS = List.of(
            // seed 000: smooth-L1 loss through ŷ = Wᵀx
            p("seed000-smooth-l1", "\\mathcal{L}", "w_i",
                    "\\frac{(\\hat{y} - y) x_i}{\\beta} \\mathbf{1}(|\\hat{y} - y| \\le \\beta) + \\operatorname{sign}(\\hat{y} - y) x_i \\mathbf{1}(|\\hat{y} - y| > \\beta)",
                    "\\hat{y} = W^T \\mathbf{x}", "\\beta > 0",
                    "\\mathcal{L} = \\begin{cases} 0.5(\\hat{y} - y)^2 / \\beta & |\\hat{y} - y| \\leq \\beta \\\\ |\\hat{y} - y| - 0.5 \\cdot \\beta & \\text{else} \\end{cases}"),
            // seed 001, part B.1: activations through an abstract g(w)
            p("seed001-sigmoid-chain", "\\sigma(g(w))", "w", "\\sigma(g(w))(1 - \\sigma(g(w))) \\frac{\\partial g(w)}{\\partial w}"),
            p("seed001-sigmoid-definition", "\\frac{1}{1 + e^{-x}}", "x", "\\sigma(x)(1 - \\sigma(x))"),
            p("seed001-tanh-chain", "\\tanh(g(w))", "w", "(1 - \\tanh^2(g(w))) \\frac{\\partial g(w)}{\\partial w}"),
            p("seed001-tanh-definition", "\\frac{e^x - e^{-x}}{e^x + e^{-x}}", "x", "1 - \\tanh^2(x)"),
            p("seed001-relu-chain", "\\operatorname{ReLU}(g(w))", "w", "\\mathbf{1}(g(w) > 0) \\frac{\\partial g(w)}{\\partial w}"),
            // seed 001, part B.2: losses
            p("seed001-softmax-jacobian", "s_i", "a_j", "s_i(\\delta_{ij} - s_j)",
                    "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{c} e^{a_k}}"),
            p("seed001-cross-entropy", "J", "a_j", "s_j - y_j",
                    "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{c} e^{a_k}}", "J = -\\sum_{k=1}^{c} y_k \\log s_k", "\\sum_{k=1}^{c} y_k = 1"),
            p("seed001-hinge", "J", "w", "\\sum_{i=1}^{n} -y_i \\mathbf{1}(y_i \\hat{y}_i < 1) \\frac{\\partial g(w, x_i)}{\\partial w}",
                    "J = \\sum_{i=1}^{n} \\max(0, 1 - y_i \\hat{y}_i)", "\\hat{y}_i = g(w, x_i)"),
            p("seed001-l1", "J", "w", "\\sum_{i=1}^{n} \\operatorname{sign}(\\hat{y}_i - y_i) \\frac{\\partial g(w, x_i)}{\\partial w}",
                    "J = \\sum_{i=1}^{n} |y_i - \\hat{y}_i|", "\\hat{y}_i = g(w, x_i)"),
            p("seed001-huber", "J_i", "\\hat{y}_i",
                    "(\\hat{y}_i - y_i) \\mathbf{1}(|y_i - \\hat{y}_i| \\le \\delta) + \\delta \\operatorname{sign}(\\hat{y}_i - y_i) \\mathbf{1}(|y_i - \\hat{y}_i| > \\delta)",
                    "J_i = \\begin{cases} \\frac{1}{2}(y_i - \\hat{y}_i)^2 & |y_i - \\hat{y}_i| \\leq \\delta \\\\ \\delta |y_i - \\hat{y}_i| - \\frac{\\delta^2}{2} & \\text{else} \\end{cases}",
                    "\\delta > 0"),
            p("seed001-l2", "J", "w", "\\sum_{i=1}^{n} (\\hat{y}_i - y_i) \\frac{\\partial g(w, x_i)}{\\partial w}",
                    "J = \\sum_{i=1}^{n} \\frac{1}{2}(y_i - \\hat{y}_i)^2", "\\hat{y}_i = g(w, x_i)"),
            p("seed001-cosine-similarity", "J", "\\hat{y}_j",
                    "-\\frac{y_j}{N} + \\frac{(\\sum_{k=1}^{c} y_k \\hat{y}_k) \\hat{y}_j}{N^3}",
                    "J = -\\frac{\\sum_{k=1}^{c} y_k \\hat{y}_k}{N}", "N = \\sqrt{\\sum_{k=1}^{c} \\hat{y}_k^2}"),
            // seed 002: hinge per sample, BCE through σ, ReLU unit, L2 regularisation
            p("seed002-hinge-upstream", "\\max(1 - y_i h, 0)", "h", "-y_i \\mathbf{1}(y_i h < 1)"),
            p("seed002-bce-sigmoid", "l", "z_4", "\\hat{y} - y",
                    "l = -y \\log(\\hat{y}) - (1 - y) \\log(1 - \\hat{y})", "\\hat{y} = \\sigma(z_4)"),
            p("seed002-relu-unit", "L", "W_{11}", "h'(a_1) \\mathbf{1}(z_1 > 0) x_1",
                    "L = h(a_1)", "a_1 = \\operatorname{ReLU}(z_1)", "z_1 = W_{11} x_1 + b_1"),
            p("seed002-l2-regularisation", "\\frac{\\lambda}{2} W^2", "W", "\\lambda W"),
            // seed 003, Q1
            p("seed003-sigmoid", "f", "x", "\\frac{e^{-x}}{(1 + e^{-x})^2}", "f = \\frac{1}{1 + e^{-x}}"),
            p("seed003-softmax-diagonal", "f_i", "x_i", "f_i \\cdot (1 - f_i)", "f_i = \\frac{e^{x_i}}{\\sum_{j=1}^{n} e^{x_j}}"),
            p("seed003-softplus", "\\frac{1}{\\beta} \\ln(1 + e^{\\beta x})", "x", "\\frac{1}{1 + e^{-\\beta x}}", "\\beta > 0"),
            // seed 004, Q1 and Q2
            p("seed004-logistic-squared-error", "l", "w", "2(p - y) p (1 - p) x",
                    "a = w x", "p = \\sigma(a)", "l = (y - p)^2"),
            p("seed004-dl-dp", "l", "p", "2p - 2y", "l = (y - p)^2"),
            p("seed004-da-dw", "a", "w", "x", "a = w x"),
            p("seed004-hinge-da", "\\max(0, 1 - y a) + w^2", "a", "-y \\mathbf{1}(y a < 1)"),
            p("seed004-hinge-dw", "l", "w", "-y x \\mathbf{1}(y w x < 1) + 2 w",
                    "a = w x", "l = \\max(0, 1 - y a) + w^2"));

    @TestFactory
    Stream<DynamicTest> seedProblemsDeriveToTheCorrectAnswer() {
        Engine engine = new Engine();
        return PROBLEMS.stream().map(pr -> DynamicTest.dynamicTest(pr.name(), () -> {
            List<Expr> given = new ArrayList<>();
            for (String g : pr.given()) given.addAll(FormulaParser.parse(g).statements());
            Expr expr = FormulaParser.parseExpr(pr.expr());
            Sym x = (Sym) FormulaParser.parseExpr(pr.wrt());
            Derivation d = engine.derive(new Engine.Problem(expr, x, given));
            String shown = pr.name() + ": got " + LatexPrinter.print(d.answer()) + "\n  report " + d.report()
                    + "\n  locals " + (d instanceof Derivation.Chain c ? c.locals().stream().map(l -> l.report().verified()).toList() : List.of());
            assertTrue(d.verified(), shown);
            Definitions defs = Definitions.of(given);
            Expr expected = defs.inline(FormulaParser.parseExpr(pr.expected()));
            Verifier.Report same = Verifier.verifyEqual(expected, d.answerFlat(), defs.sampling(), 99);
            assertTrue(same.verified(), shown + "\n  expected " + pr.expected() + "\n  " + same);
        }));
    }

    @Test
    void dpDaCanBeWrittenInTermsOfP() throws Exception {
        List<Expr> given = new ArrayList<>();
        for (String g : List.of("a = w x", "p = \\sigma(a)")) given.addAll(FormulaParser.parse(g).statements());
        Sym p = (Sym) FormulaParser.parseExpr("p");
        Derivation d = new Engine().derive(new Engine.Problem(p, (Sym) FormulaParser.parseExpr("a"), given, false, List.of(p), 1));
        assertTrue(d.verified());
        assertEquals("p (1 - p)", LatexPrinter.print(d.inTermsOf().orElseThrow()).replace(" \\cdot", ""));
    }

    @Test
    void theSeedsWrongAnswersAreRejected() throws Exception {
        // seed 003 gave softmax' = f(1 + f); seed 004 gave 2p³e^{-a}x − 3p²e^{-a}yx (coefficient 3 instead of 2).
        Definitions defs = Definitions.of(FormulaParser.parse("f_i = \\frac{e^{x_i}}{\\sum_{j=1}^{n} e^{x_j}}").statements());
        Expr wrongSoftmax = defs.inline(FormulaParser.parseExpr("f_i (1 + f_i)"));
        Derivation d = new Engine().derive(new Engine.Problem(FormulaParser.parseExpr("f_i"), (Sym) FormulaParser.parseExpr("x_i"),
                FormulaParser.parse("f_i = \\frac{e^{x_i}}{\\sum_{j=1}^{n} e^{x_j}}").statements()));
        assertFalse(Verifier.verifyEqual(wrongSoftmax, d.answerFlat(), List.of(), 5).verified());

        List<Expr> given = new ArrayList<>();
        for (String g : List.of("a = w x", "p = \\sigma(a)", "l = (y - p)^2")) given.addAll(FormulaParser.parse(g).statements());
        Definitions d4 = Definitions.of(given);
        Derivation dl = new Engine().derive(new Engine.Problem(FormulaParser.parseExpr("l"), (Sym) FormulaParser.parseExpr("w"), given));
        Expr wrong = d4.inline(FormulaParser.parseExpr("2 p^3 e^{-a} x - 3 p^2 e^{-a} y x"));
        Expr right = d4.inline(FormulaParser.parseExpr("2 p^3 e^{-a} x - 2 p^2 e^{-a} y x"));
        assertFalse(Verifier.verifyEqual(wrong, dl.answerFlat(), List.of(), 5).verified());
        assertTrue(Verifier.verifyEqual(right, dl.answerFlat(), List.of(), 5).verified());
    }
}
