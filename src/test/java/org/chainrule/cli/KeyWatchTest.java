package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chainrule.cli.args.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code key --watch} against real file changes: the loop runs in a thread and the test edits the sheet. */
class KeyWatchTest {
    /** Generous: the first build of a cold JVM on a busy machine can take many seconds. No timing is asserted. */
    static final long TIMEOUT = 180_000;

    /** A power rule problem: d/dx x^n = n x^{n-1}, worked by hand for the expected answers. */
    static String sheet(int n) {
        return "\\title{Quiz}\n\\problem{Power}\n\\find{\\frac{d}{dx} x^" + n + "}\n";
    }

    /** A running {@code chainrule key --watch}: its control, standard error, and exit code once it ends. */
    record Session(Thread thread, Watch.Control control, StringWriter err, AtomicInteger code) {
        int stop() throws InterruptedException {
            control.stop();
            thread.join(TIMEOUT);
            assertFalse(thread.isAlive(), "the watch loop did not end");
            return code.get();
        }

        Watch.Rebuild next(Predicate<Watch.Rebuild> which) throws InterruptedException {
            return control.await(control.count(), which, TIMEOUT);
        }
    }

    static Session start(String... args) throws InterruptedException {
        Watch.Control control = new Watch.Control();
        // the key command as declared, with a loop this test stops
        Command key = KeyCommand.COMMAND.runs((parsed, io) -> {
            KeyCommand k = new KeyCommand(parsed, io);
            k.watchControl = control;
            return k.call();
        });
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLine.of(List.of(key))
                .out(new PrintWriter(new StringWriter(), true)).err(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(cl.execute(args)), "watch-test");
        t.setDaemon(true);
        t.start();
        return new Session(t, control, err, code);
    }

