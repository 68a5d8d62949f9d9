package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every command that writes a file does with {@code -o} and the other output options, through the
 * command line: a missing directory, a parent that is a file or a place nobody can write is a usage error
 * (exit 2) that names the file and why, before any work where it can be known then; a failed run leaves an
 * existing output byte for byte as it was and no temporary file beside it; {@code -o} through a symbolic
 * link replaces the file the link points to and keeps the link. Runs in other processes (the working
 * directory, two runs at once, a crashing pdflatex) are in {@link OutputProcessesTest}.
 */
class OutputFilesTest {

    static final String SHEET = "\\problem{P}\n\\find{\\frac{d}{dx} x^3}\n";
    static final String OTHER = "\\problem{Q}\n\\find{\\frac{d}{dx} \\tanh(x)}\n";
    /** A sheet error: nothing can be keyed, so nothing is written for it. */
    static final String BROKEN = "\\problem{P}\n\\let{x = 1\n";
    static final String CLAIM = "\\problem{P}\n\\check{\\frac{d}{dx} x^2 = 2 x}\n";
    static final byte[] OLD = "the previous output, which a failed run must leave alone\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path sheet, other, claim;

    @BeforeEach
    void sheets() throws IOException {
        sheet = Files.writeString(dir.resolve("s.tex"), SHEET);
        other = Files.writeString(dir.resolve("a.tex"), OTHER);
        claim = Files.writeString(dir.resolve("c.tex"), CLAIM);
    }

    /** Every file and directory under {@code root}, relative, sorted: temporary files would show here. */
    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> plus(List<String> list, String... more) {
        List<String> out = new ArrayList<>(list);
        out.addAll(List.of(more));
        return out.stream().sorted().toList();
    }

