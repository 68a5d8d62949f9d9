package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Pdflatex.PdflatexException;
import org.chainrule.render.tex.UnsafeLatexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdflatexTest {

    private static final String LOOP = LatexWriter.PREAMBLE + "\\def\\x{\\x}\\x\n" + LatexWriter.END;

    /** Every block kind, then the 80-row chain: one document of five pages. */
    private static Doc everything() {
        List<Block> blocks = new ArrayList<>(SampleDocs.everyBlock().blocks());
        blocks.addAll(SampleDocs.longChain(80).blocks());
        return new Doc(SampleDocs.everyBlock().title(), blocks);
    }

    /** Directories left under the test's own root (other processes may compile in the system's /tmp). */
    private static List<String> tempDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everyBlockKindCompilesToTheExpectedPages(@TempDir Path root) throws IOException {
        PdflatexSupport.Pdf pdf = PdflatexSupport.read(PdflatexSupport.pdflatex().withTempRoot(root).compile(LatexWriter.standalone(everything())));
        // page 1: problems 1 and 2; pages 2-5: the 80 rows (about 22 a page) and the boxed answer
        assertEquals(5, pdf.pages());
        String text = pdf.text();
        for (String s : List.of("Answer key — Homework 3", "Problem 1 — Sigmoid of a linear score",
                "We want the gradient of the squared error", "Problem 3 — 80 stacked sigmoids",
                "Finite differences agree to 1e-6",
                "Convention. At u = 0 ReLU has no derivative", "chain rule"))
            assertTrue(text.contains(s), "PDF text lacks \"" + s + "\":\n" + text);
        assertEquals(List.of(), tempDirs(root), "the temporary directory was not deleted");
    }

    @Test
    void injectionThroughTextIsInert() {
        String text = PdflatexSupport.read(PdflatexSupport.pdflatex().compile(LatexWriter.standalone(SampleDocs.everyBlock()))).text();
        assertTrue(text.contains("\\input{/etc/passwd}"), text);
        assertTrue(text.contains("costs 5$ & 10% of #marks, a_b {c} ~d ^e."), text);
        assertFalse(text.contains("root:"), text);
    }

    @Test
    void aRawInputIsRefusedBeforeTeXRuns() {
        String tex = LatexWriter.PREAMBLE + "\\input{/etc/passwd}\n" + LatexWriter.END;
        UnsafeLatexException e = assertThrows(UnsafeLatexException.class, () -> PdflatexSupport.pdflatex().compile(tex));
        assertTrue(e.getMessage().contains("\\input"), e.getMessage());
    }

    @Test
    void evenUncheckedTheParanoidSettingsKeepAbsolutePathsOut() {
        String tex = LatexWriter.PREAMBLE + "\\input{/etc/passwd}\n" + LatexWriter.END;
        PdflatexException e = assertThrows(PdflatexException.class, () -> PdflatexSupport.pdflatex().compileUnchecked(tex));
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void aDocumentThatLoopsForeverIsKilledAtTheTimeout(@TempDir Path root) throws IOException {
        Pdflatex engine = PdflatexSupport.pdflatex().withTimeout(Duration.ofSeconds(3)).withTempRoot(root);
        long start = System.nanoTime();
        PdflatexException e = assertThrows(PdflatexException.class, () -> engine.compileUnchecked(LOOP));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.getMessage().startsWith("pdflatex timed out after 3 s and was killed"), e.getMessage());
        assertTrue(seconds >= 3 && seconds < 10, "took " + seconds + " s");
        assertEquals(List.of(), tempDirs(root), "the temporary directory was not deleted");
    }

    @Test
    void theCheckedPathRefusesTheLoopOutright() {
        assertThrows(UnsafeLatexException.class, () -> PdflatexSupport.pdflatex().compile(LOOP));
    }

    @Test
    void anErrorNamesTheFileLineAndMessage() {
        String tex = LatexWriter.PREAMBLE + "Hello\n\n$\\frac{1}$\n" + LatexWriter.END;
        PdflatexException e = assertThrows(PdflatexException.class, () -> PdflatexSupport.pdflatex().compile(tex));
        int line = LatexWriter.PREAMBLE.split("\n").length + 3;
        assertTrue(e.getMessage().startsWith("pdflatex failed (exit 1): ./doc.tex:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("Missing"), e.getMessage());
        assertTrue(e.log().contains("doc.tex"), e.log());
    }

    @Test
    void missingPdflatexSaysWhatToDo() {
        String tex = LatexWriter.standalone(SampleDocs.everyBlock());
        for (Pdflatex p : List.of(new Pdflatex("pdflatex", "", Pdflatex.DEFAULT_TIMEOUT),
                new Pdflatex("/nonexistent/bin/pdflatex", System.getenv("PATH"), Pdflatex.DEFAULT_TIMEOUT))) {
            PdflatexException e = assertThrows(PdflatexException.class, () -> p.compile(tex));
            assertEquals("pdflatex not found: install TeX Live (texlive-latex-base) or use the default embedded engine",
                    e.getMessage());
        }
    }

    @Test
    void everyCharacterTheEscaperPassesCompiles() {
        StringBuilder all = new StringBuilder();
        for (int c = 0x20; c <= 0x17F; c++) all.appendCodePoint(c).append(' ');
        for (int c = 0x370; c <= 0x3FF; c++) all.appendCodePoint(c).append(' ');
        for (int c = 0x2000; c <= 0x22FF; c++) all.appendCodePoint(c).append(' ');
        for (int c = 0x2460; c <= 0x2473; c++) all.appendCodePoint(c).append(' ');
        all.append("𝟏 ᵀ ✓ ⟨ ⟩ 中 😀");
        Doc doc = new Doc("Characters", List.of(Doc.Paragraph.text(all.toString()),
                new Doc.Equations(List.of(Doc.Row.of("x", "1").because(all.substring(0, 400)).labelled(20)))));
        byte[] pdf = PdflatexSupport.pdflatex().compile(LatexWriter.standalone(doc));
        String text = PdflatexSupport.read(pdf).text();
        assertTrue(text.contains("À Á Â") && text.contains("Ł ł") && !text.contains("? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ? ¡"), text);
    }
}
