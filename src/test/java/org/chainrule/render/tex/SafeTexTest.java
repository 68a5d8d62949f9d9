package org.chainrule.render.tex;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.FormulaParser;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.pdf.PdfRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate in front of jlatexmath: what chainrule prints passes, injections never reach jlatexmath. */
class SafeTexTest {

    static Stream<String> injections() {
        StringBuilder bomb = new StringBuilder("\\newcommand{\\a}{x}");
        for (char c = 'b'; bomb.length() < 30_000; c = c == 'z' ? 'b' : (char) (c + 1))
            bomb.append("\\newcommand{\\").append(c).append("}{\\").append((char) (c - 1)).append("\\").append((char) (c - 1)).append('}');
        return Stream.of(
                "\\newcommand{\\frac}{HACKED}",
                "\\renewcommand{\\frac}[2]{HACKED}\\frac{1}{2}",
                "\\input{/etc/passwd}",
                "\\includegraphics{/etc/passwd}",
                "x + \\text{\\input{/etc/passwd}}",
                "\\def\\x{\\x}\\x",
                "\\let\\frac\\sqrt",
                "\\write18{ls}",
                "\\immediate\\write18{rm -rf /}",
                "\\csname frac\\endcsname",
                "\\catcode`\\^=12",
                "\\usepackage{graphicx}",
                "\\href{http://example.org}{x}",
                "\\url{http://example.org}",
                "\\begin{verbatim}x\\end{verbatim}",
                "\\newenvironment{cases}{HACKED}{}",
                "x^^41",
                bomb.toString());
    }

    @ParameterizedTest
    @MethodSource("injections")
    void injectionsAreRefusedBeforeJlatexmathAndLeaveItIntact(String attack) {
        Tex.Box before = Tex.layout("\\frac{1}{2}", 11f, Tex.Style.DISPLAY);
        UnsafeLatexException e = assertThrows(UnsafeLatexException.class, () -> SafeTex.check(attack));
        assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("too long"), e.getMessage());
        // Tex.layout is the only way to jlatexmath, and it refuses the same way
        assertThrows(UnsafeLatexException.class, () -> Tex.layout(attack, 11f, Tex.Style.DISPLAY));
        Tex.Box after = Tex.layout("\\frac{1}{2}", 11f, Tex.Style.DISPLAY);
        assertEquals(before.width(), after.width(), 1e-4);
        assertEquals(before.total(), after.total(), 1e-4);
        assertTrue(PdfRenderer.render(new Doc("", List.of(new Equations(List.of(Row.of("x", "\\frac{1}{2}")))))).length > 0);
    }

    @Test
    void aThirtyKilobyteMacroBombIsRefusedForItsLength() {
        String bomb = injections().reduce((a, b) -> b).orElseThrow();
        assertTrue(bomb.length() >= 30_000);
        UnsafeLatexException e = assertThrows(UnsafeLatexException.class, () -> SafeTex.check(bomb));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\\frac{\\partial \\mathcal{L}}{\\partial W} = \\frac{(\\hat{y}-y)\\mathbf{x}}{\\beta}\\mathbf{1}(|\\hat{y}-y|\\le\\beta)",
        "\\sigma(x) = \\frac{1}{1 + e^{-x}}",
        "\\max(0, 1 - y w^\\top x) + \\lambda \\|w\\|^2",
        "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{c} e^{a_k}}",
        "\\operatorname{ReLU}(x) + \\operatorname{softplus}(x) + \\tanh(x) + \\log_{2}(x) + \\sqrt[3]{x}",
        "L = \\begin{cases} x^2 & |x| \\le 1 \\\\ |x| & \\text{otherwise} \\end{cases}",
        "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix} \\odot W",
        "\\lim_{x \\to 0^{+}} \\frac{\\sin x}{x}",
        "\\left. \\frac{d f}{d x} \\right|_{x = 0}",
        "\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}",
        "\\left| |x| - \\beta \\right|",
        "\\hat{\\theta}_{j}^{(i)} \\ne \\tilde{\\boldsymbol{\\beta}} \\approx \\vec{v} \\cdot \\dot{x}",
        "\\frac{\\partial^{2} f}{\\partial x \\partial y}"
    })
    void everythingChainrulePrintsPassesAndLaysOut(String formula) throws Exception {
        for (Expr e : FormulaParser.parse(formula).statements()) {
            String latex = LatexPrinter.print(e);
            assertDoesNotThrow(() -> SafeTex.check(latex), latex);
            assertTrue(Tex.layout(latex, 11f, Tex.Style.DISPLAY).width() > 0, latex);
        }
    }

    @Test
    void layoutCommandsTheRenderersAddPass() {
        for (String ok : new String[] {"a = \\boxed{b}", "a \\quad b \\qquad c \\, d \\; e \\! f", "\\text{otherwise}",
                "\\begin{aligned} a &= b \\\\ &= c \\end{aligned}", "\\underbrace{a b}_{c}", "x \\cdot y"})
            assertDoesNotThrow(() -> SafeTex.check(ok), ok);
    }

    @Test
    void unknownCommandsAreNamed() {
        UnsafeLatexException e = assertThrows(UnsafeLatexException.class, () -> SafeTex.check("x + \\foo{y}"));
        assertTrue(e.getMessage().contains("\\foo"), e.getMessage());
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void deepNestingAndUnbalancedBracesAreRefused() {
        assertThrows(UnsafeLatexException.class, () -> SafeTex.check("{".repeat(200) + "x" + "}".repeat(200)));
        assertThrows(UnsafeLatexException.class, () -> SafeTex.check("{x"));
        assertThrows(UnsafeLatexException.class, () -> SafeTex.check("x}"));
    }

    @Test
    void formulasThatLayOutHugeAreRefused() {
        String wide = "x + ".repeat(4_000) + "x"; // under the length cap, about 60,000 px wide
        assertTrue(wide.length() <= SafeTex.MAX_LENGTH);
        UnsafeLatexException e = assertThrows(UnsafeLatexException.class, () -> Tex.layout(wide, 11f, Tex.Style.DISPLAY));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void dangerousCommandsAreGoneFromJlatexmathsTable() {
        for (String c : Tex.REMOVED) assertFalse(Tex.jlatexmathKnows(c), c);
        assertTrue(Tex.jlatexmathKnows("frac"));
    }
}
