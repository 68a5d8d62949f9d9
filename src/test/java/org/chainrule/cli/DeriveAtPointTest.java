package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * derive's values at a point (--at, a JSONL "at") and its refusals of bad input. Every value is
 * compared with a hand formula evaluated here in Java, not with chainrule's own evaluator.
 */
class DeriveAtPointTest {
    static final ObjectMapper M = new ObjectMapper();

    static double sigma(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** One JSONL problem through the batch; its one result line. */
    static JsonNode jsonl(String line) throws Exception {
        Cli r = Cli.runWithStdin(line + "\n", "derive", "--jsonl", "-", "--no-cas");
        String[] out = r.out().strip().split("\n");
        assertEquals(1, out.length, r.out() + r.err());
        JsonNode j = M.readTree(out[0]);
        assertEquals(!j.get("ok").asBoolean() ? 65 : j.at("/derivation/verified").asBoolean() ? 0 : 4, r.exitCode(), r.err());
        return j;
    }

    static final String LOGISTIC = "\"given\":[\"z = w x + b\",\"\\\\hat{y} = \\\\sigma(z)\","
            + "\"L = -y \\\\log \\\\hat{y} - (1-y)\\\\log(1-\\\\hat{y})\"],\"expr\":\"L\"";

    @Test
    void aPointThatFixesTheInputsGivesTheDerivativeByAnIntermediate() throws Exception {
        String at = ",\"at\":{\"w\":0.5,\"x\":1,\"b\":0.1,\"y\":1}}";
        double yhat = sigma(0.5 * 1 + 0.1);
        JsonNode byYhat = jsonl("{\"id\":\"a\"," + LOGISTIC + ",\"wrt\":\"\\\\hat{y}\"" + at);
        assertTrue(byYhat.get("ok").asBoolean(), byYhat.toString());
        // ∂L/∂ŷ = -y/ŷ + (1 - y)/(1 - ŷ), with y = 1
        assertEquals(-1 / yhat, byYhat.at("/at/value").asDouble(), 1e-12);
        JsonNode byZ = jsonl("{\"id\":\"b\"," + LOGISTIC + ",\"wrt\":\"z\"" + at);
        assertEquals(yhat - 1, byZ.at("/at/value").asDouble(), 1e-12);

        Cli text = Cli.run("derive", "L", "--given", "z = w x + b", "--given", "\\hat{y} = \\sigma(z)",
                "--given", "L = -y \\log \\hat{y} - (1-y)\\log(1-\\hat{y})", "--wrt", "\\hat{y}",
                "--at", "w = 0.5, x = 1, b = 0.1, y = 1", "--digits", "6", "--no-cas");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("at point \\hat{y} = " + round(yhat, 6) + "\n"), text.out());
        assertTrue(text.out().contains("value    " + round(-1 / yhat, 6) + "\n"), text.out());
    }

    @Test
    void aValueGivenForAnIntermediateIsUsedAndMustAgreeWithItsDefinition() throws Exception {
        // only ŷ and y: the derivative by ŷ needs nothing else
        JsonNode alone = jsonl("{\"id\":\"c\"," + LOGISTIC + ",\"wrt\":\"\\\\hat{y}\",\"at\":{\"y\":1,\"\\\\hat{y}\":0.25}}");
        assertEquals(-1 / 0.25, alone.at("/at/value").asDouble(), 1e-12);
        JsonNode clash = jsonl("{\"id\":\"d\"," + LOGISTIC + ",\"wrt\":\"z\",\"at\":{\"w\":0.5,\"x\":1,\"b\":0.1,\"y\":1,\"\\\\hat{y}\":0.3}}");
        assertFalse(clash.get("ok").asBoolean());
        String m = clash.get("error").get("message").asText();
        assertTrue(m.contains("gives \\hat{y} = 0.3, but its definition \\hat{y} = \\sigma(z) gives " + sigma(0.6)), m);
    }

