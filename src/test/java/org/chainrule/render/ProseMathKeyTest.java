package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.pdf.PdfRenderer;
import org.chainrule.sheet.AnswerKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: prose maths never drops a problem (sets, intervals, pairs are typeset; what cannot be read is
 * shown as escaped text with a warning), headings keep their maths, and the key keeps W_{14}, \ln and d.
 */
class ProseMathKeyTest {
    static final String SHEET = """
            \\title{Prose maths}
            \\problem{Smooth-$L_1$ loss of $W_{14}$}
            For a sample $(\\mathbf{x}, y)$ with $y \\in \\{0,1\\}$, $p \\in [0, 1)$, $\\beta \\in (0,\\infty)$,
            indices $\\{1, \\dots, n\\}$ and $\\mathbf{x} \\in \\mathbb{R}^n$.
            \\let{z = W_{14} a + \\ln(x^2+1) + \\log(x)}
            \\find{\\frac{dz}{dx}}
            \\find{\\frac{\\partial z}{\\partial W_{14}}}

            \\problem{Broken prose}
            Here $\\frac{a}{$ and $\\input{/etc/passwd}$ are not maths.
            \\find{\\frac{d}{dx} \\ln(x^2+1)}
            """;

    static SheetSource sheet;
    static AnswerKey key;

    @BeforeAll
    static void make() throws Exception {
        sheet = SheetParser.parse(SHEET);
        key = AnswerKey.of(sheet, Engine::new, KeyStyle.BRIEF);
    }

    @Test
    void everyProblemKeepsItsDerivationAndTheUnreadableMathsIsAWarning() {
        assertEquals(List.of(), key.failures());
        assertTrue(sheet.problems().stream().allMatch(p -> p.errors().isEmpty()));
        assertEquals(List.of("10:7", "10:23"), sheet.warnings().stream().map(w -> w.line() + ":" + w.column()).toList());
        assertTrue(sheet.warnings().get(1).message().contains("\\input is not allowed"), sheet.warnings().toString());
        assertEquals(3, key.results().size());
        assertTrue(key.results().stream().allMatch(r -> r.derivation().map(Derivation::verified).orElse(false)));
    }

    @Test
    void theAnswersAgreeWithHandComputedValues() {
        for (double x : new double[] {0.3, 0.7, 2.5}) {
            double a = 1.3, w = -0.4;
            Env env = Env.of(Map.of(Sym.of("x"), x, Sym.of("a"), a, Sym.of("W", Expr.num(1), Expr.num(4)), w));
            assertEquals(2 * x / (x * x + 1) + 1 / x, value(0, env), 1e-12, "dz/dx at " + x);
            assertEquals(a, value(1, env), 1e-12, "dz/dW14");
            assertEquals(2 * x / (x * x + 1), value(2, env), 1e-12, "d ln(x^2+1)/dx at " + x);
        }
    }

    private static double value(int result, Env env) {
        return Evaluator.eval(key.results().get(result).derivation().orElseThrow().answer(), env);
    }

    @Test
    void theLatexKeepsTheAuthorsNotationAndCompiles() {
        String tex = LatexWriter.standalone(key.doc());
        SafeLatex.check(tex);
        for (String s : List.of("\\subsection*{Problem 1 — Smooth-$L_{1}$ loss of $W_{14}$}", "$(\\mathbf{x}, y)$",
                "$y \\in \\{0,1\\}$", "$p \\in [0, 1)$", "$\\beta \\in (0,\\infty)$", "$\\{1, \\dots, n\\}$",
                "$\\mathbf{x} \\in \\mathbb{R}^{n}$", "\\ln(x^{2} + 1) + \\log(x)", "\\frac{d z}{d x} &=",
                "\\frac{\\partial z}{\\partial W_{14}} &=", "\\frac{d \\ln(x^{2} + 1)}{d x} &=",
                "Here \\$\\textbackslash{}frac\\{a\\}\\{\\$ and \\$\\textbackslash{}input\\{/etc/passwd\\}\\$ are not maths."))
            assertTrue(tex.contains(s), s + " in\n" + tex);
        assertFalse(tex.contains("W_{1,4}"), tex);
        assertFalse(tex.contains("\\partial x"), "asked with d, answered with d:\n" + tex);
        String text = PdflatexSupport.read(PdflatexSupport.pdflatex().compile(tex)).text();
        assertTrue(text.contains("Problem 1 — Smooth-"), text);
        assertTrue(text.contains("\\input{/etc/passwd}"), text);
        assertFalse(text.contains("root:"), text);
    }

    @Test
    void theEmbeddedRendererDrawsHeadingsWithMaths() {
        Doc.Heading h = (Doc.Heading) key.doc().blocks().get(0);
        assertEquals(List.of(new Doc.Text("Problem 1 — Smooth-"), new Doc.Math("L_{1}"), new Doc.Text(" loss of "), new Doc.Math("W_{14}")), h.parts());
        assertEquals("Problem 1 — Smooth-L_{1} loss of W_{14}", h.text());
        String text = PdflatexSupport.read(PdfRenderer.render(key.doc())).text();
        assertTrue(text.contains("Problem 1 — Smooth-"), text);
        assertTrue(text.contains("\\input{/etc/passwd}"), text);
    }
}
