package org.chainrule.render;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The optional engine: a standalone document to PDF bytes with the system's pdflatex, hardened.
 *
 * <p>Each compile runs in a fresh temporary directory (deleted afterwards) that is also HOME, with
 * TEXMFOUTPUT, TEXINPUTS and the per-user tree variables removed from the child's environment, no
 * shell escape, no font generation, paranoid file access (no absolute paths, no parent directories, no
 * dot files), stdin closed, and a wall-clock timeout that kills pdflatex and everything it started.
 * Flags alone do not make TeX safe (it reads files and loops forever under every flag set), so
 * {@link #compile} first requires {@link SafeLatex} to accept the document.
 */
public final class Pdflatex {

    /** Thrown when pdflatex is missing, fails, or runs out of time; the message says which and why. */
    public static final class PdflatexException extends RuntimeException {
        private final String log;

        public PdflatexException(String message, String log) {
            super(message);
            this.log = log;
        }

        /** The transcript (pdflatex's output, or its .log file), empty if pdflatex never ran. */
        public String log() {
            return log;
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static final String NOT_FOUND =
            "pdflatex not found: install TeX Live (texlive-latex-base) or use the default embedded engine";

    /** Environment variables that could point TeX at other files or another output directory. */
    private static final List<String> UNSET = List.of(
            "TEXMFOUTPUT", "TEXINPUTS", "TEXMFHOME", "TEXMFVAR", "TEXMFCONFIG", "TEXMFLOCAL", "TEXFONTS",
            "TFMFONTS", "BIBINPUTS", "BSTINPUTS", "openin_any", "openout_any", "shell_escape");

    private static final Pattern FILE_LINE_ERROR = Pattern.compile("^([^\\s:]+):(\\d+): (.*)$", Pattern.MULTILINE);
    private static final Pattern BANG_ERROR = Pattern.compile("^! (.*)$", Pattern.MULTILINE);
    private static final Pattern RERUN = Pattern.compile("Rerun to get|Label\\(s\\) may have changed");

    private final String executable;
    private final String searchPath;
    private final Duration timeout;
    private final Path tempRoot; // where the per-compile directories go; null: the system's temporary directory

    /** pdflatex from this process's PATH, with the default timeout. */
    public Pdflatex() {
        this("pdflatex", System.getenv().getOrDefault("PATH", ""), DEFAULT_TIMEOUT);
    }

    /**
     * @param executable a program name looked up in {@code searchPath}, or a path to the program
     * @param searchPath directories separated by {@link File#pathSeparator}, used for the lookup and as
     *                   the child's PATH (empty: only an explicit path can be found)
     * @param timeout    wall-clock limit for the whole compile, both runs together
     */
    public Pdflatex(String executable, String searchPath, Duration timeout) {
        this(executable, searchPath, timeout, null);
    }

    private Pdflatex(String executable, String searchPath, Duration timeout, Path tempRoot) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
        this.executable = executable;
        this.searchPath = searchPath;
        this.timeout = timeout;
        this.tempRoot = tempRoot;
    }

    /** The same engine with another timeout. */
    public Pdflatex withTimeout(Duration timeout) {
        return new Pdflatex(executable, searchPath, timeout, tempRoot);
    }

    /** The same engine making its per-compile directories under {@code root} (tests check they are removed). */
    public Pdflatex withTempRoot(Path root) {
        return new Pdflatex(executable, searchPath, timeout, root);
    }

    /** The program that would run, if it can be found. */
    public Optional<Path> find() {
        if (executable.contains(File.separator)) {
            Path p = Path.of(executable);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        for (String dir : searchPath.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, executable);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toAbsolutePath());
        }
        return Optional.empty();
    }

    /** Checks {@code tex} with {@link SafeLatex}, then compiles it; returns the PDF's bytes. */
    public byte[] compile(String tex) {
        return typeset(tex).pdf();
    }

    /** A compiled document and the transcript of its last pdflatex run (where Overfull boxes are reported). */
    public record Typeset(byte[] pdf, String log) {}

    /** Like {@link #compile}, keeping pdflatex's log. */
    public Typeset typeset(String tex) {
        SafeLatex.check(tex);
        return typesetUnchecked(tex);
    }

    /** Compiles without the {@link SafeLatex} check: only for tests of the runner's own defences. */
    byte[] compileUnchecked(String tex) {
        return typesetUnchecked(tex).pdf();
    }

    private Typeset typesetUnchecked(String tex) {
        Path program = find().orElseThrow(() -> new PdflatexException(NOT_FOUND, ""));
        Path dir = null;
        try {
            dir = tempRoot == null ? Files.createTempDirectory("chainrule-tex-") : Files.createTempDirectory(tempRoot, "chainrule-tex-");
            Files.writeString(dir.resolve("doc.tex"), tex, StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + timeout.toNanos();
            String log = run(program, dir, deadline);
            if (RERUN.matcher(log).find()) log = run(program, dir, deadline);
            Path pdf = dir.resolve("doc.pdf");
            if (!Files.isRegularFile(pdf))
                throw new PdflatexException("pdflatex wrote no PDF (is the document empty?)", log);
            return new Typeset(Files.readAllBytes(pdf), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    /** One pdflatex run; returns the .log (or the console output when there is no .log). */
    private String run(Path program, Path dir, long deadline) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(program.toString(),
                "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                "-no-mktex=tfm", "-no-mktex=pk", "-cnf-line=openin_any=p", "-cnf-line=openout_any=p",
                "doc.tex");
        pb.directory(dir.toFile());
        Map<String, String> env = pb.environment();
        UNSET.forEach(env::remove);
        env.put("HOME", dir.toString());
        env.put("PATH", searchPath);
        env.put("LC_ALL", "C");
        File console = dir.resolve("console.txt").toFile();
        pb.redirectErrorStream(true);
        pb.redirectOutput(console);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished;
        try {
            finished = p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new PdflatexException("interrupted while pdflatex was running", "");
        }
        if (!finished) {
            killTree(p);
            throw new PdflatexException("pdflatex timed out after " + seconds(timeout)
                    + " and was killed (a document that loops forever, or far too large)", read(console.toPath()));
        }
        Path logFile = dir.resolve("doc.log");
        String log = Files.isRegularFile(logFile) ? read(logFile) : read(console.toPath());
        if (p.exitValue() != 0) throw new PdflatexException(failure(log, p.exitValue()), log);
        return log;
    }

    /** "pdflatex failed: ./doc.tex:12: Undefined control sequence. (! …)" from a log. */
    static String failure(String log, int exit) {
        StringBuilder s = new StringBuilder("pdflatex failed (exit " + exit + ")");
        Matcher fl = FILE_LINE_ERROR.matcher(log);
        if (fl.find()) s.append(": ").append(fl.group(1)).append(':').append(fl.group(2)).append(": ").append(fl.group(3));
        Matcher bang = BANG_ERROR.matcher(log);
        if (bang.find()) s.append(" [! ").append(bang.group(1)).append(']');
        return s.toString();
    }

    private static void killTree(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static String read(Path p) throws IOException {
        // TeX logs are bytes in the document's encoding, cut at 79 columns; ISO-8859-1 never fails
        return Files.readString(p, StandardCharsets.ISO_8859_1);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file is not worth failing a compile for
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