    @Test
    void softmaxTakesItsComponentsFromAVectorOfAnyLength() throws Exception {
        double[] a = {1, 2, 3};
        double s1 = softmax(a, 0), s2 = softmax(a, 1);
        JsonNode ij = jsonl("{\"id\":\"s\",\"given\":[\"\\\\mathbf{a} \\\\in \\\\mathbb{R}^3\"],\"expr\":\"\\\\operatorname{softmax}(\\\\mathbf{a})_i\","
                + "\"wrt\":\"a_j\",\"at\":{\"\\\\mathbf{a}\":[1,2,3],\"i\":1,\"j\":2}}");
        assertEquals(-s1 * s2, ij.at("/at/value").asDouble(), 1e-15);
        assertEquals("[]", ij.at("/at/warnings").toString(), "i and j are used, as indices");
        JsonNode ii = jsonl("{\"id\":\"t\",\"expr\":\"\\\\operatorname{softmax}(\\\\mathbf{a})_i\",\"wrt\":\"a_i\",\"at\":{\"\\\\mathbf{a}\":[1,2,3],\"i\":2}}");
        assertEquals(s2 * (1 - s2), ii.at("/at/value").asDouble(), 1e-15);
        // four entries: the sum runs over all four, not over a fixed three
        double[] b = {1, 2, 3, 4};
        JsonNode four = jsonl("{\"id\":\"u\",\"expr\":\"\\\\operatorname{softmax}(\\\\mathbf{a})_i\",\"wrt\":\"a_j\",\"at\":{\"\\\\mathbf{a}\":[1,2,3,4],\"i\":4,\"j\":4}}");
        assertEquals(softmax(b, 3) * (1 - softmax(b, 3)), four.at("/at/value").asDouble(), 1e-15);
    }

    static double softmax(double[] a, int i) {
        double sum = 0;
        for (double x : a) sum += Math.exp(x);
        return Math.exp(a[i]) / sum;
    }

