package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chainrule.check.Diagnosis;
import org.chainrule.check.Judge;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Mat;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.chainrule.parse.SheetSource.Claim;
import org.chainrule.parse.SheetSource.ClaimLine;
import org.chainrule.parse.SheetSource.Location;
import org.chainrule.sheet.Grading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    /** Two claims: a sigmoid derivative in two lines, and a numeric claim at the problem's point. */
    static final String SHEET = """
            \\title{Quiz 3}
            \\problem{Sigmoid}
            \\check{\\frac{d}{dz} \\sigma(z) = \\sigma(z)(1 - \\sigma(z))
                \\\\ = \\sigma(z) + \\sigma(z)^2}
            \\problem{A number}
            \\let{E = \\frac{1}{2}(w x - y)^2}
            \\at{w = 0.5, x = 1, y = 2}
            \\check[at]{\\frac{\\partial E}{\\partial w} = -1.5}
            """;

    static final Set<String> VERDICTS = Set.of("correct", "wrong", "unverifiable");

    static Expr tex(String s) {
        try {
            return FormulaParser.parseExpr(s);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ from records built by hand

    /** A graded line of a one-line claim at (line, 8) in problem 1. */
    static Grading.Graded graded(int line, Judgement j) {
        Claim c = new Claim(Optional.empty(), tex("\\frac{dl}{dw}"), List.of(new ClaimLine(tex("2 w"), new Location(line, 8))), new Location(line, 8));
        return new Grading.Graded(1, c, 0, c.lines().get(0), j, j.verdict() == Verdict.WRONG);
    }

    static CheckCommand.Outcome outcome(String student, List<Grading.Graded> lines, CheckCommand.Failure... failures) {
        return new CheckCommand.Outcome(new CheckCommand.Sheet(student, student + ".tex", Path.of(student + ".tex")), null,
                lines, List.of(failures), List.of());
    }

    static final Judgement WRONG = new Judgement(Verdict.WRONG, Optional.empty(),
            Optional.of(new Judgement.Counterexample(Map.of((Expr.Sym) tex("w"), Mat.scalar(0.5)), Mat.scalar(1), Mat.scalar(2))),
            Optional.empty(), List.of(new Diagnosis.ConstantFactor(Rational.of(1, 2))), 6);

    @Test
    void exitCodes() {
        Grading.Graded ok = graded(3, Judgement.correct(6)), bad = graded(4, WRONG), unknown = graded(5, Judgement.unverifiable("why"));
        assertEquals(0, CheckCommand.exitCode(List.of(outcome("a", List.of(ok, ok)))));
        assertEquals(3, CheckCommand.exitCode(List.of(outcome("a", List.of(ok, unknown)), outcome("b", List.of(bad)))));
        assertEquals(4, CheckCommand.exitCode(List.of(outcome("a", List.of(ok, unknown)))));
        assertEquals(65, CheckCommand.exitCode(List.of(outcome("a", List.of(bad)),
                outcome("b", List.of(), new CheckCommand.Failure(1, 2, 3, "empty denominator", "")))));
        assertEquals(0, CheckCommand.exitCode(List.of(outcome("a", List.of())))); // nothing claimed, nothing wrong
    }

    @Test
    void textHasOneLinePerClaimLineAndTheCounts() {
        String t = CheckCommand.text(List.of(outcome("alice", List.of(graded(3, Judgement.correct(6)), graded(4, WRONG))),
                outcome("bob", List.of(graded(3, Judgement.unverifiable("no point found where w > 0 holds"))))));
        assertEquals("""
                alice.tex:3:8: correct: dl/dw = 2w
                alice.tex:4:8: wrong: dl/dw = 2w; at w = 0.5 it is 1, the derivative is 2; off by a constant factor 1/2
                bob.tex:3:8: unverifiable: dl/dw = 2w; no point found where w > 0 holds
                alice.tex: 1 correct, 1 wrong, 0 unverifiable
                bob.tex: 0 correct, 0 wrong, 1 unverifiable
                in all: 1 correct, 1 wrong, 1 unverifiable
                """, t);
    }

    @Test
    void summaryTableHasOneRowPerStudentAndClaimLine() throws Exception {
        List<CheckCommand.Outcome> os = List.of(outcome("alice", List.of(graded(3, Judgement.correct(6)), graded(4, WRONG))),
                outcome("bob", List.of(), new CheckCommand.Failure(2, 7, 9, "empty denominator, here", "")));
        assertEquals("""
                student,problem,line,column,claim,verdict,first_wrong,diagnosis,expected,note\r
                alice,1,3,8,\\frac{d l}{d w} = 2 w,correct,false,,,\r
                alice,1,4,8,\\frac{d l}{d w} = 2 w,wrong,true,constant-factor,,"at w = 0.5 it is 1, the derivative is 2; off by a constant factor 1/2"\r
                bob,2,7,9,,error,false,,,"empty denominator, here"\r
                """, CheckCommand.csv(os));
        JsonNode rows = new ObjectMapper().readTree(CheckCommand.summaryJson(os));
        assertEquals(3, rows.size());
        assertEquals("alice", rows.get(1).get("student").asText());
        assertEquals(4, rows.get(1).get("line").asInt());
        assertEquals("constant-factor", rows.get(1).get("diagnosis").get(0).asText());
        assertTrue(rows.get(1).get("expected").isNull());
        assertEquals("error", rows.get(2).get("verdict").asText());
    }

    @Test
    void gradescopeHasOneTestPerClaimLine() {
        JsonNode g = CheckCommand.gradescope(outcome("alice", List.of(graded(3, Judgement.correct(6)), graded(4, WRONG))));
        assertEquals(1, g.get("score").asInt());
        assertEquals(2, g.get("tests").size());
        JsonNode t0 = g.get("tests").get(0), t1 = g.get("tests").get(1);
        assertEquals("Problem 1, line 3: dl/dw = 2w", t0.get("name").asText());
        assertEquals(1, t0.get("score").asInt());
        assertEquals(1, t0.get("max_score").asInt());
        assertEquals("visible", t0.get("visibility").asText());
        assertEquals("correct", t0.get("output").asText());
        assertEquals(0, t1.get("score").asInt());
        assertEquals("1.2", t1.get("number").asText());
        assertEquals("wrong: at w = 0.5 it is 1, the derivative is 2; off by a constant factor 1/2", t1.get("output").asText());
        assertEquals("1 correct, 1 wrong, 0 unverifiable", g.get("output").asText());
    }

    // ------------------------------------------------------------------ the command

    @Test
    void textLinesPointAtEachClaimLine(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("quiz.tex");
        Files.writeString(sheet, SHEET);
        Cli r = Cli.run("check", sheet.toString(), "--no-cas");
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        // line:column of each claimed line: the left side after \check{, the second line after \\
        assertTrue(lines.get(0).startsWith(sheet + ":3:8: "), lines.get(0));
        assertTrue(lines.get(1).startsWith(sheet + ":4:"), lines.get(1));
        assertTrue(lines.get(2).startsWith(sheet + ":8:12: "), lines.get(2));
        assertTrue(lines.get(0).contains(": dσ(z)/dz = σ(z)(1 − σ(z))"), lines.get(0));
        assertTrue(lines.get(1).contains(": dσ(z)/dz = σ(z) + σ(z)²"), lines.get(1));
        for (String l : lines.subList(0, 3)) assertTrue(VERDICTS.contains(l.split(": ")[1].split(":")[0]), l);
        assertTrue(lines.get(3).matches("\\d correct, \\d wrong, \\d unverifiable"), lines.get(3));
        assertEquals(expectedExit(r.out()), r.exitCode(), r.err());
    }

    /** The exit code the summary line implies. */
    private static int expectedExit(String out) {
        String last = out.lines().reduce((a, b) -> b).orElseThrow();
        if (!last.contains(" 0 wrong")) return 3;
        if (!last.contains(" 0 unverifiable")) return 4;
        return 0;
    }

    @Test
    void jsonHasEveryClaimLineWithItsFields(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("quiz.tex");
        Files.writeString(sheet, SHEET);
        Path out = dir.resolve("r.json");
        Cli r = Cli.run("check", sheet.toString(), "--format", "json", "-o", out.toString(), "--no-cas");
        assertEquals("", r.out());
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        JsonNode claims = j.get("claims");
        assertEquals(3, claims.size());
        JsonNode second = claims.get(1);
        assertEquals(sheet.toString(), second.get("sheet").asText());
        assertEquals("quiz", second.get("student").asText());
        assertEquals(1, second.get("problem").asInt());
        assertEquals(4, second.get("line").asInt());
        assertTrue(second.get("column").asInt() > 5, second.toString()); // after the \\ that starts the line
        assertEquals("\\frac{d \\sigma(z)}{d z} = \\sigma(z) + \\sigma(z)^{2}", second.get("claim").asText());
        assertTrue(VERDICTS.contains(second.get("verdict").asText()));
        assertTrue(second.has("first_wrong") && second.has("points"));
        assertEquals("\\frac{\\partial E}{\\partial w} = -1.5", claims.get(2).get("claim").asText());
        JsonNode s = j.get("summary");
        assertEquals(3, s.get("correct").asInt() + s.get("wrong").asInt() + s.get("unverifiable").asInt());
        assertEquals(0, j.get("failures").size());
    }

    @Test
    void readsStandardInput() {
        Cli r = Cli.runWithStdin("\\problem{P}\n\\check{\\frac{d}{dx} x^2 = 2 x}\n", "check", "-", "--no-cas");
        assertTrue(r.out().startsWith("<stdin>:2:8: "), r.out());
        assertEquals(2, r.out().lines().count(), r.out());
    }

    @Test
    void badInputIsLocatedWithACaret(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("hw.tex");
        Files.writeString(sheet, "\\problem{P}\n\\check{\\frac{1}{} = 2}\n\\problem{Q}\n\\check{\\frac{d}{dx} x = 1}\n");
        Cli r = Cli.run("check", sheet.toString(), "--no-cas");
        assertEquals(65, r.exitCode(), r.err());
        assertTrue(r.err().contains(sheet + ":2:"), r.err());
        assertTrue(r.err().contains("problem 1: "), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.strip().equals("^")), r.err());
        // the other problem is still graded
        assertTrue(r.out().startsWith(sheet + ":4:8: "), r.out());

        Files.writeString(sheet, "\\problem{P}\n\\check{x = 1\n");
        Cli unclosed = Cli.run("check", sheet.toString(), "--no-cas");
        assertEquals(65, unclosed.exitCode(), unclosed.err());
        assertTrue(unclosed.err().startsWith(sheet + ":2:"), unclosed.err());
    }

    @Test
    void usageErrors(@TempDir Path dir) throws Exception {
        assertEquals(2, Cli.run("check", dir.resolve("missing.tex").toString()).exitCode());
        assertEquals(2, Cli.run("check", dir.toString()).exitCode()); // no .tex in it
        Path sheet = dir.resolve("a.tex");
        Files.writeString(sheet, SHEET);
        assertEquals(2, Cli.run("check", sheet.toString(), "--format", "tex").exitCode());
        assertEquals(2, Cli.run("check", sheet.toString(), "--summary", "s.txt").exitCode());
        Cli help = Cli.run("check", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("3   some claim line is wrong"), help.out());
        assertTrue(help.out().contains("4   none is wrong, but some could not be verified"), help.out());
    }

    @Test
    void batchGradesADirectoryPerStudent(@TempDir Path dir) throws Exception {
        Path subs = Files.createDirectories(dir.resolve("submissions"));
        Files.writeString(subs.resolve("bob.tex"), SHEET);
        Files.writeString(subs.resolve("alice.tex"), "\\problem{P}\n\\check{\\frac{d}{dx} x^2 = 2 x}\n");
        Files.writeString(subs.resolve("notes.txt"), "not a sheet");
        Path csv = dir.resolve("grades.csv"), json = dir.resolve("grades.json"), gs = dir.resolve("gradescope");
        Cli r = Cli.run("check", subs.toString(), "--summary", csv.toString(), "--no-cas", "--gradescope", gs.toString());
        Cli r2 = Cli.run("check", subs.toString(), "--summary", json.toString(), "--no-cas");
        assertEquals(r.exitCode(), r2.exitCode());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("student,problem,line,column,claim,verdict,first_wrong,diagnosis,expected,note", rows.get(0));
        assertEquals(1 + 1 + 3, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("alice,1,2,8,\\frac{d}{d x}(x^{2}) = 2 x,"), rows.get(1)); // sorted by file name
        assertTrue(rows.get(2).startsWith("bob,1,3,8,"), rows.get(2));
        assertTrue(rows.get(4).startsWith("bob,2,8,12,\\frac{\\partial E}{\\partial w} = -1.5,"), rows.get(4));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, j.size());
        assertEquals("bob", j.get(3).get("student").asText());
        assertTrue(r.out().contains("alice.tex: "), r.out());
        assertTrue(r.out().contains("in all: "), r.out());
        // one Gradescope result per student
        try (Stream<Path> s = Files.list(gs)) {
            assertEquals(List.of("alice.json", "bob.json"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JsonNode bob = new ObjectMapper().readTree(gs.resolve("bob.json").toFile());
        assertEquals(3, bob.get("tests").size());
        for (JsonNode t : bob.get("tests")) {
            assertTrue(t.get("name").asText().startsWith("Problem "), t.toString());
            assertEquals(1, t.get("max_score").asInt());
            assertTrue(t.has("score") && t.has("output") && t.has("visibility"), t.toString());
        }
        assertTrue(bob.has("score"));
    }

    @Test
    void gradescopeForOneSheetIsOneFile(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("a.tex");
        Files.writeString(sheet, SHEET);
        Path results = dir.resolve("results.json"); // its directory must exist: only a directory option's own directory is made
        Cli.run("check", sheet.toString(), "--gradescope", results.toString(), "--no-cas");
        JsonNode g = new ObjectMapper().readTree(results.toFile());
        assertEquals(3, g.get("tests").size());
        int sum = 0;
        for (JsonNode t : g.get("tests")) sum += t.get("score").asInt();
        assertEquals(sum, g.get("score").asInt());
        // several sheets need a directory
        assertEquals(2, Cli.run("check", sheet.toString(), sheet.toString(), "--gradescope", "r.json").exitCode());
    }

    @Test
    void pdfIsAGradedCopyWrittenAtomically(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("a.tex");
        Files.writeString(sheet, SHEET);
        Path old = dir.resolve("a-checked.pdf");
        Files.writeString(old, "previous");
        Cli r = Cli.run("check", sheet.toString(), "--format", "pdf", "--no-cas");
        assertEquals(expectedCode(r), r.exitCode());
        try (PDDocument pdf = Loader.loadPDF(old.toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Quiz 3"), text);
            assertTrue(text.contains("Problem 1 — Sigmoid"), text);
            assertTrue(text.contains("Claimed (lines 3\u20134):"), text);
            assertTrue(text.contains("Claimed at the point of the problem (line 8):"), text);
            assertTrue(text.matches("(?s).*\\d correct, \\d wrong, \\d unverifiable.*"), text);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("a-checked.pdf", "a.tex"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // a sheet that does not parse writes nothing and keeps the previous copy
        Files.writeString(old, "previous");
        Files.writeString(sheet, "\\problem{P}\n\\check{x = 1\n");
        assertEquals(65, Cli.run("check", sheet.toString(), "--format", "pdf", "--no-cas").exitCode());
        assertEquals("previous", Files.readString(old));
    }

    private static int expectedCode(Cli r) {
        return r.exitCode() == 0 || r.exitCode() == 3 || r.exitCode() == 4 ? r.exitCode() : -1;
    }

    // ------------------------------------------------------------------ claims in the key

    @Test
    void keyJsonAndTexIncludeTheGradedClaims(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("quiz.tex");
        Files.writeString(sheet, SHEET + "\\problem{Also a find}\n\\find{\\frac{d}{dx} x^3}\n");
        Cli r = Cli.run("key", sheet.toString(), "--format", "json", "-o", dir.resolve("k.json").toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err()); // claims do not change what key's exit code means
        JsonNode j = new ObjectMapper().readTree(dir.resolve("k.json").toFile());
        assertEquals(3, j.get("claims").size());
        assertEquals(2, j.get("claims").get(2).get("problem").asInt());
        assertEquals(8, j.get("claims").get(2).get("line").asInt());
        assertTrue(VERDICTS.contains(j.get("claims").get(0).get("verdict").asText()));

        Cli t = Cli.run("key", sheet.toString(), "--format", "tex", "-o", dir.resolve("k.tex").toString(), "--no-cas");
        assertEquals(0, t.exitCode(), t.err());
        String tex = Files.readString(dir.resolve("k.tex"));
        assertTrue(tex.contains("Claimed (lines 3"), tex);
        // each claimed line is an aligned row with its mark
        assertTrue(tex.contains("\\sigma(z) + \\sigma(z)^{2} \\tag*{\\small("), tex);
        int problem3 = tex.indexOf("Problem 3"), claims = tex.indexOf("Claimed at the point");
        assertTrue(claims > 0 && claims < problem3, "claims stay in their problem");
    }

    /** Whether the judges are written: until they are, every verdict is "unverifiable: not written yet". */
    static boolean judgesWritten() {
        Judgement j = new Judge(new Engine(), List.of(), 1).judge(tex("\\frac{d}{dx} x^2"), tex("2 x"));
        return !j.why().orElse("").equals("not written yet");
    }

    /** Whether numeric claims are judged yet: until they are, an [at] claim is "unverifiable: not written yet". */
    static boolean numericClaimsWritten() throws Exception {
        SheetSource s = SheetParser.parse(SHEET);
        List<Grading.Graded> g = Grading.grade(s.problems().get(1), new Engine());
        return !g.get(0).judgement().why().orElse("").equals("not written yet");
    }

    /**
     * With numeric claims judged (skipped until then): ∂E/∂w = (w x − y) x = −1.5 at w = 0.5, x = 1, y = 2,
     * so −1.5 is correct and −1.4 is wrong with the expected value −1.5.
     */
    @Test
    void numericClaimsOnceTheyAreJudged(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(numericClaimsWritten(), "numeric claims are not judged yet");
        Path sheet = dir.resolve("n.tex");
        Files.writeString(sheet, """
                \\problem{A number}
                \\let{E = \\frac{1}{2}(w x - y)^2}
                \\at{w = 0.5, x = 1, y = 2}
                \\check[at]{\\frac{\\partial E}{\\partial w} = -1.5}
                \\check[at]{\\frac{\\partial E}{\\partial w} = -1.4}
                """);
        Cli r = Cli.run("check", sheet.toString(), "--no-cas", "--format", "json");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        JsonNode claims = new ObjectMapper().readTree(r.out()).get("claims");
        assertEquals("correct", claims.get(0).get("verdict").asText());
        assertEquals("wrong", claims.get(1).get("verdict").asText());
        assertEquals(-1.5, claims.get(1).get("expected").get("value").asDouble(), 1e-12);
    }

    /**
     * With the judges written (skipped until then): a right line is marked ✓ and correct, a wrong one ✗
     * with a counterexample, exit code 3, in text, JSON, the key and a compiled graded copy.
     */
    @Test
    void realVerdictsOnceTheJudgesAreWritten(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(judgesWritten(), "the judges are not written yet");
        Path sheet = dir.resolve("s.tex");
        Files.writeString(sheet, """
                \\problem{Square}
                \\check{\\frac{d}{dx} x^2 = 2 x \\\\ = 3 x}
                """);
        Cli r = Cli.run("check", sheet.toString(), "--no-cas");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith(sheet + ":2:8: correct: "), lines.get(0));
        assertTrue(lines.get(1).startsWith(sheet + ":2:"), lines.get(1));
        assertTrue(lines.get(1).contains(": wrong: "), lines.get(1));
        assertTrue(lines.get(1).contains(" it is "), lines.get(1));
        assertTrue(lines.get(1).endsWith("(first wrong line)"), lines.get(1));
        assertEquals("1 correct, 1 wrong, 0 unverifiable", lines.get(2));

        Cli j = Cli.run("check", sheet.toString(), "--no-cas", "--format", "json");
        JsonNode wrong = new ObjectMapper().readTree(j.out()).get("claims").get(1);
        assertEquals("wrong", wrong.get("verdict").asText());
        assertTrue(wrong.get("first_wrong").asBoolean());
        JsonNode c = wrong.get("counterexample");
        double x = c.get("point").get("x").asDouble();
        assertEquals(3 * x, c.get("claimed").asDouble(), 1e-9);
        assertEquals(2 * x, c.get("actual").asDouble(), 1e-9);

        Cli t = Cli.run("key", sheet.toString(), "--format", "tex", "-o", dir.resolve("k.tex").toString(), "--no-cas");
        String tex = Files.readString(dir.resolve("k.tex"), StandardCharsets.UTF_8);
        assertTrue(tex.contains("$\\checkmark$ correct"), tex);
        assertTrue(tex.contains("$\\times$ first wrong line"), tex);
        Cli p = Cli.run("key", sheet.toString(), "-o", dir.resolve("k.pdf").toString(), "--no-cas");
        try (PDDocument pdf = Loader.loadPDF(dir.resolve("k.pdf").toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("✓ correct"), text);
            assertTrue(text.contains("✗ first wrong line"), text);
        }
    }
}
