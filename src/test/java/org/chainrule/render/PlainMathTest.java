package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Readable Unicode for terminals: input LaTeX ⇒ expected text, written by hand. */
class PlainMathTest {

    @ParameterizedTest
    @CsvSource(delimiterString = "⇒", value = {
        "\\frac{\\partial f_i}{\\partial x_i} ⇒ ∂fᵢ/∂xᵢ",
        "\\frac{\\partial^2 E}{\\partial w_1^2} ⇒ ∂²E/∂w₁²",
        "\\frac{dl}{dw} ⇒ dl/dw",
        "2(p - y) p (1 - p) x ⇒ 2(p − y)p(1 − p)x",
        "\\sigma(a)(1 - \\sigma(a)) ⇒ σ(a)(1 − σ(a))",
        "\\frac{1}{1 + e^{-x}} ⇒ 1/(1 + exp(−x))",
        "\\hat{y} - y ⇒ y\u0302 − y",
        "W^T x + b ⇒ Wᵀ x + b",
        "\\mathbf{1}(y a < 1) ⇒ 𝟏(y a < 1)",
        "-y x ⇒ −y x",
        "a - (b - c) ⇒ a − (b − c)",
        "(a + b)^2 ⇒ (a + b)²",
        "x^{n+1} ⇒ x^(n + 1)",
        "\\frac{a}{b c} ⇒ a/(b c)",
        "\\frac{3}{4} x ⇒ (3/4)x",
        "w_{ij} ⇒ wᵢⱼ",
        "w_{1,2} ⇒ w_(1,2)",
        "\\sqrt{x} ⇒ √x",
        "|w_1| + \\|w\\|_2^2 ⇒ |w₁| + ‖w‖₂²",
        "\\delta_{ij} - s_j ⇒ δᵢⱼ − sⱼ",
        "-0.0045 ⇒ −0.0045",
        "\\max(0, 1 - y w x) ⇒ max(0, 1 − y w x)",
    })
    void prints(String latex, String expected) throws Exception {
        assertEquals(expected, PlainMath.print(FormulaParser.parseExpr(latex.strip())));
    }
}