    @Test
    void aDeclaredVectorGivenTheWrongNumberOfEntriesIsLocatedBadInput() throws Exception {
        String line = "{\"id\":\"v\",\"given\":[\"\\\\mathbf{a} \\\\in \\\\mathbb{R}^3\"],\"expr\":\"\\\\operatorname{softmax}(\\\\mathbf{a})_i\","
                + "\"wrt\":\"a_j\",\"at\":{\"i\":1,\"\\\\mathbf{a}\":[1,2],\"j\":2}}";
        JsonNode j = jsonl(line);
        assertFalse(j.get("ok").asBoolean());
        JsonNode e = j.get("error");
        assertEquals("at: \\mathbf{a} is declared in \\mathbb{R}^{3}, but the point gives 2 entries", e.get("message").asText());
        assertEquals(line.indexOf("\"\\\\mathbf{a}\":[1,2]") + 1, e.get("column").asInt());

        Cli r = Cli.run("derive", "\\mathbf{a}^T \\mathbf{a}", "--given", "\\mathbf{a} \\in \\mathbb{R}^{3}", "--wrt", "\\mathbf{a}",
                "--at", "\\mathbf{a} = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}", "--no-cas");
        assertEquals(65, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("--at:1:1: \\mathbf{a} is declared in \\mathbb{R}^{3}, but the point gives 2 entries\n"), r.err());
        assertTrue(r.err().contains("\n^"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMatrixPointThatDoesNotFitTheDeclaredSizesSaysWhichDimension() {
        Cli r = Cli.run("derive", "\\|W \\mathbf{x}\\|^2", "--given", "W \\in \\mathbb{R}^{m \\times n}", "--given", "\\mathbf{x} \\in \\mathbb{R}^{n}",
                "--wrt", "W", "--at", "W = \\begin{bmatrix} 1 & 2 \\end{bmatrix}, \\mathbf{x} = [1, 2, 3]", "--no-cas");
        assertEquals(65, r.exitCode(), r.out());
        int column = "W = \\begin{bmatrix} 1 & 2 \\end{bmatrix}, ".length() + 1;
        assertTrue(r.err().startsWith("--at:1:" + column + ": \\mathbf{x} is declared in \\mathbb{R}^{n} with n = 2 (from W), but the point gives 3 entries"), r.err());
        // a size the point gives is what the vectors must have, wherever it is written
        Cli n = Cli.run("derive", "\\mathbf{w}^T \\mathbf{x}", "--given", "\\mathbf{w} \\in \\mathbb{R}^{n}", "--given", "\\mathbf{x} \\in \\mathbb{R}^{n}",
                "--wrt", "\\mathbf{w}", "--at", "\\mathbf{x} = [1, 2, 3], \\mathbf{w} = [1, 1, 1], n = 2", "--no-cas");
        assertEquals(65, n.exitCode(), n.out());
        assertTrue(n.err().startsWith("--at:1:1: \\mathbf{x} is declared in \\mathbb{R}^{n} with n = 2, but the point gives 3 entries"), n.err());
        // a row [1, 2] for a declared column is read as the column: ‖Wx‖² with W = [1 2], x = (1, 2) gives 2(Wx)xᵀ = [[10, 20]]
        Cli ok = Cli.run("derive", "\\|W \\mathbf{x}\\|^2", "--given", "W \\in \\mathbb{R}^{m \\times n}", "--given", "\\mathbf{x} \\in \\mathbb{R}^{n}",
                "--wrt", "W", "--at", "W = \\begin{bmatrix} 1 & 2 \\end{bmatrix}, \\mathbf{x} = [1, 2]", "--format", "json", "--no-cas");
        assertEquals(0, ok.exitCode(), ok.err() + ok.out());
        assertTrue(ok.out().replaceAll("\\s", "").startsWith("{\"schema\":\"chainrule/1\",\"ok\":true,"), ok.out());
        assertTrue(ok.out().replaceAll("\\s", "").contains("\"value\":[[10.0,20.0]]"), ok.out());
    }

    @Test
    void aPointThatViolatesAConditionOrAFactIsRefused() throws Exception {
        Cli r = Cli.run("derive", "\\beta w^2", "--given", "\\beta > 0", "--wrt", "w", "--at", "w = 1, \\beta = -1", "--no-cas");
        assertEquals(65, r.exitCode());
        assertTrue(r.err().startsWith("--at:1:8: the point does not satisfy the given \\beta > 0: \\beta = -1\n"), r.err());
        assertTrue(r.err().endsWith("w = 1, \\beta = -1\n       ^\n"), r.err());

        String facts = "\"given\":[\"\\\\sum_{k=1}^{c} y_k = 1\",\"J = -\\\\sum_{k=1}^{c} y_k \\\\log s_k\"],\"expr\":\"J\",\"wrt\":\"s_j\"";
        String badLine = "{\"id\":\"f\"," + facts + ",\"at\":{\"s\":[0.5,0.5],\"y\":[0.2,0.2],\"j\":1}}";
        JsonNode bad = jsonl(badLine);
        assertFalse(bad.get("ok").asBoolean());
        assertTrue(bad.get("error").get("message").asText().contains("\\sum_{k=1}^{c} y_{k} = 1: \\sum_{k=1}^{c} y_{k} = 0.4"), bad.toString());
        // located at y, the vector that breaks the fact
        assertEquals(badLine.indexOf("\"y\":[0.2") + 1, bad.get("error").get("column").asInt());
        // a point that satisfies it: ∂J/∂s_j = -y_j/s_j, with c = 2 from the vectors
        JsonNode good = jsonl("{\"id\":\"g\"," + facts + ",\"at\":{\"s\":[0.5,0.5],\"y\":[0.25,0.75],\"j\":2}}");
        assertEquals(-0.75 / 0.5, good.at("/at/value").asDouble(), 1e-15);
    }

    @Test
    void aPointOutsideTheDomainSaysWhichFunctionAndWhere() {
        Cli log = Cli.run("derive", "\\log(1 - w)", "--wrt", "w", "--at", "w = 1", "--no-cas");
        assertEquals(65, log.exitCode());
        assertTrue(log.err().startsWith("--at:1:1: the point is outside the domain of the function \\log(1 - w): "
                + "\\log is undefined at 0: \\log(1 - w), with 1 - w = 0\n"), log.err());
        Cli sqrt = Cli.run("derive", "\\sqrt{w} + x", "--wrt", "w", "--at", "x = 1, w = -4", "--no-cas");
        assertEquals(65, sqrt.exitCode());
        assertTrue(sqrt.err().startsWith("--at:1:8: the point is outside the domain of the function \\sqrt{w} + x: "
                + "\\sqrt{\\cdot} of a negative number: \\sqrt{w}, with w = -4"), sqrt.err());
        Cli div = Cli.run("derive", "\\frac{x}{w - 2}", "--wrt", "w", "--at", "x = 1, w = 2", "--no-cas");
        assertEquals(65, div.exitCode());
        assertTrue(div.err().contains("division by 0"), div.err());
        assertTrue(div.err().contains("with w - 2 = 0"), div.err());
        // inside a definition, the message names it
        Cli def = Cli.run("derive", "l", "--given", "u = w - 1", "--given", "l = \\log u", "--wrt", "w", "--at", "w = 1", "--no-cas");
        assertEquals(65, def.exitCode());
        assertTrue(def.err().startsWith("--at:1:1: the point is outside the domain of the definition of l: \\log is undefined at 0: \\log(u), with u = 0"), def.err());
    }

    @Test
    void aPointMissingSymbolsNamesEveryOne() throws Exception {
        // b is needed by the function though not by its derivative: a point of the function gives every input
        Cli r = Cli.run("derive", "\\beta w^2 x + b", "--wrt", "w", "--at", "w = 1", "--no-cas");
        assertEquals(65, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("--at:1:6: the point gives no value for \\beta, x, b, which the function \\beta w^{2} x + b needs\n"), r.err());
        Cli json = Cli.run("derive", "\\beta w^2 x", "--wrt", "w", "--at", "w = 1", "--no-cas", "--format", "json");
        assertEquals(65, json.exitCode());
        JsonNode j = M.readTree(json.out());
        assertFalse(j.get("ok").asBoolean());
        assertEquals("--at: the point gives no value for \\beta, x, which the function \\beta w^{2} x needs", j.get("error").get("message").asText());
        assertEquals(1, j.get("error").get("line").asInt());
        assertEquals(6, j.get("error").get("column").asInt());
        assertEquals("w = 1\n     ^", j.get("error").get("excerpt").asText());
        JsonNode batch = jsonl("{\"id\":\"m\",\"expr\":\"\\\\beta w^2 x\",\"wrt\":\"w\",\"at\":{\"w\":1}}");
        assertEquals("at: the point gives no value for \\beta, x, which the function \\beta w^{2} x needs", batch.get("error").get("message").asText());
    }

    @Test
    void anAnswerWithAFunctionWithoutAFormulaHasNoValue() {
        // g(w) has no numbers; a value would come from an arbitrary stand-in function
        Cli r = Cli.run("derive", "g(w)^2", "--wrt", "w", "--at", "w = 1", "--no-cas");
        assertEquals(65, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("--at:1:6: the answer has no value at a point: it uses g, a function without a formula\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aValueThatIsNotFiniteIsRefused() throws Exception {
        String line = "{\"id\":\"i\",\"expr\":\"w^2\",\"wrt\":\"w\",\"at\":{\"w\":1e400}}";
        JsonNode j = jsonl(line);
        assertEquals("at: the value of w is not a finite number", j.get("error").get("message").asText());
        assertEquals(line.indexOf("\"w\":1e400") + 1, j.get("error").get("column").asInt());
    }

    @Test
    void extraSymbolsInThePointAreAWarningNotAnError() throws Exception {
        Cli r = Cli.run("derive", "w^2 x", "--wrt", "w", "--at", "w = 3, x = 2, q = 1, \\mathbf{v} = [1, 2]", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("value    12.0\n"), r.out()); // 2 w x
        assertTrue(r.out().contains("warning  the point gives q, \\mathbf{v}, which the problem does not use\n"), r.out());
        JsonNode j = jsonl("{\"id\":\"e\",\"expr\":\"w^2 x\",\"wrt\":\"w\",\"at\":{\"w\":3,\"x\":2,\"W\":5}}");
        assertEquals(12.0, j.at("/at/value").asDouble());
        assertEquals("[\"the point gives W, which the problem does not use\"]", j.at("/at/warnings").toString());
    }

    @Test
    void aVariableAbsentFromTheFunctionGivesZeroAndNamesTheNearMiss() throws Exception {
        record Case(String expr, String wrt, String near) {}
        for (Case c : List.of(new Case("w^2 x", "W", "did you mean w?"),
                new Case("\\mathbf{w}^T \\mathbf{x}", "w", "did you mean \\mathbf{w}?"),
                new Case("w_{11} x", "w_1", "did you mean w_{11}?"))) { // the near miss as the author wrote it
            Cli r = Cli.run("derive", c.expr(), "--wrt", c.wrt(), "--format", "json", "--no-cas");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode j = M.readTree(r.out());
            assertEquals("0", j.at("/derivation/answer").asText(), c.toString());
            String w = "";
            for (JsonNode n : j.at("/derivation/warnings")) w += n.asText() + "\n";
            assertTrue(w.contains("does not occur in the function, so the derivative is 0; " + c.near()), c + " " + w);
        }
        // with declarations, matrix calculus refuses the absent variable, and the message names the near miss
        Cli m = Cli.run("derive", "\\mathbf{w}^T \\mathbf{x}", "--given", "\\mathbf{w} \\in \\mathbb{R}^{n}",
                "--given", "\\mathbf{x} \\in \\mathbb{R}^{n}", "--wrt", "\\mathbf{W}", "--no-cas");
        assertEquals(65, m.exitCode(), m.out());
        assertTrue(m.err().contains("the function does not depend on \\mathbf{W}; did you mean \\mathbf{w}?"), m.err());
        // present variables, also as family members or vector components, give no such warning
        for (String[] ok : new String[][] {{"\\sum_{i=1}^{n} w_i x_i", "w_j"}, {"\\operatorname{softmax}(\\mathbf{a})_i", "a_j"}, {"w^2", "w"}}) {
            Cli r = Cli.run("derive", ok[0], "--wrt", ok[1], "--format", "json", "--no-cas");
            assertFalse(M.readTree(r.out()).at("/derivation/warnings").toString().contains("does not occur"), r.out());
        }
    }

    @Test
    void aFormulaThatStartsWithARelationIsRefused() throws Exception {
        Cli r = Cli.run("derive", "= x^2", "--wrt", "x", "--no-cas");
        assertEquals(65, r.exitCode());
        assertEquals("<arg>:1:1: the formula starts with a relation; its left-hand side is missing\n= x^2\n^\n", r.err());
        assertEquals("", r.out());
        Cli given = Cli.run("derive", "L", "--given", "  = w^2", "--wrt", "w", "--no-cas");
        assertEquals(65, given.exitCode());
        assertTrue(given.err().startsWith("--given 1:1:3: the formula starts with a relation"), given.err());
        JsonNode j = jsonl("{\"id\":\"r\",\"expr\":\"= x^2\",\"wrt\":\"x\"}");
        assertFalse(j.get("ok").asBoolean());
        assertEquals(1, j.get("error").get("column").asInt());
    }

    @Test
    void digitsWithoutAPointIsAUsageError() {
        Cli r = Cli.run("derive", "x^2", "--wrt", "x", "--digits", "3", "--no-cas");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--digits rounds the values at a point: give the point with --at too"), r.err());
        assertEquals(0, Cli.run("derive", "x^2", "--wrt", "x", "--digits", "3", "--at", "x = 0.5", "--no-cas").exitCode());
    }

    @Test
    void aMalformedPointIsLocatedInTheAtText() {
        Cli r = Cli.run("derive", "w x", "--wrt", "w", "--at", "w = 1, x + 1", "--no-cas");
        assertEquals(65, r.exitCode());
        assertTrue(r.err().startsWith("--at:1:8: write the point as symbol = value"), r.err());
        Cli twice = Cli.run("derive", "w x", "--wrt", "w", "--at", "w = 1, w = 2", "--no-cas");
        assertEquals(65, twice.exitCode());
        assertTrue(twice.err().startsWith("--at:1:8: a second value for w"), twice.err());
        Cli syntax = Cli.run("derive", "w x", "--wrt", "w", "--at", "w = 1, x = \\frac{1}{", "--no-cas");
        assertEquals(65, syntax.exitCode());
        assertTrue(syntax.err().startsWith("--at:1:"), syntax.err());
        assertTrue(syntax.err().contains("w = 1, x = \\frac{1}{\n"), syntax.err());
    }

    static String round(double v, int digits) {
        return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    @Test
    void aGivenWrittenAsACallDefinesThatFunctionForTheWholeProblem() throws Exception {
        // r(t) = … declares r a function, so r(w - 1) is a call, not the product r·(w − 1)
        String cases = "r(t) = \\\\begin{cases} t & t > 0 \\\\\\\\ 0.1 t & \\\\text{otherwise} \\\\end{cases}";
        JsonNode below = jsonl("{\"id\":\"r\",\"given\":[\"" + cases + "\"],\"expr\":\"r(w - 1)\",\"wrt\":\"w\",\"at\":{\"w\":0.5}}");
        assertTrue(below.get("ok").asBoolean(), below.toString());
        assertEquals(0.1, below.at("/at/value").asDouble(), 1e-15);
        assertTrue(below.at("/derivation/verified").asBoolean(), below.toString());
        Cli above = Cli.run("derive", "\\ell(w x) + \\ell(w)", "--given", "\\ell(z) = z^3", "--wrt", "w", "--at", "w = 2, x = 0.5", "--no-cas");
        assertEquals(0, above.exitCode(), above.err());
        // 3(wx)²x + 3w² at w = 2, x = 0.5
        assertTrue(above.out().contains("value    13.5\n"), above.out());
        // without parentheses it is the product it says it is, and refused as a definition
        Cli product = Cli.run("derive", "r w", "--given", "r t = t^2", "--wrt", "w", "--no-cas");
        assertEquals(65, product.exitCode(), product.out());
        assertTrue(product.err().contains("reads as a product of r and t"), product.err());
    }

    @Test
    void componentsGivenOneByOneSizeASumWithoutBounds() throws Exception {
        // a_1, a_2, a_3 given: Σ_k runs over k = 1 … 3, as it does for a = [0.1, 0.2, 0.3]
        JsonNode r = jsonl("{\"id\":\"lse\",\"expr\":\"\\\\log \\\\sum_k e^{a_k}\",\"wrt\":\"a_j\",\"at\":{\"a_1\":0.1,\"a_2\":0.2,\"a_3\":0.3,\"j\":2}}");
        assertTrue(r.get("ok").asBoolean(), r.toString());
        double z = Math.exp(0.1) + Math.exp(0.2) + Math.exp(0.3);
        assertEquals(Math.exp(0.2) / z, r.at("/at/value").asDouble(), 1e-15);
        assertTrue(r.at("/derivation/verified").asBoolean());
        // a gap (a_1 and a_3 only) does not say how many terms there are: refused, located
        JsonNode gap = jsonl("{\"id\":\"gap\",\"expr\":\"\\\\log \\\\sum_k e^{a_k}\",\"wrt\":\"a_j\",\"at\":{\"a_1\":0.1,\"a_3\":0.3,\"j\":1}}");
        assertFalse(gap.get("ok").asBoolean());
        assertTrue(gap.get("error").get("message").asText().contains("without bounds"), gap.toString());
    }
}
