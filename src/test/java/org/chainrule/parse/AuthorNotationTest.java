package org.chainrule.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.render.PlainMath;
import org.chainrule.render.tex.SafeTex;
import org.chainrule.render.tex.Tex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The author's notation survives parse and print: W_{14}, \ln, d; and prose maths is vetted before it is typeset. */
class AuthorNotationTest {

    static Expr parse(String s) throws ParseException {
        return FormulaParser.parseExpr(s, ParseOptions.DEFAULT);
    }

    static String roundTrip(String s) throws ParseException {
        return LatexPrinter.print(parse(s));
    }

    @Test
    void aJoinedSubscriptPrintsAsWrittenAndKeepsItsMeaning() throws ParseException {
        Sym w14 = (Sym) parse("W_{14}");
        assertEquals(List.of(Expr.num(1), Expr.num(4)), w14.sub(), "docs/notation.md: every digit is its own index");
        assertEquals("W_{14}", LatexPrinter.print(w14));
        assertEquals("W_{1,4}", roundTrip("W_{1,4}"), "a comma the author wrote stays");
        assertEquals(parse("W_{1,4}"), w14, "the spelling is a printing hint, not part of the symbol");
        assertEquals(parse("W_{1,4}").hashCode(), w14.hashCode());
        assertEquals(w14, parse(LatexPrinter.print(w14)));
        assertEquals("W_{1,1}", LatexPrinter.print(Sym.of("W", Expr.num(1), Expr.num(1))), "made by chainrule: unambiguous");
        assertEquals("z_{4} = W_{14} a_{1} + b_{4}", roundTrip("z_4 = W_{14} a_1 + b_4"));
        assertEquals("x_{i0}", roundTrip("x_{i0}"));
        assertEquals("x_{10,2}", roundTrip("x_{10,2}"));
        assertEquals("W₁₄", PlainMath.print(w14));
        assertNotEquals(PlainMath.print(w14), PlainMath.print(parse("W_{1,4}")));
    }

    @Test
    void lnStaysLnAndLogStaysLog() throws ParseException {
        assertEquals("\\ln(x^{2} + 1)", roundTrip("\\ln(x^2+1)"));
        assertEquals("\\log(x^{2} + 1)", roundTrip("\\log(x^2+1)"));
        assertEquals(parse("\\log(x^2+1)"), parse("\\ln(x^2+1)"), "the same natural logarithm");
        assertEquals("\\ln(2 x)", roundTrip("\\ln 2x"));
        assertEquals("ln(x² + 1)", PlainMath.print(parse("\\ln(x^2+1)")));
        assertEquals("\\ln'(x)", roundTrip("\\ln'(x)"));
    }

    @Test
    void dStaysD() throws ParseException {
        assertEquals("\\frac{d L}{d w}", roundTrip("\\frac{dL}{dw}"));
        assertEquals("\\frac{\\partial L}{\\partial w}", roundTrip("\\frac{\\partial L}{\\partial w}"));
        assertEquals("\\frac{d}{d x}(x^{3})", roundTrip("\\frac{d}{dx} x^3"));
        Expr partial = parse("\\frac{\\partial L}{\\partial w}");
        // the key's hint: a derivation asked for with d prints its partials with d, and only inside the hint
        assertEquals("\\frac{d L}{d w}", LatexPrinter.withTotalD(true, () -> LatexPrinter.print(partial)));
        assertEquals("\\frac{\\partial L}{\\partial w}", LatexPrinter.print(partial));
        Expr mixed = parse("\\frac{\\partial^2 E}{\\partial w_1 \\partial w_2}");
        assertEquals(LatexPrinter.print(mixed), LatexPrinter.withTotalD(true, () -> LatexPrinter.print(mixed)), "two variables keep ∂");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(\\mathbf{x}, y)", "y \\in \\{0,1\\}", "p \\in [0, 1)", "\\beta \\in (0,\\infty)",
            "\\{1, \\dots, n\\}", "\\mathbb{R}^n", "\\mathbf{x} \\in \\mathbb{R}^{n \\times d}", "[w_0, \\dots, w_{n-1}]^T",
            "\\{(\\mathbf{x}^{(i)}, y^{(i)})\\}_{i=1}^{n}", "f: \\mathbb{R} \\to \\mathbb{R}", "\\left( a, b \\right]",
            "\\text{for all } i", "\\hat y \\in \\{-1, +1\\}", "\\lVert w \\rVert_2 \\le 1", "\\frac{1}{2}, \\sqrt{x}",
            "\\big( a \\big)", "x'^2", "\\ln, \\log, \\sigma, \\mathcal{L}"})
    void ordinaryTextMathsPassesAndRenders(String tex) {
        Optional<String> vetted = ProseMath.vet(tex);
        assertTrue(vetted.isPresent(), tex + ": " + ProseMath.why(tex));
        assertTrue(Tex.layout(vetted.get(), 11f, Tex.Style.TEXT).width() > 0, "jlatexmath typesets " + tex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\input{/etc/passwd}", "\\def\\x{y}", "a \\\\ b", "a & b", "x # 1", "x % y", "^^5c",
            "\\frac{a}{", "x}", "x^", "x_", "x^2^3", "x_1_2", "x^2'", "\\left( x", "x \\right)", "\\frac{a}", "\\sqrt[3]{x}",
            "\\text{a_b}", "\\text{\\input x}", "\\mathbb", "\\foo", "∑", "\\catcode", "\\csname x\\endcsname",
            "\\begin{bmatrix} a \\end{bmatrix}", "x ~ y", "\\hat", "^2", "\\big x", "\\\\", "\\", "A \\oplus B", "p \\wedge q", "\\bigcup_i A"})
    void anythingElseIsRefused(String tex) {
        assertEquals(Optional.empty(), ProseMath.vet(tex), tex);
        assertTrue(ProseMath.why(tex).isPresent());
    }

    @Test
    void everyCommandProseMathsAllowsIsOneTheRendererAllowsAndTypesets() {
        for (String c : ProseMath.commands()) {
            String tex = switch (c) {
                case "left", "right" -> "\\left( x \\right)";
                case "big", "Big", "bigg", "Bigg" -> "\\" + c + "( x \\" + c + ")";
                case "frac", "dfrac", "tfrac" -> "\\" + c + "{a}{b}";
                case "text", "operatorname" -> "\\" + c + "{word}";
                default -> "x \\" + c + "{y}";
            };
            assertEquals(Optional.of(tex), ProseMath.vet(tex), c);
            SafeTex.check(tex);
            assertTrue(Tex.layout(tex, 11f, Tex.Style.TEXT).width() > 0, c);
        }
    }

    @Test
    void refusedAlsoWhenTooLong() {
        assertEquals(Optional.empty(), ProseMath.vet("x + ".repeat(200) + "y"));
    }
}