    /** Saves like an editor that writes a temporary file and renames it over the sheet. */
    static void saveByRename(Path sheet, String text) throws Exception {
        Path tmp = sheet.resolveSibling("." + sheet.getFileName() + ".swp");
        Files.writeString(tmp, text);
        Files.move(tmp, sheet, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void rebuildsOnEverySaveKeepsTheLastGoodKeyWhileBrokenAndRecovers(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("quiz.tex"), out = dir.resolve("quiz-key.tex");
        Files.writeString(sheet, sheet(3));
        Session s = start("key", sheet.toString(), "-o", out.toString(), "--format", "tex", "--no-cas", "--watch");
        Watch.Rebuild first = s.control().await(0, r -> true, TIMEOUT);
        assertTrue(first.written() && first.errors() == 0, s.err().toString());
        assertTrue(Files.readString(out).contains("\\boxed{3 x^{2}}"), Files.readString(out));

        // an in-place save (truncate and write)
        Files.writeString(sheet, sheet(4));
        s.next(Watch.Rebuild::written); // (a save seen half-written would be a failed build first)
        assertTrue(Files.readString(out).contains("\\boxed{4 x^{3}}"), Files.readString(out));

        // a save by rename, as vim and most IDEs do it
        saveByRename(sheet, sheet(5));
        s.next(Watch.Rebuild::written); // (a save seen half-written would be a failed build first)
        assertTrue(Files.readString(out).contains("\\boxed{5 x^{4}}"), Files.readString(out));

        // a sheet that does not parse: the good key stays, the error is reported with its caret
        String good = Files.readString(out);
        Files.writeString(sheet, "\\title{Quiz}\n\\problem{Power}\n\\find{\\frac{d}{dx} x^6\n");
        Watch.Rebuild broken = s.next(r -> !r.written());
        assertFalse(broken.written());
        assertEquals(1, broken.errors());
        assertEquals(good, Files.readString(out));

        // a problem that fails: also kept, since a good key exists
        Files.writeString(sheet, "\\title{Quiz}\n\\problem{Power}\n\\find{\\frac{d}{dx} \\frac{1}{}}\n");
        Watch.Rebuild failing = s.next(r -> !r.written());
        assertFalse(failing.written());
        assertEquals(good, Files.readString(out));

        // fixed: rebuilt again
        saveByRename(sheet, sheet(7));
        Watch.Rebuild fixed = s.next(Watch.Rebuild::written);
        assertEquals(0, fixed.errors());
        assertTrue(Files.readString(out).contains("\\boxed{7 x^{6}}"), Files.readString(out));

        assertEquals(0, s.stop());
        String err = s.err().toString();
        assertTrue(err.contains("quiz.tex:3:6: unbalanced brace opened at 3:6 is never closed\n"
                + "\\find{\\frac{d}{dx} x^6\n     ^\n"), err);
        assertTrue(err.contains("empty denominator"), err);
        assertTrue(err.contains("built " + Watch.shown(out) + " in "), err);
        assertTrue(err.contains("rebuilt " + Watch.shown(out) + " in "), err);
        assertTrue(err.contains("kept " + Watch.shown(out) + " (1 error in " + sheet + ", "), err);
        assertFalse(err.contains("Exception"), err);
        try (var files = Files.list(dir)) { // no temporary file is left behind
            assertEquals(Set.of("quiz.tex", "quiz-key.tex"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void aSheetThatStartsBrokenStillGetsAKeyUntilAGoodOne(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("hw.tex"), out = dir.resolve("hw-key.json");
        Files.writeString(sheet, "\\problem{Bad}\n\\find{\\frac{d}{dx} \\frac{1}{}}\n\\problem{Good}\n\\find{\\frac{d}{dx} x^2}\n");
        Session s = start("key", sheet.toString(), "--format", "json", "--no-cas", "--watch");
        Watch.Rebuild first = s.control().await(0, r -> true, TIMEOUT);
        // as a normal run: the rest of the key is written, with the failure in it
        assertTrue(first.written());
        assertEquals(1, first.errors());
        assertTrue(Files.readString(out).contains("\"answer\" : \"2 x\""), Files.readString(out));
        Files.writeString(sheet, "\\problem{Good}\n\\find{\\frac{d}{dx} x^2}\n\\problem{Also good}\n\\find{\\frac{d}{dx} x^3}\n");
        Watch.Rebuild fixed = s.next(r -> r.written() && r.errors() == 0);
        assertEquals(out.toAbsolutePath(), fixed.target().toAbsolutePath());
        String json = Files.readString(out);
        assertTrue(json.contains("\"answer\" : \"3 x^{2}\"") && json.contains("\"failures\" : [ ]"), json);
        assertEquals(0, s.stop());
        assertTrue(s.err().toString().contains("with 1 error\n"), s.err().toString());
    }

    @Test
    void severalSheetsRebuildOnlyTheOneSavedAsPdf(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.tex"), b = dir.resolve("b.tex"), keys = dir.resolve("keys"), report = dir.resolve("report.txt");
        Files.writeString(a, sheet(2));
        Files.writeString(b, sheet(3));
        Session s = start("key", a.toString(), b.toString(), "-o", keys + "/", "--no-cas", "--handout",
                "--report", report.toString(), "--watch");
        s.control().await(1, r -> true, TIMEOUT); // both first builds
        assertTrue(pdfText(keys.resolve("b-key.pdf")).contains("\\boxed{3x^{2}}"), pdfText(keys.resolve("b-key.pdf")));
        byte[] keyA = Files.readAllBytes(keys.resolve("a-key.pdf"));

        // a burst of saves of b: the key ends up with the last one, and a is not rebuilt
        int before = s.control().count();
        for (int n = 4; n <= 6; n++) Files.writeString(b, sheet(n));
        s.control().await(before, r -> {
            try {
                return r.sheet().equals(b) && pdfText(keys.resolve("b-key.pdf")).contains("\\boxed{6x^{5}}");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, TIMEOUT);
        assertArrayEquals(keyA, Files.readAllBytes(keys.resolve("a-key.pdf")));
        String lines = Files.readString(report);
        assertTrue(lines.contains(a + ": problem 1: ") && lines.contains(b + ": problem 1: "), lines);
        assertEquals(0, s.stop());
        assertFalse(s.err().toString().contains("rebuilt " + Watch.shown(keys.resolve("a-key.pdf"))), s.err().toString());
    }

    static String pdfText(Path pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(d).replaceAll("\\s+", "");
        }
    }

    @Test
    void standardOutputAndInputCannotBeWatched(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("q.tex");
        Files.writeString(sheet, sheet(2));
        Cli toStdout = Cli.run("key", sheet.toString(), "-o", "-", "--watch");
        assertEquals(2, toStdout.exitCode());
        assertTrue(toStdout.err().contains("--watch rewrites a file"), toStdout.err());
        Cli fromStdin = Cli.runWithStdin(sheet(2), "key", "-", "--watch");
        assertEquals(2, fromStdin.exitCode());
        assertTrue(fromStdin.err().contains("standard input"), fromStdin.err());
        Cli missing = Cli.run("key", dir.resolve("nope.tex").toString(), "--watch");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such sheet"), missing.err());
    }
}
