package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.check.Diagnosis;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Mat;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.render.pdf.PdfRenderer;
import org.junit.jupiter.api.Test;

/**
 * The words, text lines, JSON and documents of graded claims, from judgements built by hand (so these
 * tests do not depend on the judges); every expected string is written out here.
 */
class ClaimLayoutTest {

    static Expr tex(String s) {
        try {
            return FormulaParser.parseExpr(s);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    static final Expr LHS = tex("\\frac{\\partial f_i}{\\partial x_i}");

    static Judgement wrong(Judgement.Counterexample c, Diagnosis... ds) {
        return new Judgement(Verdict.WRONG, Optional.empty(), Optional.of(c), Optional.empty(), List.of(ds), 6);
    }

    static Judgement.Counterexample at(double claimed, double actual) {
        Map<Sym, Mat> point = new LinkedHashMap<>();
        point.put((Sym) tex("x_1"), Mat.scalar(0.3));
        point.put((Sym) tex("x_2"), Mat.scalar(-1.2));
        return new Judgement.Counterexample(point, Mat.scalar(claimed), Mat.scalar(actual));
    }

    static ClaimLayout.Line line(int index, int count, Judgement j, boolean firstWrong, String rhs) {
        return new ClaimLayout.Line(Optional.empty(), LHS, tex(rhs), index, count, 12 + index, 8, j, firstWrong);
    }

    @Test
    void aWrongLineReadsLikeACompilerMessage() {
        ClaimLayout.Line l = line(0, 2, wrong(at(0.21, 0.13), new Diagnosis.TermSign(tex("f_i^2"))), true, "f_i + f_i^2");
        assertEquals("sheet.tex:12:8: wrong: ∂fᵢ/∂xᵢ = fᵢ + fᵢ²; at x₁ = 0.3, x₂ = −1.2 it is 0.21, the derivative is 0.13;"
                + " the sign of the term fᵢ² is wrong (first wrong line)", ClaimLayout.text("sheet.tex", l));
    }

    @Test
    void correctAndUnverifiableLines() {
        assertEquals("s.tex:13:8: correct: ∂fᵢ/∂xᵢ = fᵢ(1 − fᵢ)",
                ClaimLayout.text("s.tex", line(1, 2, Judgement.correct(6), false, "f_i(1 - f_i)")));
        assertEquals("s.tex:12:8: unverifiable: ∂fᵢ/∂xᵢ = g(x); no point found where x > 0 holds",
                ClaimLayout.text("s.tex", line(0, 1, Judgement.unverifiable("no point found where x > 0 holds"), false, "g(x)")));
    }

    @Test
    void valuesShowEnoughDigitsToDiffer() {
        // 0.123456 and 0.123459 agree to 4 and 5 significant digits: the sixth tells them apart
        ClaimLayout.Line l = line(0, 1, wrong(at(0.123456, 0.123459)), true, "f_i");
        assertTrue(ClaimLayout.text("s", l).endsWith("it is 0.123456, the derivative is 0.123459"), ClaimLayout.text("s", l));
    }

    @Test
    void everyDiagnosisHasItsWords() {
        assertEquals("the sign is flipped", ClaimLayout.text(new Diagnosis.SignFlipped()));
        assertEquals("off by a constant factor 1/2", ClaimLayout.text(new Diagnosis.ConstantFactor(Rational.of(1, 2))));
        assertEquals("the coefficient 3 should be 2", ClaimLayout.text(new Diagnosis.WrongCoefficient(tex("3"), tex("2"))));
        assertEquals("the sign of the term y x is wrong", ClaimLayout.text(new Diagnosis.TermSign(tex("y x"))));
        assertEquals("the term 2w is missing", ClaimLayout.text(new Diagnosis.MissingTerm(tex("2 w"))));
        assertEquals("the term λ w is extra", ClaimLayout.text(new Diagnosis.ExtraTerm(tex("\\lambda w"))));
        assertEquals("the condition y a ≥ 1 should be y a < 1",
                ClaimLayout.text(new Diagnosis.ConditionInverted(tex("y a \\ge 1"), tex("y a < 1"))));
        assertEquals("a transpose is missing on W", ClaimLayout.text(new Diagnosis.MissingTranspose(tex("W"))));
        assertEquals("right after renaming i ↔ j", ClaimLayout.text(new Diagnosis.Renaming(tex("i"), tex("j"))));
        assertEquals("rounding: it matches the value worked with every intermediate rounded to 2 decimal places",
                ClaimLayout.text(new Diagnosis.RoundingDrift(2)));
        assertEquals("rounding: the exact value, rounded wrongly in the last digit",
                ClaimLayout.text(new Diagnosis.RoundingDrift(-1)));
        assertEquals("carried forward: a right step from the claimed w₂ = 75",
                ClaimLayout.text(new Diagnosis.CarriedForward(tex("w_2"), 75.0)));
    }

    @Test
    void aWrongNumericClaimGivesTheExpectedValue() {
        Judgement j = new Judgement(Verdict.WRONG, Optional.empty(), Optional.empty(),
                Optional.of(new Judgement.Expected(87.5, Optional.of("87.5"))),
                List.of(new Diagnosis.CarriedForward(tex("w_2"), 75.0)), 1);
        ClaimLayout.Line l = new ClaimLayout.Line(Optional.of("rate = 0.5"), tex("w_3"), tex("100"), 0, 1, 9, 18, j, true);
        assertEquals("d.tex:9:18: wrong: w₃ = 100; the value is 87.5; carried forward: a right step from the claimed w₂ = 75",
                ClaimLayout.text("d.tex", l));
        JsonNode n = ClaimLayout.json(l);
        assertEquals("w_{3} = 100", n.get("claim").asText());
        assertEquals(87.5, n.get("expected").get("value").asDouble());
        assertEquals("87.5", n.get("expected").get("exact").asText());
        JsonNode d = n.get("diagnosis").get(0);
        assertEquals("carried-forward", d.get("kind").asText());
        assertEquals("w_{2}", d.get("previous").asText());
        assertEquals(75.0, d.get("previous_claimed").asDouble());
        assertEquals("carried forward: a right step from the claimed w₂ = 75", d.get("text").asText());
    }

    @Test
    void jsonOfACounterexampleWithAMatrix() {
        Map<Sym, Mat> point = new LinkedHashMap<>();
        point.put((Sym) tex("W"), Mat.fromNested(new double[][] {{1, 2}, {3, 4}}));
        point.put((Sym) tex("b"), Mat.scalar(-0.5));
        Judgement j = wrong(new Judgement.Counterexample(point, Mat.column(1, 2), Mat.column(1, Double.NaN)),
                new Diagnosis.MissingTranspose(tex("W")), new Diagnosis.ConstantFactor(Rational.of(2)));
        JsonNode n = ClaimLayout.json(line(0, 1, j, true, "W x"));
        assertEquals(12, n.get("line").asInt());
        assertEquals(8, n.get("column").asInt());
        assertEquals("wrong", n.get("verdict").asText());
        assertTrue(n.get("first_wrong").asBoolean());
        assertEquals(6, n.get("points").asInt());
        assertFalse(n.has("why"));
        assertFalse(n.has("expected"));
        JsonNode c = n.get("counterexample");
        assertEquals(3.0, c.get("point").get("W").get(1).get(0).asDouble());
        assertEquals(-0.5, c.get("point").get("b").asDouble());
        assertEquals(2.0, c.get("claimed").get(1).get(0).asDouble());
        assertEquals("NaN", c.get("actual").get(1).get(0).asText()); // JSON has no NaN
        assertEquals("missing-transpose", n.get("diagnosis").get(0).get("kind").asText());
        assertEquals("W", n.get("diagnosis").get(0).get("operand").asText());
        assertEquals("2", n.get("diagnosis").get(1).get("factor").asText());
        assertEquals("off by a constant factor 2", n.get("diagnosis").get(1).get("text").asText());
    }

    /** A claim of three lines: right, first wrong, wrong again. */
    static List<ClaimLayout.Line> softmaxClaim() {
        return List.of(
                line(0, 3, Judgement.correct(6), false, "\\frac{e^{x_i}}{\\sum_k e^{x_k}} - \\frac{e^{2 x_i}}{(\\sum_k e^{x_k})^2}"),
                line(1, 3, wrong(at(0.21, 0.13), new Diagnosis.TermSign(tex("f_i^2"))), true, "f_i + f_i^2"),
                line(2, 3, Judgement.unverifiable("the claim holds a function with no formula"), false, "g(f_i)"));
    }

    @Test
    void blocksShowEachLineMarkedAndTheEvidence() {
        List<Doc.Block> blocks = ClaimLayout.blocks(softmaxClaim());
        Doc.Equations eq = (Doc.Equations) blocks.get(1);
        assertEquals(3, eq.rows().size());
        assertEquals("\\frac{\\partial f_{i}}{\\partial x_{i}}", eq.rows().get(0).lhs());
        assertEquals("", eq.rows().get(1).lhs());
        assertEquals(Optional.of("✓ correct"), eq.rows().get(0).why());
        assertEquals(Optional.of("✗ first wrong line"), eq.rows().get(1).why());
        assertEquals(Optional.of("? unverifiable"), eq.rows().get(2).why());
        String evidence = blocks.subList(2, blocks.size()).toString();
        assertTrue(evidence.contains("✗ Line 13 is wrong: at "), evidence);
        assertTrue(evidence.contains("Math[latex=x_{2} = -1.2]"), evidence);
        assertTrue(evidence.contains("? Line 14 is unverifiable: the claim holds a function with no formula"), evidence);
        assertEquals(4, blocks.size()); // the intro, the rows, evidence for lines 2 and 3 (none for a correct line)
    }

    @Test
    void marksRenderInTheEmbeddedPdf() {
        List<Doc.Block> blocks = new ArrayList<>(ClaimLayout.blocks(softmaxClaim()));
        byte[] pdf = PdfRenderer.render(new Doc("Checked", blocks));
        String text = PdflatexSupport.read(pdf).text();
        // a glyph missing from the fonts would come out as '?': only the unverifiable line may show one
        assertTrue(text.contains("✓ correct"), text);
        assertTrue(text.contains("✗ first wrong line"), text);
        assertTrue(text.contains("✗ Line 13 is wrong"), text);
        assertEquals(2, text.chars().filter(c -> c == '?').count(), text); // "? unverifiable", "? Line 14"
    }

    @Test
    void marksCompileWithPdflatex() {
        String latex = LatexWriter.standalone(new Doc("Checked", ClaimLayout.blocks(softmaxClaim())));
        assertTrue(latex.contains("$\\checkmark$ correct"), latex);
        assertTrue(latex.contains("$\\times$ first wrong line"), latex);
        byte[] pdf = PdflatexSupport.pdflatex().compile(latex);
        String text = PdflatexSupport.read(pdf).text();
        assertTrue(text.contains("first wrong line"), text);
        assertTrue(text.contains("Line 13 is wrong"), text);
    }

    @Test
    void exactValuesAsLatex() {
        assertEquals("-\\frac{7}{2}", ClaimLayout.exactLatex("-7/2"));
        assertEquals("87.5", ClaimLayout.exactLatex("87.5"));
        assertEquals("\\text{?}", ClaimLayout.exactLatex("\\input{x}"));
    }
}
