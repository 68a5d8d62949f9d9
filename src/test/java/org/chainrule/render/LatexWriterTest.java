package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.tex.UnsafeLatexException;
import org.junit.jupiter.api.Test;

class LatexWriterTest {

    @Test
    void standaloneIsPreambleFragmentEnd() {
        Doc doc = SampleDocs.everyBlock();
        assertEquals(LatexWriter.PREAMBLE + LatexWriter.fragment(doc) + "\\end{document}\n", LatexWriter.standalone(doc));
        SafeLatex.check(LatexWriter.standalone(doc));
        SafeLatex.check(LatexWriter.standalone(SampleDocs.longChain(80)));
    }

    @Test
    void thePreambleUsesOnlyBaseAndRecommendedPackages() {
        assertEquals(List.of("[T1]{fontenc}", "{lmodern}", "{amsmath,amssymb}", "{booktabs}", "[margin=2cm]{geometry}"),
                LatexWriter.PREAMBLE.lines().filter(l -> l.startsWith("\\usepackage"))
                        .map(l -> l.substring("\\usepackage".length())).toList());
    }

    @Test
    void rowsAlignAtTheRelationWithJustificationAndLabelInATag() {
        String tex = LatexWriter.fragment(new Doc("", List.of(new Equations(List.of(
                Row.of("\\frac{\\partial L}{\\partial w}", "x").because("chain rule").labelled(1),
                Row.of("", "y").because("by ①"),
                new Row("a", "\\le", "b", Optional.empty(), Optional.of(12)))))));
        // three rows are a short chain: never split across pages
        assertEquals("""
                {\\setlength{\\jot}{6pt}
                \\begin{align*}
                  \\frac{\\partial L}{\\partial w} &= x \\tag*{\\small(chain rule)\\quad \\textcircled{\\scriptsize 1}} \\\\
                   &= y \\tag*{\\small(by \\textcircled{\\scriptsize 1})\\quad\\phantom{\\textcircled{\\scriptsize 1}}} \\\\
                  a &\\le b \\tag*{\\textcircled{\\tiny 12}}
                \\end{align*}}

                """, tex);
    }

    @Test
    void answerIsBoxedAndAFailureIsMarked() {
        // A verified answer is followed by the layout's detailed note; only a failure is marked at the box.
        String tex = LatexWriter.fragment(new Doc("", List.of(new Doc.Answer("f'", "2x", true), new Doc.Answer("g'", "0", false))));
        assertTrue(tex.contains("\\[\n  f' = \\boxed{2x}\n\\]\n"), tex);
        assertFalse(tex.contains("f' = \\boxed{2x}\n\\]\n{\\small\\itshape Not verified"), tex);
        assertTrue(tex.contains("g' = \\boxed{0}\n\\]\n{\\small\\itshape Not verified numerically."), tex);
    }

    @Test
    void headingsTablesAndNotesEscapeTheirText() {
        String tex = LatexWriter.fragment(new Doc("50% off", List.of(
                new Doc.Heading("Problem #1"),
                new Doc.Note(Doc.NoteKind.WARNING, "a_b"),
                new Doc.Table(List.of("x", "f(x)"), List.of(List.of("1", "2"), List.of("3")), Optional.of("h ~ 1e-5")))));
        assertTrue(tex.startsWith("\\section*{50\\% off}\n\n\\subsection*{Problem \\#1}\n"), tex);
        assertTrue(tex.contains("{\\small\\itshape Warning. a\\_b\\par}"), tex);
        assertTrue(tex.contains("\\begin{tabular}{cc}\n\\toprule\n$x$ & $f(x)$ \\\\\n\\midrule\n$1$ & $2$ \\\\\n$3$ &  \\\\\n\\bottomrule"), tex);
        assertTrue(tex.contains("{\\small h \\textasciitilde{} 1e-5}"), tex);
    }

    @Test
    void safeLatexRefusesWhatTheWriterNeverWrites() {
        String body = LatexWriter.fragment(SampleDocs.everyBlock());
        for (String bad : List.of("\\input{/etc/passwd}", "\\include{x}", "\\write18{ls}", "\\immediate", "\\openin1=x",
                "\\openout", "\\read16 to\\x", "\\csname input\\endcsname", "\\catcode`\\^=7", "\\def\\x{\\x}\\x",
                "\\newcommand{\\y}{}", "\\renewcommand{\\frac}{}", "\\usepackage{verbatim}", "^^5cinput",
                "\\pdffiledump", "\\makeatletter\\@input", "\\end{document}", "\\let\\x\\relax", "\\scantokens{}")) {
            String doc = LatexWriter.PREAMBLE + body + bad + "\n" + LatexWriter.END;
            assertThrows(UnsafeLatexException.class, () -> SafeLatex.check(doc), bad);
        }
        String other = LatexWriter.PREAMBLE.replace("{lmodern}", "{lmodern}\n\\usepackage{shellesc}");
        assertThrows(UnsafeLatexException.class, () -> SafeLatex.check(other + body + LatexWriter.END));
        assertThrows(UnsafeLatexException.class, () -> SafeLatex.check(LatexWriter.PREAMBLE + body));
        assertFalse(body.contains("\\\\input"));
    }

    @Test
    void aControlSymbolBeforeLettersIsNotAForbiddenName() {
        SafeLatex.checkBody("a \\\\input b \\\\def c");
    }
}
