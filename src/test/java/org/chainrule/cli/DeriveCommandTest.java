package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeriveCommandTest {
    static final ObjectMapper M = new ObjectMapper();

    @Test
    void hingeWithWeightDecayPrintsTheTwoCaseDerivation() {
        Cli r = Cli.run("derive", "\\max(0, 1 - y w x) + w^2", "--wrt", "w", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("case by case"), r.out());
        assertTrue(r.out().contains("if y w x < 1"), r.out());
        assertTrue(r.out().contains("otherwise"), r.out());
        assertTrue(r.out().contains("answer   \\frac{\\partial}{\\partial w}(\\max(0, 1 - y w x) + w^{2}) = 2 w - y x \\mathbf{1}(y w x < 1)"), r.out());
        assertTrue(r.out().contains("verified yes"), r.out());
        assertTrue(r.out().contains("subgradient"), r.out());
    }

    @Test
    void jsonHasAnswerValueAndSteps() throws Exception {
        Cli r = Cli.run("derive", "\\sigma(w x)", "--wrt", "w", "--at", "w = 0.5, x = 2", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = M.readTree(r.out());
        assertEquals("\\sigma(w x) (1 - \\sigma(w x)) x", j.at("/derivation/answer").asText());
        double s = 1 / (1 + Math.exp(-1.0));
        assertEquals(s * (1 - s) * 2, j.at("/at/value").asDouble(), 1e-12);
        assertTrue(j.at("/derivation/verified").asBoolean());
        assertEquals("agrees", j.at("/derivation/cas/verdict").asText());
        assertEquals("chain-rule", j.at("/derivation/derivation").get("rule").asText());
    }

    @Test
    void atShowsTheIntermediatesAndDigitsRoundTheText() throws Exception {
        String[] args = {"derive", "l", "--given", "a = w x", "--given", "p = \\sigma(a)", "--given", "l = (y - p)^2",
                "--wrt", "w", "--at", "w = 0.5, x = 0.3, y = 1", "--no-cas"};
        Cli r = Cli.run(Stream.concat(Arrays.stream(args), Stream.of("--digits", "4")).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        double p = 1 / (1 + Math.exp(-0.15));
        assertTrue(r.out().contains("at point a = 0.15\n"), r.out());
        assertTrue(r.out().contains("at point p = 0.5374\n"), r.out());
        assertTrue(r.out().contains("value    " + new BigDecimal(2 * (p - 1) * p * (1 - p) * 0.3)
                .round(new MathContext(4)).stripTrailingZeros().toPlainString()), r.out());
        Cli j = Cli.run(Stream.concat(Arrays.stream(args), Stream.of("--format", "json")).toArray(String[]::new));
        JsonNode n = M.readTree(j.out());
        assertEquals(p, n.at("/at/intermediates").get("p").asDouble(), 1e-15);
        assertEquals(2 * (p - 1) * p * (1 - p) * 0.3, n.at("/at/value").asDouble(), 1e-15);
    }

    @Test
    void texFragmentBoxesTheAnswer() {
        Cli r = Cli.run("derive", "l", "--given", "a = w x", "--given", "p = \\sigma(a)", "--given", "l = (y - p)^2",
                "--wrt", "w", "--format", "tex", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\\boxed{2 (p - y) p (1 - p) x}"), r.out());
        assertTrue(r.out().contains("\\frac{\\partial l}{\\partial p} \\frac{\\partial p}{\\partial a} \\frac{\\partial a}{\\partial w}"), r.out());
    }

    @Test
    void badInputIsLocatedAndExits65() {
        Cli r = Cli.run("derive", "\\frac{1}{", "--wrt", "w");
        assertEquals(65, r.exitCode());
        assertTrue(r.err().contains("^"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Cli g = Cli.run("derive", "l", "--given", "l = \\hatt{y}", "--wrt", "w");
        assertEquals(65, g.exitCode());
        assertTrue(g.err().contains("--given 1:1:"), g.err());
        assertTrue(g.err().contains("unknown command \\hatt"), g.err());
    }

    @Test
    void missingWrtIsAUsageError() {
        assertEquals(2, Cli.run("derive", "x^2").exitCode());
        assertEquals(2, Cli.run("derive", "x^2", "--wrt", "x", "--format", "docx").exitCode());
        Cli r = Cli.run("derive", "x^2", "--wrt", "x + 1");
        assertEquals(65, r.exitCode());
        assertTrue(r.err().contains("single symbol"), r.err());
    }

    @Test
    void aShapeMismatchIsWordedAndExits65() {
        Cli r = Cli.run("derive", "\\mathbf{y}^T W \\mathbf{y}", "--given", "W \\in \\mathbb{R}^{m \\times n}",
                "--given", "\\mathbf{y} \\in \\mathbb{R}^{m}", "--wrt", "y_1", "--no-cas");
        assertEquals(65, r.exitCode(), r.out());
        assertTrue(r.err().contains("cannot multiply \\mathbf{y}^{\\top} W (1 \\times n) by \\mathbf{y} (m \\times 1)"), r.err());
        Cli ok = Cli.run("derive", "(W^T \\mathbf{x} - y)^2", "--given", "W \\in \\mathbb{R}^{n \\times 1}",
                "--given", "\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}", "--wrt", "w_i", "--no-cas");
        assertEquals(0, ok.exitCode(), ok.err());
    }

    @Test
    void aMatrixLiteralIsNotAVariableAndSaysWhatToDeclare() {
        Cli r = Cli.run("derive", "\\begin{bmatrix} w \\\\ 1 \\end{bmatrix}", "--wrt", "w", "--no-cas");
        assertEquals(65, r.exitCode());
        assertTrue(r.err().contains("declare vectors and matrices"), r.err());
    }

    static final String[] LINEAR_LAYER = {"--given", "L = \\|\\mathbf{z} - \\mathbf{y}\\|^2", "--given", "\\mathbf{z} = W\\mathbf{x} + \\mathbf{b}",
            "--given", "W \\in \\mathbb{R}^{m \\times n}", "--given", "\\mathbf{x} \\in \\mathbb{R}^{n}",
            "--given", "\\mathbf{b} \\in \\mathbb{R}^{m}", "--given", "\\mathbf{y} \\in \\mathbb{R}^{m}", "--wrt", "W"};

    @Test
    void theIssuesExampleGivesXTransposeTimesTheResidualWithShapes(@TempDir Path dir) throws Exception {
        String[] args = {"derive", "\\frac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|^2", "--given", "X \\in \\mathbb{R}^{n\\times m}",
                "--given", "\\mathbf{w}\\in\\mathbb{R}^{m}", "--given", "\\mathbf{y}\\in\\mathbb{R}^{n}", "--wrt", "\\mathbf{w}"};
        Cli text = Cli.run(args);
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("answer   \\frac{\\partial f}{\\partial \\mathbf{w}} = X^{\\top} (X \\mathbf{w} - \\mathbf{y})"), text.out());
        assertTrue(text.out().contains("verified yes"), text.out());
        List<String> tex = new ArrayList<>(List.of(args));
        tex.addAll(List.of("--format", "tex"));
        Cli t = Cli.run(tex.toArray(String[]::new));
        assertEquals(0, t.exitCode(), t.err());
        // the shapes under the factors, as the seed writes them
        assertTrue(t.out().contains("\\underbrace{X^{\\top}}_{m \\times n}"), t.out());
        assertTrue(t.out().contains("\\boxed{X^{\\top} (X \\mathbf{w} - \\mathbf{y})}"), t.out());
        Path pdf = dir.resolve("w.pdf");
        List<String> p = new ArrayList<>(List.of(args));
        p.addAll(List.of("--format", "pdf", "-o", pdf.toString()));
        Cli r = Cli.run(p.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.size(pdf) > 1000);
    }

    @Test
    void matrixValuesAtAPointAreNestedArraysRowMajor() throws Exception {
        List<String> a = new ArrayList<>(List.of("derive", "L"));
        a.addAll(List.of(LINEAR_LAYER));
        a.addAll(List.of("--components", "--format", "json", "--at",
                "W = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}, \\mathbf{x} = \\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}, "
                        + "\\mathbf{b} = \\begin{bmatrix} 0.5 \\\\ 0 \\end{bmatrix}, \\mathbf{y} = \\begin{bmatrix} 0 \\\\ 1 \\end{bmatrix}"));
        Cli r = Cli.run(a.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        // z − y = (−0.5, −2), so 2(z − y)xᵀ = [[−1, 1], [−4, 4]]
        assertEquals("[[-1.0,1.0],[-4.0,4.0]]", o.at("/at/value").toString());
        assertEquals("[[-0.5],[-1.0]]", o.at("/at/intermediates").get("\\mathbf{z}").toString());
        assertEquals(4.25, o.at("/at/intermediates").get("L").asDouble(), 1e-12);
        assertEquals("2 (\\mathbf{z} - \\mathbf{y}) \\mathbf{x}^{\\top}", o.at("/derivation/answer").asText());
        assertTrue(o.at("/derivation/matrix").get("components").get("reassembles").asBoolean(), r.out());
        assertEquals("2 \\left(\\sum_{l=1}^{n} w_{il} x_{l} + b_{i} - y_{i}\\right) x_{j}", o.at("/derivation/matrix").get("components").get("answer").asText());
        assertEquals("[\"m\",\"n\"]", o.at("/derivation/matrix").get("gradients").get(1).get("shape").toString());
    }

    @Test
    void aMatrixPointThatDoesNotFitTheShapesIsBadInput() {
        // Was "value not computable", exit 0: issue 11 makes a point that contradicts the declarations bad input.
        List<String> a = new ArrayList<>(List.of("derive", "L"));
        a.addAll(List.of(LINEAR_LAYER));
        a.addAll(List.of("--at", "W = \\begin{bmatrix} 1 & 2 \\end{bmatrix}, \\mathbf{x} = \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}, \\mathbf{b} = 0, \\mathbf{y} = 0"));
        Cli r = Cli.run(a.toArray(String[]::new));
        assertEquals(65, r.exitCode(), r.err());
        assertTrue(r.err().contains("\\mathbf{x} is declared in \\mathbb{R}^{n} with n = 2 (from W), but the point gives 3 entries"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void jsonlBatchOfFiftyMixedProblems(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        String[][] problems = {
            {"\\sigma(w x)", "w"}, {"\\max(0, 1 - y w x) + w^2", "w"}, {"\\tanh(w^2)", "w"}, {"\\log(1 + e^{w})", "w"},
            {"\\frac{1}{2}(w x - y)^2", "w"}, {"|w - 3|", "w"}, {"\\operatorname{ReLU}(w x + b)", "b"},
            {"\\sum_{i=1}^{n} w_i x_i", "w_j"}, {"\\sqrt{w^2 + 1}", "w"}, {"w^{x}", "w"}};
        int bad = 0;
        for (int k = 0; k < 50; k++) {
            if (k % 10 == 7) {
                lines.add("{\"id\": \"bad" + k + "\", \"expr\": \"\\\\frac{1}{\", \"wrt\": \"w\"}");
                bad++;
            } else if (k % 10 == 9) {
                lines.add("{\"id\": \"chain" + k + "\", \"given\": [\"a = w x\", \"p = \\\\sigma(a)\"], \"expr\": \"(y - p)^2\", \"wrt\": \"w\", \"at\": {\"w\": 0.5, \"x\": 1, \"y\": 1}}");
            } else {
                String[] p = problems[k % problems.length];
                lines.add(M.writeValueAsString(M.createObjectNode().put("id", "p" + k).put("expr", p[0]).put("wrt", p[1])));
            }
        }
        lines.add(22, "not json at all");
        Path in = dir.resolve("problems.jsonl");
        Files.write(in, lines);
        Cli r = Cli.run("derive", "--jsonl", in.toString(), "--no-cas");
        assertEquals(65, r.exitCode(), r.err());
        String[] out = r.out().strip().split("\n");
        assertEquals(51, out.length);
        int okCount = 0;
        for (int k = 0; k < out.length; k++) {
            JsonNode j = M.readTree(out[k]);
            if (k == 22) {
                assertFalse(j.get("ok").asBoolean());
                assertTrue(j.get("id").isNull());
                continue;
            }
            if (j.get("ok").asBoolean()) {
                okCount++;
                assertTrue(j.at("/derivation/verified").asBoolean(), out[k]);
                assertTrue(j.at("/derivation/steps").asInt() > 0);
                assertTrue(j.at("/derivation").has("answer") && j.at("/derivation").has("warnings"));
            } else {
                assertTrue(j.get("id").asText().startsWith("bad"), out[k]);
                JsonNode e = j.get("error");
                assertEquals(1, e.get("line").asInt());
                assertTrue(e.get("column").asInt() >= 1);
                assertFalse(e.get("excerpt").asText().isEmpty());
            }
        }
        assertEquals(50 - bad, okCount);
        // The chain problem's value at w = 0.5, x = 1, y = 1: 2(p − y)p(1 − p)x with p = σ(0.5).
        JsonNode chain = M.readTree(out[9]); // chain9 is the tenth line, before the inserted junk line
        double p = 1 / (1 + Math.exp(-0.5));
        assertEquals("chain9", chain.get("id").asText());
        assertEquals(2 * (p - 1) * p * (1 - p), chain.at("/at/value").asDouble(), 1e-12);
        // Derived on three threads or on one, the lines are the same and in the same order.
        for (String jobs : List.of("1", "3")) {
            Cli again = Cli.run("derive", "--jsonl", in.toString(), "--no-cas", "--jobs", jobs);
            assertEquals(65, again.exitCode(), again.err());
            assertEquals(r.out(), again.out(), "--jobs " + jobs);
        }
        assertEquals(2, Cli.run("derive", "x^2", "--wrt", "x", "--jobs", "2").exitCode(), "--jobs without --jsonl");
        assertEquals(2, Cli.run("derive", "--jsonl", in.toString(), "--jobs", "0").exitCode());
    }

    /** A chain step's outer derivative that is a sum is bracketed before "· u'", or the printed "=" is false. */
    @Test
    void aSumOuterDerivativeIsBracketedInTheTextSteps() {
        Cli r = Cli.run("derive", "\\tan(w x)", "--wrt", "w", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("= (1 + \\tan(w x)^{2}) \\cdot \\frac{\\partial}{\\partial w}(w x) = "), r.out());
        Cli s = Cli.run("derive", "\\sigma(w x)", "--wrt", "w", "--no-cas");
        assertTrue(s.out().contains("= \\sigma(w x) (1 - \\sigma(w x)) \\cdot \\frac{\\partial}{\\partial w}(w x) = "), s.out());
    }

    /** The answer's simplification follows declarations: a bold name declared a scalar folds like any scalar. */
    @Test
    void aDeclaredBoldScalarIsSimplifiedAsAScalar() {
        Cli declared = Cli.run("derive", "w \\mathbf{s} \\mathbf{s}", "--wrt", "w", "--given", "\\mathbf{s} \\in \\mathbb{R}", "--no-cas");
        assertEquals(0, declared.exitCode(), declared.err());
        assertTrue(declared.out().contains("= \\mathbf{s}^{2}\n"), declared.out());
        Cli undeclared = Cli.run("derive", "w \\mathbf{s} \\mathbf{s}", "--wrt", "w", "--no-cas");
        assertTrue(undeclared.out().contains("= \\mathbf{s} \\mathbf{s}\n"), "bold without a declaration reads as a vector: " + undeclared.out());
    }

    @Test
    void outputFileIsWrittenAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d.tex");
        Cli r = Cli.run("derive", "w^3", "--wrt", "w", "--format", "tex", "-o", out.toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(out).contains("\\boxed{3 w^{2}}"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void briefDetailBoxesTheAnswerInItsRowAndKeepsTheVerification() {
        Cli r = Cli.run("derive", "\\log(1 + e^{w x})", "--wrt", "w", "--format", "tex", "--detail", "brief", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().split("\\\\boxed\\{", -1).length - 1, r.out());
        assertTrue(r.out().contains("&= \\boxed{x \\sigma(w x)}"), r.out());
        assertTrue(r.out().contains("Verified:"), r.out());
        assertFalse(r.out().contains("?"), "every character typesets: " + r.out());
        assertEquals(2, Cli.run("derive", "x^2", "--wrt", "x", "--format", "tex", "--detail", "x").exitCode());
    }

    @Test
    void theQuestionItselfNamesTheVariable(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("derive", "\\frac{\\partial L}{\\partial w}", "--given", "L = (w x - y)^2", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 x (w x - y)") || r.out().contains("2 (w x - y) x"), r.out());
        Cli missing = Cli.run("derive", "x^2");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("missing --wrt") && missing.err().contains("\\partial"), missing.err());
        // the batch too: no "wrt" needed when "expr" asks
        Path f = dir.resolve("p.jsonl");
        Files.writeString(f, "{\"expr\": \"\\\\frac{d}{dx} x^3\"}\n{\"expr\": \"x^3\"}\n{\"expr\": 3, \"wrt\": \"x\"}\n");
        Cli b = Cli.run("derive", "--no-cas", "--jsonl", f.toString());
        assertEquals(65, b.exitCode(), b.err());
        String[] lines = b.out().split("\n");
        JsonNode first = M.readTree(lines[0]), second = M.readTree(lines[1]), third = M.readTree(lines[2]);
        assertTrue(first.get("ok").asBoolean(), lines[0]);
        assertEquals("3 x^{2}", first.at("/derivation/answer").asText());
        assertEquals(1, first.get("input_line").asInt());
        assertFalse(second.get("ok").asBoolean());
        assertTrue(second.get("error").get("message").asText().contains("missing \"wrt\""), lines[1]);
        assertEquals(2, second.get("input_line").asInt());
        assertEquals("\"expr\" must be a string", third.get("error").get("message").asText());
        assertEquals(3, third.get("input_line").asInt());
    }

    @Test
    void anUnverifiedDerivationExits4NotAsAnInternalError() {
        // 10^{400} overflows every double: nothing can be checked, and the output says so
        Cli r = Cli.run("derive", "10^{400} x", "--wrt", "x", "--no-cas");
        assertEquals(4, r.exitCode(), r.err());
        assertTrue(r.out().contains("verified NO"), r.out());
        assertTrue(r.err().contains("could not be verified"), r.err());
    }

    @Test
    void aFormulaThatCannotBeDifferentiatedIsLocatedAtItsStart() {
        Cli r = Cli.run("derive", "x > 0", "--wrt", "x", "--no-cas");
        assertEquals(65, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("<arg>:1:1: cannot differentiate:"), r.err());
        assertTrue(r.err().contains("\nx > 0\n^"), r.err());
    }
}
