package org.chainrule.parse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.TreePrinter;
import org.junit.jupiter.api.Test;

/** The public API: limits, offsets, options, single statements, thread safety. */
class FormulaParserTest {

    @Test
    void twentyThousandParenthesesGiveALocatedError() {
        String deep = "(".repeat(20_000) + "x" + ")".repeat(20_000);
        ParseException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ParseException.class, () -> FormulaParser.parse(deep)));
        assertEquals("nesting deeper than 500 levels", e.reason());
        assertEquals(1, e.line());
        assertEquals(501, e.column());
    }

    @Test
    void fiveHundredLevelsStillParse() throws ParseException {
        String s = "{".repeat(250) + "(".repeat(250) + "x" + ")".repeat(250) + "}".repeat(250);
        assertEquals("(Sym x)", TreeText.of(FormulaParser.parseExpr(s)));
    }

    @Test
    void longChainsOfPrefixesDoNotCrash() {
        String s = "-".repeat(60_000) + "x";
        try {
            FormulaParser.parse(s);
        } catch (ParseException e) {
            assertTrue(e.line() >= 1 && e.column() >= 1);
        }
    }

    @Test
    void inputTooLong() {
        String s = "x+".repeat(50_001) + "x";
        ParseException e = assertThrows(ParseException.class, () -> FormulaParser.parse(s));
        assertEquals("input too long (100003 characters; the limit is 100000)", e.reason());
    }

    @Test
    void sheetOffsetMovesFirstLineColumnsAndLaterLines() {
        ParseOptions at = ParseOptions.DEFAULT.at(10, 5);
        ParseException first = assertThrows(ParseException.class, () -> FormulaParser.parse("a + \\hatt", at));
        assertEquals(10, first.line());
        assertEquals(9, first.column());
        assertEquals("a + \\hatt", first.sourceLine());
        ParseException second = assertThrows(ParseException.class, () -> FormulaParser.parse("a +\n  \\hatt", at));
        assertEquals(11, second.line());
        assertEquals(3, second.column());
        assertTrue(second.format("sheet.md").startsWith("sheet.md:11:3: unknown command \\hatt"));
    }

    @Test
    void parseExprWantsExactlyOneStatement() throws ParseException {
        assertEquals("(Rel (Sym a) EQ (Num 1))", TreeText.of(FormulaParser.parseExpr("a = 1")));
        assertThrows(ParseException.class, () -> FormulaParser.parseExpr("a = 1, b = 2"));
        assertThrows(ParseException.class, () -> FormulaParser.parseExpr("\\textcircled{1}"));
        assertEquals(2, FormulaParser.parse("a = 1, b = 2").statements().size());
    }

    @Test
    void declaredFunctionsAndVariables() throws ParseException {
        ParseOptions o = new ParseOptions(Set.of(Sym.of("S")), Set.of(Sym.of("e")), 1, 1);
        assertEquals("(Apply (Abstract (Sym S sub=[(Sym k)])) (Sym y styles=[hat]))",
                TreeText.of(FormulaParser.parseExpr("S_k(\\hat{y})", o)));
        assertEquals("(Mul (Sym S) (Sym y styles=[hat]))", TreeText.of(FormulaParser.parseExpr("S(\\hat{y})")));
        assertEquals("(Pow (Sym e) (Sym x))", TreeText.of(FormulaParser.parseExpr("e^x", o)));
        assertEquals("(Apply EXP (Sym x))", TreeText.of(FormulaParser.parseExpr("e^x")));
    }

    @Test
    void warningsAreLocated() throws ParseException {
        Parsed p = FormulaParser.parse("y = x^10", ParseOptions.DEFAULT.at(3, 7));
        assertEquals(1, p.warnings().size());
        assertEquals(3, p.warnings().get(0).line());
        assertEquals(13, p.warnings().get(0).column());
    }

    @Test
    void parsesConcurrently() throws Exception {
        List<Corpus> corpus = Corpus.load().stream().filter(Corpus::ok).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = corpus.stream()
                    .map(c -> pool.submit(() -> TreeText.of(FormulaParser.parse(c.latex())))).toList();
            for (int i = 0; i < corpus.size(); i++)
                assertEquals(TreeText.of(FormulaParser.parse(corpus.get(i).latex())), results.get(i).get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void neverPrintsToStderr() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, "UTF-8"));
        try {
            for (String s : List.of("a +", "x^{2", "\\frac{1}", "f(x,,y)", "* b", "\\begin{cases} x \\\\ y & 1 \\end{cases}"))
                assertThrows(ParseException.class, () -> FormulaParser.parse(s));
        } finally {
            System.setErr(old);
        }
        assertEquals("", buf.toString("UTF-8"));
    }

    @Test
    void resultTypesCarryNoAntlr() {
        for (var m : FormulaParser.class.getMethods()) {
            assertTrue(!m.getReturnType().getName().startsWith("org.antlr"), m.toString());
            for (var p : m.getParameterTypes()) assertTrue(!p.getName().startsWith("org.antlr"), m.toString());
        }
    }

    @Test
    void commandNamesWithoutTheirBackslashAreRefusedWithTheQuotingThatWorks() {
        // what a shell hands over for an unquoted \sigma or \frac: letters, which would read as a product
        for (String s : new String[] {"sigma(w x)", "frac{1}{2} x", "x + beta", "tanh(x)", "theta_j x"}) {
            ParseException e = assertThrows(ParseException.class, () -> FormulaParser.parse(s), s);
            assertTrue(e.reason().contains("backslash was probably removed by the shell"), e.reason());
            assertTrue(e.reason().contains("single quotes"), e.reason());
        }
        ParseException e = assertThrows(ParseException.class, () -> FormulaParser.parse("x + beta"));
        assertEquals(5, e.column());
        // letters with spaces between them, and other words, stay products
        for (String s : new String[] {"s i g m a", "w x y", "abc", "b e t a", "\\beta x", "ax + by"})
            assertDoesNotThrow(() -> FormulaParser.parse(s), s);
    }

    @Test
    void scientificNotationIsRefusedRatherThanReadAsEulersNumber() {
        for (String s : new String[] {"1e309 x", "x^{1e309}", "2.5e-3 w", "w + 1e+4"}) {
            ParseException e = assertThrows(ParseException.class, () -> FormulaParser.parse(s), s);
            assertTrue(e.reason().contains("scientific notation") && e.reason().contains("10^{"), e.reason());
        }
        for (String s : new String[] {"2e", "2 e^{x}", "3e x", "2e^{-x}", "e^{2}", "1 e - 3"})
            assertDoesNotThrow(() -> FormulaParser.parse(s), s);
    }

    @Test
    void aSpaceSplitsItsDimensionsAtTimesOnly() throws ParseException {
        // R^{2n} is one dimension 2n long, not a 2 × n matrix
        assertEquals("Rel IN\n├─ Sym x\n└─ Space R\n   └─ dim: Mul\n      ├─ Num 2\n      └─ Sym n",
                TreePrinter.print(FormulaParser.parseExpr("x \\in \\mathbb{R}^{2n}")).strip());
        ParseException three = assertThrows(ParseException.class, () -> FormulaParser.parse("x \\in \\mathbb{R}^{n \\times 1 \\times 2}"));
        assertTrue(three.reason().startsWith("a space with 3 dimensions"), three.reason());
        assertEquals(18, three.column());
        ParseException mixed = assertThrows(ParseException.class, () -> FormulaParser.parse("x \\in \\mathbb{R}^{2n \\times m}"));
        assertTrue(mixed.reason().startsWith("write each dimension as one symbol or number"), mixed.reason());
    }
}
