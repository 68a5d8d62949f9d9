package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LatexTextTest {

    /** Every control sequence in escaped text must be one of the escaper's own. */
    private static final Set<String> OWN = Set.of(
            "textbackslash", "{", "}", "$", "%", "#", "&", "_", "textasciitilde", "textasciicircum",
            "textquotedbl", "textbar", "textless", "textgreater", "textcircled", "scriptsize", "tiny");

    private static void assertOnlyOwnCommands(String latex) {
        Matcher m = Pattern.compile("\\\\([A-Za-z]+|.)").matcher(latex.replaceAll("\\$[^$]*\\$", ""));
        while (m.find()) assertTrue(OWN.contains(m.group(1)), "unexpected \\" + m.group(1) + " in " + latex);
    }

    @Test
    void eachSpecialCharacterPrintsItself() {
        assertEquals("\\textbackslash{}", LatexText.escape("\\"));
        assertEquals("\\$", LatexText.escape("$"));
        assertEquals("\\%", LatexText.escape("%"));
        assertEquals("\\#", LatexText.escape("#"));
        assertEquals("\\&", LatexText.escape("&"));
        assertEquals("\\_", LatexText.escape("_"));
        assertEquals("\\{\\}", LatexText.escape("{}"));
        assertEquals("\\textasciitilde{}", LatexText.escape("~"));
        assertEquals("\\textasciicircum{}", LatexText.escape("^"));
        assertEquals("\\textless{}\\textless{}", LatexText.escape("<<"));
    }

    @Test
    void anInputCommandBecomesLiteralCharacters() {
        String s = LatexText.escape("\\input{/etc/passwd}");
        assertEquals("\\textbackslash{}input\\{/etc/passwd\\}", s);
        assertOnlyOwnCommands(s);
    }

    @Test
    void noTextMakesACommandOfItsOwn() {
        for (String t : new String[] {"\\def\\x{\\x}\\x", "\\\\input x", "^^5cinput", "$\\input{a}$", "\\]\\section*{X}\\[",
                "%\n\\immediate\\write18{rm -rf /}", "\\csname input\\endcsname", "\\catcode`\\~=0"}) {
            String s = LatexText.escape(t);
            assertOnlyOwnCommands(s);
            assertFalse(s.contains("^^"), s);
            assertFalse(s.contains("\n"), s);
            SafeLatex.checkBody(s);
        }
    }

    @Test
    void ligaturesAreBrokenSoTextPrintsAsTyped() {
        assertEquals("a-{}-b", LatexText.escape("a--b"));
        assertEquals("`{}`x'{}'", LatexText.escape("``x''"));
        assertEquals("!{}`", LatexText.escape("!`"));
        assertEquals(",{},", LatexText.escape(",,"));
    }

    @Test
    void mathSymbolsBecomeInlineMath() {
        assertEquals("x $\\le$ 1, $\\sigma$", LatexText.escape("x ≤ 1, σ"));
        assertEquals("$\\partial$L/$\\partial$w", LatexText.escape("∂L/∂w"));
        assertEquals("$\\mathbf{1}$(u $\\ge$ 0)", LatexText.escape("𝟏(u ≥ 0)"));
        assertEquals("W$^{\\top}$x $-$ y", LatexText.escape("Wᵀx − y"));
        assertEquals("by \\textcircled{\\scriptsize 2}", LatexText.escape("by ②"));
        assertEquals("$\\partial \\sigma$ and $\\sigma'$ = $\\sigma$(1 $-$ $\\sigma$)", LatexText.escape("∂σ and σ' = σ(1 − σ)"));
        assertEquals("\\$'{}'", LatexText.escape("$''"));
    }

    @Test
    void lettersT1CanSetPassAndOthersBecomeAQuestionMark() {
        assertEquals("Anıl Öztürk, Łódź, café — “ok”", LatexText.escape("Anıl Öztürk, Łódź, café — “ok”"));
        assertEquals("é", LatexText.escape("e\u0301"));
        assertEquals("?", LatexText.escape("ħ"));
        assertEquals("? ?", LatexText.escape("中 😀"));
    }

    @Test
    void controlCharactersDoNotSurvive() {
        assertEquals("a b c", LatexText.escape("a\nb\tc"));
        assertEquals("ab", LatexText.escape("a\u0000\u0007\u007f\u0085\u009fb"));
    }
}
