package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chainrule.render.Pdflatex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files as separate chainrule processes see them ({@link ChildJvm}): the commands that write leave
 * nothing in the working directory, nothing in the temporary directory, and nothing but their outputs
 * in the output directory (pdflatex's files included); two {@code key} runs writing the same {@code -o}
 * at once leave one whole key; a pdflatex that crashes leaves the existing key as it was. Each child gets
 * its own empty working, home and temporary directories, so anything written there shows.
 */
class OutputProcessesTest {

    @TempDir
    Path dir;

    /** A whole PDF: the header, the end-of-file marker, and a document PDFBox can open. */
    static void assertWholePdf(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("%PDF-"), "the PDF header");
        assertTrue(text.stripTrailing().endsWith("%%EOF"), "the PDF trailer");
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertTrue(pdf.getNumberOfPages() >= 1);
        }
    }

    private static List<String> tree(Path root) throws IOException {
        return OutputFilesTest.tree(root);
    }

    /** A child chainrule whose working, home and temporary directories are new and empty. */
    private ChildJvm isolated() throws IOException {
        Path cwd = Files.createDirectories(dir.resolve("cwd")), home = Files.createDirectories(dir.resolve("home")),
                tmp = Files.createDirectories(dir.resolve("tmp"));
        return ChildJvm.in(cwd).withEnv(Map.of("HOME", home.toString(), "TMPDIR", tmp.toString()))
                .withJvmOptions("-Djava.io.tmpdir=" + tmp, "-Duser.home=" + home);
    }

    /**
     * The home directory holds at most the JDK's own cache of the fontconfig set-up
     * ({@code ~/.java/fonts/VERSION/fcinfo-….properties}), which AWT writes once per user and JDK version, the first time
     * fonts are used; chainrule writes nothing there.
     */
    private static void assertOnlyTheJdksFontCache(Path home) throws IOException {
        for (String f : tree(home))
            assertTrue(f.equals(".java") || f.equals(".java/fonts") || f.matches("\\.java/fonts/[^/]+(/fcinfo[^/]*\\.properties)?"),
                    "the home directory: " + tree(home));
    }

    private static void assertOk(ChildJvm.Run r, String what) {
        assertEquals(Exit.OK, r.exitCode(), what + "\n" + r.err());
    }

    /**
     * key, derive --format pdf (with Symja), pdf, check --format pdf, each in a fresh working directory with the
     * sheet elsewhere and -o into a third directory; then pdf without -o, whose default output is the one file
     * that belongs in the working directory.
     */
    @Test
    void commandsThatWriteLeaveOnlyTheirOutputs() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in")), out = Files.createDirectories(dir.resolve("out"));
        Path sheet = Files.writeString(in.resolve("s.tex"), OutputFilesTest.SHEET);
        Path claim = Files.writeString(in.resolve("c.tex"), OutputFilesTest.CLAIM);
        ChildJvm child = isolated();
        List<String[]> runs = List.of(
                new String[] {"key", sheet.toString(), "--no-cas", "-o", out.resolve("k.pdf").toString(), "--report", out.resolve("r.txt").toString()},
                new String[] {"derive", "\\sigma(w x)", "--wrt", "w", "--format", "pdf", "-o", out.resolve("d.pdf").toString()},
                new String[] {"pdf", "x^2", "-o", out.resolve("f.pdf").toString()},
                new String[] {"check", claim.toString(), "--no-cas", "--format", "pdf", "-o", out.resolve("c.pdf").toString()},
                new String[] {"pdf", "x^2"});
        List<CompletableFuture<ChildJvm.Run>> started = new ArrayList<>();
        for (String[] args : runs) started.add(child.start(args));
        for (int i = 0; i < runs.size(); i++) assertOk(started.get(i).join(), String.join(" ", runs.get(i)));

        assertEquals(List.of("formula.pdf"), tree(child.cwd()), "the working directory");
        assertEquals(List.of("c.pdf", "d.pdf", "f.pdf", "k.pdf", "r.txt"), tree(out), "the output directory");
        assertEquals(List.of("c.tex", "s.tex"), tree(in), "the sheets' directory");
        assertEquals(List.of(), tree(dir.resolve("tmp")), "the temporary directory");
        assertOnlyTheJdksFontCache(dir.resolve("home"));
        for (String pdf : List.of("c.pdf", "d.pdf", "f.pdf", "k.pdf")) assertWholePdf(Files.readAllBytes(out.resolve(pdf)));
        assertWholePdf(Files.readAllBytes(child.cwd().resolve("formula.pdf")));
    }

    /** pdflatex compiles in a directory of its own under the temporary directory, removed afterwards. */
    @Test
    void pdflatexLeavesOnlyTheKey() throws Exception {
        assumeTrue(new Pdflatex().find().isPresent(), "pdflatex is not installed");
        Path in = Files.createDirectories(dir.resolve("in")), out = Files.createDirectories(dir.resolve("out"));
        Path sheet = Files.writeString(in.resolve("s.tex"), OutputFilesTest.SHEET);
        ChildJvm child = isolated();
        ChildJvm.Run key = child.run("key", sheet.toString(), "--engine", "pdflatex", "--no-cas", "-o", out.resolve("k.pdf").toString());
        assertOk(key, "key --engine pdflatex");
        ChildJvm.Run derive = child.run("derive", "x^3", "--wrt", "x", "--no-cas", "--engine", "pdflatex", "--format", "pdf",
                "-o", out.resolve("d.pdf").toString());
        assertOk(derive, "derive --engine pdflatex");
        assertEquals(List.of(), tree(child.cwd()), "the working directory");
        assertEquals(List.of("d.pdf", "k.pdf"), tree(out), "the output directory");
        assertEquals(List.of("s.tex"), tree(in), "the sheet's directory");
        assertEquals(List.of(), tree(dir.resolve("tmp")), "the temporary directory");
        assertOnlyTheJdksFontCache(dir.resolve("home"));
        assertWholePdf(Files.readAllBytes(out.resolve("k.pdf")));
        assertWholePdf(Files.readAllBytes(out.resolve("d.pdf")));
    }

    /**
     * Two processes key two different sheets into the same file at the same time. Each writes a temporary file
     * of its own and renames it over the target, so the file is always one of the two keys, whole; the in-process
     * keys of the same sheets (PDFs are reproducible) say which.
     */
    @Test
    void twoConcurrentKeyRunsToOneOutputLeaveOneWholeKey() throws Exception {
        Path a = Files.writeString(dir.resolve("a.tex"), OutputFilesTest.SHEET);
        Path b = Files.writeString(dir.resolve("b.tex"), OutputFilesTest.OTHER);
        Path out = Files.createDirectories(dir.resolve("out")), target = out.resolve("key.pdf");
        ChildJvm child = isolated();
        CompletableFuture<ChildJvm.Run> first = child.start("key", a.toString(), "--no-cas", "-o", target.toString());
        CompletableFuture<ChildJvm.Run> second = child.start("key", b.toString(), "--no-cas", "-o", target.toString());
        assertOk(first.join(), "key a.tex");
        assertOk(second.join(), "key b.tex");

        Path ref = Files.createDirectories(dir.resolve("ref"));
        assertEquals(Exit.OK, Cli.run("key", a.toString(), "--no-cas", "-o", ref.resolve("a.pdf").toString()).exitCode());
        assertEquals(Exit.OK, Cli.run("key", b.toString(), "--no-cas", "-o", ref.resolve("b.pdf").toString()).exitCode());
        byte[] written = Files.readAllBytes(target), keyA = Files.readAllBytes(ref.resolve("a.pdf")), keyB = Files.readAllBytes(ref.resolve("b.pdf"));
        assertTrue(!Arrays.equals(keyA, keyB), "the two sheets' keys differ");
        assertTrue(Arrays.equals(written, keyA) || Arrays.equals(written, keyB), "the file is one of the two keys");
        assertWholePdf(written);
        assertEquals(List.of("key.pdf"), tree(out), "no temporary file is left");
        assertEquals(List.of(), tree(child.cwd()));
    }

    /**
     * A pdflatex that dies of a signal mid-compile, put first on the PATH: key reports it and keeps the old key
     * (exit 65); derive, whose whole output is that PDF, fails as an internal error; neither replaces its file.
     */
    @Test
    void aCrashingPdflatexLeavesTheExistingOutputAsItWas() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = Files.writeString(bin.resolve("pdflatex"), "#!/bin/sh\necho 'This is a broken pdflatex'\nkill -SEGV $$\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sheet = Files.writeString(dir.resolve("s.tex"), OutputFilesTest.SHEET);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path key = Files.write(out.resolve("k.pdf"), OutputFilesTest.OLD), derived = Files.write(out.resolve("d.pdf"), OutputFilesTest.OLD);
        ChildJvm child = isolated().withEnv(Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", dir.resolve("home").toString(), "TMPDIR", dir.resolve("tmp").toString()));

        ChildJvm.Run k = child.run("key", sheet.toString(), "--engine", "pdflatex", "--no-cas", "-o", key.toString());
        assertEquals(Exit.BAD_INPUT, k.exitCode(), k.err());
        assertTrue(k.err().contains("s.tex: pdflatex: pdflatex failed"), k.err());
        ChildJvm.Run d = child.run("derive", "x^3", "--wrt", "x", "--no-cas", "--engine", "pdflatex", "--format", "pdf", "-o", derived.toString());
        assertEquals(Exit.INTERNAL_ERROR, d.exitCode(), d.err());
        assertTrue(d.err().contains("pdflatex failed"), d.err());

        assertArrayEquals(OutputFilesTest.OLD, Files.readAllBytes(key));
        assertArrayEquals(OutputFilesTest.OLD, Files.readAllBytes(derived));
        assertEquals(List.of("d.pdf", "k.pdf"), tree(out), "no temporary file is left");
        assertEquals(List.of(), tree(dir.resolve("tmp")), "pdflatex's directory is removed after a failure too");
    }
}
