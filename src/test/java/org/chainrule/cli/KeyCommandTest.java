package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandTest {
    static final String SHEET = """
            \\title{Quiz 1 --- answer key}
            \\problem{Hinge with weight decay}
            Find the gradient of the regularised hinge loss.
            \\let{l = \\max(0, 1 - y w x) + w^2}
            \\find{\\frac{\\partial l}{\\partial w}}
            \\find[update]{\\frac{\\partial l}{\\partial w}}
            \\problem{Broken}
            \\let{L = \\frac{1}{}}
            \\find{\\frac{\\partial L}{\\partial w}}
            \\problem{Sigmoid}
            \\find{\\frac{d}{dz} \\sigma(z)}
            """;

    @Test
    void aBadProblemIsReportedAndTheRestIsKeyed(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("quiz.tex");
        Files.writeString(sheet, SHEET);
        Path out = dir.resolve("key.pdf");
        Cli r = Cli.run("key", sheet.toString(), "-o", out.toString(), "--no-cas", "--detail", "full");
        assertEquals(65, r.exitCode(), r.err());
        assertTrue(r.err().contains("quiz.tex:8:18: problem 2: empty denominator"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Quiz 1 — answer key"), text);
            assertTrue(text.contains("Problem 3"), text);
            assertTrue(text.contains("Summary of answers"), text);
            assertTrue(text.contains("empty denominator"), text);
        }
    }

    @Test
    void jsonHasEveryResult(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("quiz.tex");
        Files.writeString(sheet, SHEET);
        Cli r = Cli.run("key", sheet.toString(), "--format", "json", "-o", dir.resolve("k.json").toString(), "--no-cas");
        assertEquals(65, r.exitCode());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("k.json").toFile());
        assertEquals(3, j.get("results").size());
        JsonNode first = j.get("results").get(0);
        assertEquals("2 w - y x \\mathbf{1}(y w x < 1)", first.at("/derivation/answer").asText());
        assertTrue(first.at("/derivation/verified").asBoolean());
        assertEquals("w + \\eta (y x \\mathbf{1}(y w x < 1) - 2 w)", j.get("results").get(1).get("update").asText());
        assertEquals(1, j.get("failures").size());
        assertEquals(8, j.get("failures").get(0).get("line").asInt());
    }

    @Test
    void jsonHasTheTraceOfAnAdTable(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("ad.tex");
        Files.writeString(sheet, "\\problem{AD}\n\\trace{x + \\frac{1}{w x + b}}{x = 0.3, w = 0.5, b = 0.1}\n");
        Cli r = Cli.run("key", sheet.toString(), "--format", "json", "-o", dir.resolve("k.json").toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("k.json").toFile());
        assertTrue(j.get("verified").asBoolean());
        JsonNode data = j.get("sections").get(0).get("data");
        assertEquals("trace", j.get("sections").get(0).get("directive").asText());
        assertEquals("\\frac{1}{v_{2}}", data.get("wengert").get(5).get("operation").asText());
        assertEquals(4.3, data.get("wengert").get(6).get("value").asDouble(), 1e-12);
        assertEquals("\\bar{v}_{4} + \\bar{v}_{1} \\cdot v_{-1}", data.get("adjoints").get(6).get("expression").asText());
        assertEquals(-7, data.get("gradient").get(0).get("value").asDouble(), 1e-9);
        assertEquals("-4.8", data.get("gradient").get(1).get("exact").asText());
    }

    @Test
    void texKeyIsAStandaloneDocument(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("s.tex");
        Files.writeString(sheet, "\\problem{P}\n\\find{\\frac{d}{dx} x^3}\n");
        Cli r = Cli.run("key", sheet.toString(), "--format", "tex", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        String tex = Files.readString(dir.resolve("s-key.tex"));
        assertTrue(tex.startsWith("\\documentclass"), tex);
        assertTrue(tex.contains("\\boxed{3 x^{2}}"), tex);
    }

    @Test
    void severalSheetsGoToADirectory(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.tex"), b = dir.resolve("b.tex");
        Files.writeString(a, "\\problem{A}\n\\find{\\frac{d}{dx} x^2}\n");
        Files.writeString(b, "\\problem{B}\n\\find{\\frac{d}{dx} \\tanh(x)}\n");
        Cli r = Cli.run("key", a.toString(), b.toString(), "-o", dir.resolve("keys").toString(), "--format", "tex", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(dir.resolve("keys/a-key.tex")).contains("\\boxed{2 x}"));
        assertTrue(Files.readString(dir.resolve("keys/b-key.tex")).contains("\\tanh"));
    }

    @Test
    void aSheetErrorIsLocatedAndWritesNothing(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("bad.tex");
        Files.writeString(sheet, "\\problem{P}\n\\let{x = 1\n");
        Path out = dir.resolve("bad.pdf");
        Cli r = Cli.run("key", sheet.toString(), "-o", out.toString());
        assertEquals(65, r.exitCode());
        assertTrue(r.err().contains("bad.tex:2:5: unbalanced brace opened at 2:5 is never closed"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(2, Cli.run("key", dir.resolve("missing.tex").toString()).exitCode());
    }

    @Test
    void aHandoutHasNoVerificationAndTheReportGoesToStandardErrorOrAFile(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("s.tex");
        Files.writeString(sheet, "\\problem{P}\n\\let{p = \\sigma(w x)}\n\\find{\\frac{\\partial p}{\\partial w}}\n");
        Path out = dir.resolve("h.pdf");
        Cli r = Cli.run("key", sheet.toString(), "--handout", "-o", out.toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("s.tex: problem 1: \\frac{\\partial p}{\\partial w}: verified ("), r.err());
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertFalse(text.toLowerCase().contains("verified"), text);
        }
        Path report = dir.resolve("report.txt");
        r = Cli.run("key", sheet.toString(), "--handout", "--report", report.toString(), "-o", out.toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertTrue(Files.readString(report).contains(": verified ("), Files.readString(report));
        // the key itself says it once, for the problem
        r = Cli.run("key", sheet.toString(), "-o", dir.resolve("k.pdf").toString(), "--no-cas");
        try (PDDocument pdf = Loader.loadPDF(dir.resolve("k.pdf").toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertEquals(1, text.split("Verified:", -1).length - 1, text);
        }
    }

    @Test
    void detailMustBeBriefOrFull(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("s.tex");
        Files.writeString(sheet, "\\problem{P}\n\\find{\\frac{d}{dx} x^3}\n");
        Cli r = Cli.run("key", sheet.toString(), "--detail", "terse");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--detail must be brief or full, not 'terse'"), r.err());
        r = Cli.run("key", sheet.toString(), "--detail", "full", "--format", "tex", "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(dir.resolve("s-key.tex")).contains("Summary of answers"));
    }
}