    /** A usage error (exit 2, never 1) whose first line is "chainrule CMD: cannot write FILE: WHY". */
    private static void assertCannotWrite(Cli r, String file, String why, String... args) {
        String line = String.join(" ", args);
        assertEquals(Exit.USAGE, r.exitCode(), line + "\n" + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertEquals("chainrule " + args[0] + ": cannot write " + file + ": " + why, first, line);
        assertFalse(r.err().contains("internal error"), r.err());
        assertTrue(r.err().contains("Try 'chainrule " + args[0] + " --help'"), r.err());
    }

    @Test
    void aMissingDirectoryIsAUsageErrorForEveryOutputOfEveryCommand() throws IOException {
        List<String> before = tree(dir);
        String nodir = dir.resolve("nodir").toString();
        record Case(String file, String missing, String... args) {}
        List<Case> cases = List.of(
                new Case(nodir + "/x.pdf", nodir, "pdf", "x^2", "-o", nodir + "/x.pdf"),
                new Case(nodir + "/x.svg", nodir, "pdf", "--format", "svg", "x^2", "-o", nodir + "/x.svg"),
                new Case(nodir + "/d.txt", nodir, "derive", "x^3", "--wrt", "x", "--no-cas", "-o", nodir + "/d.txt"),
                new Case(nodir + "/d.pdf", nodir, "derive", "x^3", "--wrt", "x", "--no-cas", "--format", "pdf", "-o", nodir + "/d.pdf"),
                new Case(nodir + "/k.pdf", nodir, "key", sheet.toString(), "--no-cas", "-o", nodir + "/k.pdf"),
                // a compiler does not make directories for its output, and neither does key for a file
                new Case(nodir + "/sub/k.tex", nodir + "/sub", "key", sheet.toString(), "--no-cas", "--format", "tex", "-o", nodir + "/sub/k.tex"),
                new Case(nodir + "/r.txt", nodir, "key", sheet.toString(), "--no-cas", "--report", nodir + "/r.txt",
                        "-o", dir.resolve("k.pdf").toString()),
                // -o DIR is made, but not its parents
                new Case(nodir + "/keys", nodir, "key", sheet.toString(), other.toString(), "--no-cas", "-o", nodir + "/keys"),
                new Case(nodir + "/keys", nodir, "key", sheet.toString(), "--no-cas", "-o", nodir + "/keys/"),
                new Case(nodir + "/c.txt", nodir, "check", claim.toString(), "--no-cas", "-o", nodir + "/c.txt"),
                new Case(nodir + "/c.json", nodir, "check", claim.toString(), "--no-cas", "--format", "json", "-o", nodir + "/c.json"),
                new Case(nodir + "/c.pdf", nodir, "check", claim.toString(), "--no-cas", "--format", "pdf", "-o", nodir + "/c.pdf"),
                new Case(nodir + "/graded", nodir, "check", claim.toString(), sheet.toString(), "--no-cas", "--format", "pdf", "-o", nodir + "/graded"),
                new Case(nodir + "/s.csv", nodir, "check", claim.toString(), "--no-cas", "--summary", nodir + "/s.csv"),
                new Case(nodir + "/g.json", nodir, "check", claim.toString(), "--no-cas", "--gradescope", nodir + "/g.json"),
                new Case(nodir + "/gs", nodir, "check", claim.toString(), sheet.toString(), "--no-cas", "--gradescope", nodir + "/gs"));
        for (Case c : cases) {
            Cli r = Cli.run(c.args());
            assertCannotWrite(r, c.file(), "the directory " + c.missing() + " does not exist", c.args());
            assertEquals(before, tree(dir), "nothing written or made: " + String.join(" ", c.args()));
        }
    }

    @Test
    void keyAndCheckMakeTheDirectoryAnOptionNamesButNotItsParents() throws IOException {
        Cli keys = Cli.run("key", sheet.toString(), other.toString(), "--no-cas", "--format", "tex", "-o", dir.resolve("keys").toString());
        assertEquals(Exit.OK, keys.exitCode(), keys.err());
        Cli slash = Cli.run("key", sheet.toString(), "--no-cas", "--format", "tex", "-o", dir.resolve("one") + "/");
        assertEquals(Exit.OK, slash.exitCode(), slash.err());
        Cli graded = Cli.run("check", claim.toString(), other.toString(), "--no-cas", "--format", "pdf", "-o", dir.resolve("graded").toString());
        assertEquals(Exit.OK, graded.exitCode(), graded.err());
        Cli gs = Cli.run("check", claim.toString(), other.toString(), "--no-cas", "--gradescope", dir.resolve("gs").toString());
        assertEquals(Exit.OK, gs.exitCode(), gs.err());
        assertEquals(List.of("a.tex", "c.tex", "graded", "graded/a-checked.pdf", "graded/c-checked.pdf", "gs", "gs/a.json", "gs/c.json",
                "keys", "keys/a-key.tex", "keys/s-key.tex", "one", "one/s-key.tex", "s.tex"), tree(dir));
    }

    @Test
    void aParentThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("notes"), "a file, not a directory\n");
        List<String> before = tree(dir);
        String[][] lines = {
                {"pdf", "x^2", "-o", file + "/x.pdf"},
                {"key", sheet.toString(), "--no-cas", "-o", file + "/k.pdf"},
                {"check", claim.toString(), "--no-cas", "--summary", file + "/s.csv"}};
        for (String[] args : lines) {
            assertCannotWrite(Cli.run(args), args[args.length - 1], file + " is a file, not a directory", args);
            assertEquals(before, tree(dir));
        }
        // found however deep below the file the output would go
        String[] deep = {"derive", "x^3", "--wrt", "x", "--no-cas", "-o", file + "/sub/d.txt"};
        assertCannotWrite(Cli.run(deep), file + "/sub/d.txt", file + " is a file, not a directory", deep);
        String[] asDir = {"key", sheet.toString(), other.toString(), "--no-cas", "-o", file.toString()};
        assertCannotWrite(Cli.run(asDir), file.toString(), "it is a file, not a directory", asDir);
        String[] aDir = {"pdf", "x^2", "-o", dir.toString()};
        assertCannotWrite(Cli.run(aDir), dir.toString(), "it is a directory", aDir);
        assertEquals(before, tree(dir));
        assertEquals("a file, not a directory\n", Files.readString(file));
    }

    /**
     * Tests run as root, whom permissions do not stop, so the place nobody can write is /proc: the kernel
     * refuses to create files there (ENOENT) whoever asks. The key is made first and refused at the end,
     * so this is the check at writing time, not the one before the work.
     */
    @Test
    void aPlaceNobodyCanWriteIsAUsageError() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc) && !creatable(proc), "needs a /proc where no file can be created");
        String[] pdf = {"pdf", "x^2", "-o", "/proc/chainrule-x.pdf"};
        assertCannotWrite(Cli.run(pdf), "/proc/chainrule-x.pdf", "cannot create a file in /proc: no such file or directory", pdf);
        String[] key = {"key", sheet.toString(), "--no-cas", "-o", "/proc/chainrule-k.pdf"};
        assertCannotWrite(Cli.run(key), "/proc/chainrule-k.pdf", "cannot create a file in /proc: no such file or directory", key);
        String[] derive = {"derive", "x^3", "--wrt", "x", "--no-cas", "-o", "/proc/chainrule-d.txt"};
        assertCannotWrite(Cli.run(derive), "/proc/chainrule-d.txt", "cannot create a file in /proc: no such file or directory", derive);
    }

    private static boolean creatable(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("chainrule-probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aFailedRunLeavesAnExistingOutputAsItWas() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.tex"), BROKEN);
        Path pdf = Files.write(dir.resolve("f.pdf"), OLD), text = Files.write(dir.resolve("d.txt"), OLD),
                key = Files.write(dir.resolve("k.pdf"), OLD);
        List<String> before = tree(dir);
        record Case(Path output, int exit, String... args) {}
        for (Case c : List.of(
                new Case(pdf, Exit.BAD_INPUT, "pdf", "\\frac{", "-o", pdf.toString()),
                new Case(pdf, Exit.BAD_INPUT, "pdf", "= x", "-o", pdf.toString()),
                new Case(text, Exit.BAD_INPUT, "derive", "\\frac{", "--wrt", "x", "--no-cas", "-o", text.toString()),
                new Case(text, Exit.BAD_INPUT, "derive", "\\log(w)", "--wrt", "w", "--at", "w = 0", "--no-cas", "-o", text.toString()),
                new Case(key, Exit.BAD_INPUT, "key", broken.toString(), "--no-cas", "-o", key.toString()),
                new Case(key, Exit.USAGE, "key", dir.resolve("missing.tex").toString(), "--no-cas", "-o", key.toString()))) {
            Cli r = Cli.run(c.args());
            assertEquals(c.exit(), r.exitCode(), String.join(" ", c.args()) + "\n" + r.err());
            assertArrayEquals(OLD, Files.readAllBytes(c.output()), String.join(" ", c.args()));
            assertEquals(before, tree(dir), "no temporary file left: " + String.join(" ", c.args()));
        }
    }

    @Test
    void aSheetThatCannotBeKeyedKeepsItsKeyWhileTheOthersAreReplaced() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.tex"), BROKEN);
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Path good = Files.write(keys.resolve("s-key.pdf"), OLD), kept = Files.write(keys.resolve("broken-key.pdf"), OLD);
        Cli r = Cli.run("key", sheet.toString(), broken.toString(), "--no-cas", "-o", keys.toString());
        assertEquals(Exit.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("broken.tex:2:5: unbalanced brace"), r.err());
        assertTrue(new String(Files.readAllBytes(good), StandardCharsets.ISO_8859_1).startsWith("%PDF-"), "the good sheet's key is new");
        assertArrayEquals(OLD, Files.readAllBytes(kept));
        assertEquals(List.of("broken-key.pdf", "s-key.pdf"), tree(keys));
    }

    @Test
    void aRunThatStopsReplacesNoKeyAtAll() throws IOException {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Path good = Files.write(keys.resolve("s-key.pdf"), OLD);
        // the second sheet is missing: a usage error, found after the first was keyed in parallel
        Cli r = Cli.run("key", sheet.toString(), dir.resolve("missing.tex").toString(), "--no-cas", "-o", keys.toString());
        assertEquals(Exit.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("chainrule key: no such sheet: "), r.err());
        assertArrayEquals(OLD, Files.readAllBytes(good));
        assertEquals(List.of("s-key.pdf"), tree(keys));
    }

    @Test
    void minusOThroughASymlinkReplacesTheFileItPointsToAndKeepsTheLink() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.write(real.resolve("key.pdf"), OLD);
        Path link = Files.createSymbolicLink(dir.resolve("link.pdf"), Path.of("real", "key.pdf")); // relative, as ln -s makes it
        Cli r = Cli.run("key", sheet.toString(), "--no-cas", "-o", link.toString());
        assertEquals(Exit.OK, r.exitCode(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("real", "key.pdf"), Files.readSymbolicLink(link));
        OutputProcessesTest.assertWholePdf(Files.readAllBytes(real.resolve("key.pdf")));
        // a link to a file that does not exist yet makes that file, as a shell's > does
        Path dangling = Files.createSymbolicLink(dir.resolve("formula.pdf"), real.resolve("formula.pdf"));
        assertEquals(Exit.OK, Cli.run("pdf", "x^2", "-o", dangling.toString()).exitCode());
        assertTrue(Files.isSymbolicLink(dangling));
        OutputProcessesTest.assertWholePdf(Files.readAllBytes(real.resolve("formula.pdf")));
        assertEquals(plus(List.of("a.tex", "c.tex", "s.tex"), "formula.pdf", "link.pdf", "real", "real/formula.pdf", "real/key.pdf"), tree(dir));
        // a link into a directory that does not exist is refused like the directory itself
        Path nowhere = Files.createSymbolicLink(dir.resolve("nowhere.pdf"), dir.resolve("nodir/x.pdf"));
        String[] args = {"pdf", "x^2", "-o", nowhere.toString()};
        assertCannotWrite(Cli.run(args), nowhere.toString(), "the directory " + dir.resolve("nodir") + " does not exist", args);
    }
}
