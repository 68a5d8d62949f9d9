package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chainrule parse} end to end, in-process. Uses the parser and printers only through the command
 * line, and asserts only what any correct parser must do: {@code x} prints as {@code x}, an unclosed
 * brace is an error at line 1 with a caret under the reported column.
 */
class ParseCommandTest {

    private static final Pattern LOCATED = Pattern.compile("^(<arg>|<stdin>|.+?):(\\d+):(\\d+): (.+)$");

    @TempDir
    Path dir;

    @Test
    void printsCanonicalLatex() {
        Cli r = Cli.run("parse", "x");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertEquals("x\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void printsAPartialDerivativeOnOneLine() {
        Cli r = Cli.run("parse", "\\frac{\\partial \\mathcal{L}}{\\partial w_i}");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("\\partial"), r.out());
    }

    @Test
    void treeOptionPrintsTheTree() {
        Cli r = Cli.run("parse", "--tree", "x");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("x"), r.out());
        assertTrue(r.out().endsWith("\n"), r.out());
    }

    @Test
    void unclosedBraceIsLocatedBadInputWithACaretAndNoStackTrace() {
        Cli r = Cli.run("parse", "\\frac{");
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertEquals("", r.out());
        assertLocatedError(r.err(), "<arg>", "\\frac{");
    }

    @Test
    void aFormulaThatStartsWithARelationIsRefusedByParseAndPdf(@TempDir Path dir) {
        // "= b" continues a display that is not there; reading it as "b" would be a silent misparse
        Cli r = Cli.run("parse", "= b");
        assertEquals(65, r.exitCode(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("<arg>:1:1: the formula starts with a relation; its left-hand side is missing\n= b\n^"), r.err());
        Cli json = Cli.run("parse", "--json", "  = b");
        assertEquals(65, json.exitCode());
        assertTrue(json.out().contains("\"line\":1,\"column\":3"), json.out());
        Path pdf = dir.resolve("x.pdf");
        Cli p = Cli.run("pdf", "= b", "-o", pdf.toString());
        assertEquals(65, p.exitCode(), p.err());
        assertFalse(Files.exists(pdf));
    }

    @Test
    void readsTheFormulaFromStandardInputWithDash() {
        Cli r = Cli.runWithStdin("x\n", "parse", "-");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertEquals("x\n", r.out());
    }

    @Test
    void readsStandardInputWhenThereIsNoArgumentAndItIsNotATerminal() {
        Cli r = Cli.runWithStdin("x", "parse");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertEquals("x\n", r.out());
    }

    @Test
    void errorsInStandardInputAreNamedStdin() {
        Cli r = Cli.runWithStdin("\\frac{\n", "parse");
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertLocatedError(r.err(), "<stdin>", "\\frac{");
    }

    @Test
    void noFormulaInATerminalIsAUsageError() {
        Cli r = Cli.run("parse");
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("chainrule parse: missing formula"), r.err());
    }

    @Test
    void readsAFileAndNamesItInErrors() throws IOException {
        Path good = Files.writeString(dir.resolve("good.tex"), "x\n");
        Cli ok = Cli.run("parse", "--file", good.toString());
        assertEquals(Exit.OK, ok.exitCode(), ok.err());
        assertEquals("x\n", ok.out());

        Path bad = Files.writeString(dir.resolve("bad.tex"), "\\frac{\n");
        Cli r = Cli.run("parse", "-f", bad.toString());
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertLocatedError(r.err(), bad.toString(), "\\frac{");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Cli r = Cli.run("parse", "--file", dir.resolve("nope.tex").toString());
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void formulaAndFileTogetherIsAUsageError() throws IOException {
        Path good = Files.writeString(dir.resolve("good.tex"), "x");
        assertEquals(Exit.USAGE, Cli.run("parse", "--file", good.toString(), "y").exitCode());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(Exit.USAGE, Cli.run("parse", "--bogus", "x").exitCode());
        Cli r = Cli.run("parse", "a", "+", "b");
        assertEquals(Exit.USAGE, r.exitCode());
        assertTrue(r.err().contains("in quotes"), r.err());
    }

    @Test
    void jsonOnSuccess() throws IOException {
        Cli r = Cli.run("parse", "--json", "x");
        assertEquals(Exit.OK, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(json.get("ok").asBoolean());
        assertEquals("x", json.get("latex").get(0).asText());
        assertEquals(1, json.get("latex").size());
        assertTrue(json.get("warnings").isArray());
        assertEquals(1, r.out().lines().count(), "one line of JSON");
    }

    @Test
    void jsonOnError() throws IOException {
        Cli r = Cli.run("parse", "--json", "\\frac{");
        assertEquals(Exit.BAD_INPUT, r.exitCode());
        assertEquals("", r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertFalse(json.get("ok").asBoolean());
        JsonNode error = json.get("error");
        assertEquals(1, error.get("line").asInt());
        int column = error.get("column").asInt();
        assertTrue(column >= 1 && column <= "\\frac{".length() + 1, "column " + column);
        assertFalse(error.get("message").asText().isBlank());
        assertTrue(error.get("excerpt").asText().startsWith("\\frac{\n"), error.toString());
        assertTrue(error.get("excerpt").asText().endsWith("^"), error.toString());
    }

    /** {@code name:1:col: reason}, then the source line, then a caret under column {@code col}. */
    private static void assertLocatedError(String err, String name, String sourceLine) {
        MainTest.assertNoStackTrace(err);
        String[] lines = err.split("\n");
        assertTrue(lines.length >= 3, err);
        Matcher m = LOCATED.matcher(lines[0]);
        assertTrue(m.matches(), "first line is name:line:column: reason, got: " + lines[0]);
        assertEquals(name, m.group(1));
        assertEquals("1", m.group(2));
        int column = Integer.parseInt(m.group(3));
        assertTrue(column >= 1 && column <= sourceLine.length() + 1, "column " + column);
        assertEquals(sourceLine, lines[1]);
        assertEquals(" ".repeat(column - 1) + "^", lines[2]);
    }
}
