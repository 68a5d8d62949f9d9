package org.chainrule.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.chainrule.check.Diagnosis;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Io;
import org.chainrule.cli.args.Option;
import org.chainrule.cli.args.Positional;
import org.chainrule.cli.args.UsageException;
import org.chainrule.check.Verdict;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.ClaimLayout;
import org.chainrule.render.Pdflatex;
import org.chainrule.sheet.AnswerKey;
import org.chainrule.sheet.Grading;

/** {@code chainrule check}: grades the claimed derivations (\check) of sheets, line by line. */
public final class CheckCommand {

    static final Command COMMAND = Command.named("check",
                    "Grade the claims (\\check) of one or more sheets: every line of every claim is judged correct, "
                            + "wrong (with a counterexample or the expected value, and a diagnosis where one applies) "
                            + "or unverifiable (with why). Text output has one line per claim line, like a compiler.",
                    "Batch mode: give a directory holding one sheet per student (<student>.tex); every *.tex in it "
                            + "is graded, in parallel, and --summary and --gradescope write the results per student.")
            .positional(Positional.oneOrMore("<sheet|dir>",
                    "Sheets with \\check claims (.tex), '-' for standard input, or directories of them (one sheet per student)."))
            .options(Option.value("--output", "<file|dir>",
                            "Where to write ('-' for standard output). text and json: standard output by default. "
                                    + "pdf: <sheet>-checked.pdf next to each sheet by default; with several sheets, a directory "
                                    + "(made if it does not exist, but not its parents). A file's directory must exist.")
                            .shortName("-o"),
                    Option.value("--format", "<format>", "text (default), json or pdf (a graded copy)."),
                    Option.value("--engine", "<engine>", "PDF engine: embedded (default) or pdflatex.").defaultValue("embedded"),
                    Option.value("--summary", "<file.csv|file.json>",
                            "Also write a table with one row per student and claim line (CSV or JSON, by the extension)."),
                    Option.value("--gradescope", "<file|dir>",
                            "Also write Gradescope autograder results (one test per claim line, 1 point when correct): "
                                    + "a file for one sheet; for several, a directory with <student>.json each (made if it does "
                                    + "not exist, but not its parents)."),
                    Option.flag("--no-cas", "Do not ask Symja for an independent check."))
            .footer("", "Exit codes:",
                    "  0   every claim line is correct",
                    "  3   some claim line is wrong",
                    "  4   none is wrong, but some could not be verified",
                    "  65  bad input: a sheet or problem has an error (located, with a caret)",
                    "  2   usage error;  1 internal error",
                    "", "Examples:",
                    "  chainrule check answers.tex",
                    "  chainrule check answers.tex --format json -o -",
                    "  chainrule check answers.tex --format pdf    (a graded copy: answers-checked.pdf)",
                    "  chainrule check submissions/ --summary grades.csv --gradescope results/",
                    "", "The \\check directive is described in docs/sheets.md.")
            .runs((args, io) -> new CheckCommand(args, io).call());

    private final List<String> inputs;
    private final String output;
    private final String format;
    private final String engine;
    private final String summary;
    private final String gradescope;
    private final boolean noCas;
    private final Io io;

    CheckCommand(Args args, Io io) {
        this.inputs = args.positionals();
        this.output = args.string("--output");
        this.format = args.string("--format");
        this.engine = args.string("--engine");
        this.summary = args.string("--summary");
        this.gradescope = args.string("--gradescope");
        this.noCas = args.flag("--no-cas");
        this.io = io;
    }

    /** Jackson is set up on first use: declaring the command (for the top-level help) must not load it. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** One sheet to grade: the student's id (the file name without extension), its name in messages, its path. */
    record Sheet(String student, String name, Path path) {}

    /** What grading one sheet produced: its lines, and its located errors for standard error and JSON. */
    record Outcome(Sheet sheet, SheetSource source, List<Grading.Graded> graded, List<Failure> failures, List<String> warnings) {
        boolean bad() {
            return !failures.isEmpty();
        }

        List<ClaimLayout.Line> lines() {
            return graded.stream().map(AnswerKey::claimLine).toList();
        }
    }

    /** A located error: a sheet error stops the sheet; a problem error leaves that problem ungraded. */
    record Failure(int problem, int line, int column, String message, String excerpt) {
        String format(String name) {
            return name + ":" + line + ":" + column + ": " + (problem > 0 ? "problem " + problem + ": " : "") + message
                    + (excerpt.isEmpty() ? "" : "\n" + excerpt);
        }
    }

    int call() throws Exception {
        String fmt = Rendering.format(format, output == null || output.equals("-") ? null : output, "text");
        if (!List.of("text", "json", "pdf").contains(fmt))
            throw new UsageException("--format must be text, json or pdf, not '" + fmt + "'");
        Rendering.Engine eng = Rendering.engine(engine);
        if (summary != null && !summary.endsWith(".csv") && !summary.endsWith(".json"))
            throw new UsageException("--summary must name a .csv or .json file, not '" + summary + "'");
        List<Sheet> sheets = sheets();
        if (fmt.equals("pdf")) {
            if (sheets.size() > 1 && "-".equals(output))
                throw new UsageException("with several sheets, -o must be a directory, not '-'");
            if (output == null && sheets.stream().anyMatch(s -> s.path() == null))
                throw new UsageException("a graded copy of standard input needs -o <file.pdf>");
        }
        if (gradescope != null && sheets.size() > 1 && gradescope.endsWith(".json"))
            throw new UsageException("with several sheets, --gradescope must be a directory (one <student>.json each), not '" + gradescope + "'");
        checkOutputs(fmt, sheets.size());
        byte[] stdin = sheets.stream().anyMatch(s -> s.path() == null) ? System.in.readAllBytes() : null;

        List<Outcome> outcomes = gradeAll(sheets, stdin);
        PrintWriter err = io.err();
        for (Outcome o : outcomes) {
            for (String w : o.warnings()) err.println(w);
            for (Failure f : o.failures()) err.println(f.format(o.sheet().name()));
        }
        err.flush();

        switch (fmt) {
            case "json" -> emit((Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(outcomes)) + "\n").getBytes(StandardCharsets.UTF_8));
            case "pdf" -> {
                for (Outcome o : outcomes) {
                    if (o.source() == null) continue; // nothing to hand back from a sheet that did not parse
                    byte[] pdf;
                    try {
                        pdf = Rendering.pdf(AnswerKey.gradedCopy(o.source(), o.graded()), eng);
                    } catch (Pdflatex.PdflatexException e) {
                        throw new IllegalStateException("pdflatex: " + e.getMessage(), e);
                    }
                    Path dir = output == null || output.equals("-") ? null : directory(output, sheets.size());
                    if (dir != null) AtomicOutput.createDirectory(dir);
                    write(pdfTarget(o.sheet(), sheets.size()), pdf);
                }
            }
            default -> emit(text(outcomes).getBytes(StandardCharsets.UTF_8));
        }
        if (summary != null) AtomicOutput.writeString(summary, summary.endsWith(".csv") ? csv(outcomes) : summaryJson(outcomes));
        if (gradescope != null) writeGradescope(outcomes);
        return exitCode(outcomes);
    }

    /** 65 when some sheet has an error; else 3 when a line is wrong; else 4 when one is unverifiable; else 0. */
    static int exitCode(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(Outcome::bad)) return Exit.BAD_INPUT;
        List<Verdict> all = outcomes.stream().flatMap(o -> o.graded().stream()).map(Grading.Graded::verdict).toList();
        if (all.contains(Verdict.WRONG)) return Exit.WRONG;
        if (all.contains(Verdict.UNVERIFIABLE)) return Exit.UNVERIFIABLE;
        return Exit.OK;
    }

    // ------------------------------------------------------------------ input

    /** The sheets named: files as given, '-' as standard input, directories as their *.tex files in name order. */
    private List<Sheet> sheets() throws IOException {
        List<Sheet> out = new ArrayList<>();
        boolean stdinSeen = false;
        for (String in : inputs) {
            if (in.equals("-")) {
                if (stdinSeen) throw new UsageException("standard input ('-') can be read only once");
                stdinSeen = true;
                out.add(new Sheet("stdin", "<stdin>", null));
                continue;
            }
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                List<Path> tex;
                try (Stream<Path> files = Files.list(p)) {
                    tex = files.filter(f -> f.getFileName().toString().endsWith(".tex") && Files.isRegularFile(f)).sorted().toList();
                }
                if (tex.isEmpty()) throw new UsageException("no .tex sheets in the directory " + in);
                for (Path f : tex) out.add(new Sheet(student(f), f.toString(), f));
            } else if (Files.isRegularFile(p)) {
                out.add(new Sheet(student(p), in, p));
            } else {
                throw new UsageException("no such sheet: " + in);
            }
        }
        return out;
    }

    private static String student(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Grades every sheet, in parallel on all cores; outcomes in the order of the sheets. */
    private List<Outcome> gradeAll(List<Sheet> sheets, byte[] stdin) throws Exception {
        int threads = Math.max(1, Math.min(sheets.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Sheet s : sheets) futures.add(pool.submit(() -> gradeOne(s, stdin)));
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) throw ex;
                    throw e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome gradeOne(Sheet sheet, byte[] stdin) throws IOException {
        String text;
        try {
            text = Utf8.decode(sheet.path() == null ? stdin : Files.readAllBytes(sheet.path()));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such sheet: " + sheet.name());
        } catch (ParseException e) {
            return new Outcome(sheet, null, List.of(), List.of(new Failure(0, e.line(), e.column(), e.reason(), e.sourceLine())), List.of());
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        SheetSource src;
        try {
            src = SheetParser.parse(text);
        } catch (ParseException e) {
            return new Outcome(sheet, null, List.of(), List.of(new Failure(0, e.line(), e.column(), e.reason(), e.excerpt())), List.of());
        }
        List<String> warnings = new ArrayList<>();
        for (var w : src.warnings()) warnings.add(sheet.name() + ":" + w.line() + ":" + w.column() + ": warning: " + w.message());
        List<Failure> failures = new ArrayList<>();
        for (SheetSource.Problem p : src.problems())
            for (ParseException e : p.errors()) failures.add(new Failure(p.number(), e.line(), e.column(), e.reason(), e.excerpt()));
        List<Grading.Graded> graded = Grading.grade(src, () -> Derivations.engine(!noCas));
        if (graded.isEmpty() && failures.isEmpty())
            warnings.add(sheet.name() + ": warning: no \\check claims to grade");
        return new Outcome(sheet, src, graded, failures, warnings);
    }

    // ------------------------------------------------------------------ output

    private void emit(byte[] bytes) throws IOException {
        if (output == null || output.equals("-")) {
            PrintWriter out = io.out();
            out.print(new String(bytes, StandardCharsets.UTF_8));
            out.flush();
        } else {
            AtomicOutput.writeBytes(output, bytes);
        }
    }

    /**
     * Refuses, before any grading, outputs that cannot be written: a file in a directory that does not exist.
     * Only a directory that -o (graded copies of several sheets) or --gradescope (several sheets) names is
     * made, and only when its parent exists. Graded copies next to their sheets need no check.
     */
    private void checkOutputs(String fmt, int count) throws IOException {
        if (output != null && !output.equals("-")) {
            Path dir = fmt.equals("pdf") ? directory(output, count) : null;
            if (dir != null) AtomicOutput.checkDirectory(dir);
            else AtomicOutput.check(Path.of(output));
        }
        if (summary != null) AtomicOutput.check(Path.of(summary));
        if (gradescope != null) {
            Path dir = directory(gradescope, count);
            if (dir != null) AtomicOutput.checkDirectory(dir);
            else AtomicOutput.check(Path.of(gradescope));
        }
    }

    /** The directory an output option names: for several sheets, a name ending in '/', or an existing directory; else null. */
    private static Path directory(String option, int count) {
        Path o = Path.of(option);
        return count > 1 || Files.isDirectory(o) || option.endsWith("/") ? o : null;
    }

    private Path pdfTarget(Sheet sheet, int count) {
        String base = (sheet.path() == null ? "stdin" : sheet.student()) + "-checked.pdf";
        if (output == null) return sheet.path().toAbsolutePath().resolveSibling(base);
        if (output.equals("-")) return null;
        Path dir = directory(output, count);
        return dir != null ? dir.resolve(base) : Path.of(output);
    }

    private void write(Path target, byte[] bytes) throws IOException {
        if (target == null) {
            System.out.write(bytes);
            System.out.flush();
            return;
        }
        AtomicOutput.writeBytes(target.toString(), bytes);
    }

    /** One line per claim line, then the counts (per sheet when there are several, and in all). */
    static String text(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        for (Outcome o : outcomes)
            for (ClaimLayout.Line l : o.lines()) b.append(ClaimLayout.text(o.sheet().name(), l)).append('\n');
        if (outcomes.size() > 1)
            for (Outcome o : outcomes) b.append(o.sheet().name()).append(": ").append(counts(List.of(o))).append('\n');
        b.append(outcomes.size() > 1 ? "in all: " : "").append(counts(outcomes)).append('\n');
        return b.toString();
    }

    private static String counts(List<Outcome> outcomes) {
        long[] c = tally(outcomes);
        String s = ClaimLayout.summary(c[0], c[1], c[2]);
        long bad = outcomes.stream().mapToLong(o -> o.failures().size()).sum();
        return bad == 0 ? s : s + "; " + bad + (bad == 1 ? " error" : " errors") + " in the sheet";
    }

    /** correct, wrong, unverifiable. */
    private static long[] tally(List<Outcome> outcomes) {
        long[] c = new long[3];
        for (Outcome o : outcomes)
            for (Grading.Graded g : o.graded()) c[g.verdict().ordinal()]++;
        return c;
    }

    static ObjectNode json(List<Outcome> outcomes) {
        ObjectNode root = Jackson.MAPPER.createObjectNode();
        ArrayNode claims = root.putArray("claims");
        for (Outcome o : outcomes) {
            for (Grading.Graded g : o.graded()) {
                ObjectNode n = claims.addObject();
                n.put("sheet", o.sheet().name());
                n.put("student", o.sheet().student());
                n.put("problem", g.problem());
                n.setAll(ClaimLayout.json(AnswerKey.claimLine(g)));
            }
        }
        long[] c = tally(outcomes);
        root.putObject("summary").put("correct", c[0]).put("wrong", c[1]).put("unverifiable", c[2]);
        ArrayNode failures = root.putArray("failures");
        for (Outcome o : outcomes)
            for (Failure f : o.failures()) {
                ObjectNode n = failures.addObject().put("sheet", o.sheet().name()).put("student", o.sheet().student());
                if (f.problem() > 0) n.put("problem", f.problem());
                n.put("line", f.line()).put("column", f.column()).put("message", f.message());
            }
        return root;
    }

    // ------------------------------------------------------------------ summary table

    static final List<String> COLUMNS = List.of("student", "problem", "line", "column", "claim", "verdict", "first_wrong",
            "diagnosis", "expected", "note");

    /** One row per student and claim line; a sheet error is a row with the verdict "error" and its message. */
    static List<List<String>> rows(List<Outcome> outcomes) {
        List<List<String>> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            for (Grading.Graded g : o.graded()) {
                ClaimLayout.Line l = AnswerKey.claimLine(g);
                String expected = g.judgement().expected()
                        .map(e -> e.exact().orElse(String.valueOf(e.value()))).orElse("");
                rows.add(List.of(o.sheet().student(), String.valueOf(g.problem()), String.valueOf(l.line()), String.valueOf(l.column()),
                        ClaimLayout.claimLatex(l.lhs(), l.rhs()), l.verdict().word(), String.valueOf(l.firstWrong()),
                        String.join(";", g.judgement().diagnoses().stream().map(Diagnosis::kind).toList()), expected,
                        ClaimLayout.evidenceText(l)));
            }
            for (Failure f : o.failures())
                rows.add(List.of(o.sheet().student(), f.problem() > 0 ? String.valueOf(f.problem()) : "", String.valueOf(f.line()),
                        String.valueOf(f.column()), "", "error", "false", "", "", f.message()));
        }
        return rows;
    }

    static String csv(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (List<String> row : rows(outcomes)) {
            List<String> cells = new ArrayList<>();
            for (String c : row) cells.add(csvCell(c));
            b.append(String.join(",", cells)).append("\r\n");
        }
        return b.toString();
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
    static String csvCell(String c) {
        if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) return "\"" + c.replace("\"", "\"\"") + "\"";
        return c;
    }

    static String summaryJson(List<Outcome> outcomes) throws IOException {
        ArrayNode a = Jackson.MAPPER.createArrayNode();
        for (List<String> row : rows(outcomes)) {
            ObjectNode n = a.addObject();
            for (int k = 0; k < COLUMNS.size(); k++) {
                String col = COLUMNS.get(k), v = row.get(k);
                switch (col) {
                    case "problem", "line", "column" -> { if (v.isEmpty()) n.putNull(col); else n.put(col, Integer.parseInt(v)); }
                    case "first_wrong" -> n.put(col, Boolean.parseBoolean(v));
                    case "diagnosis" -> {
                        ArrayNode kinds = n.putArray(col);
                        if (!v.isEmpty()) for (String kind : v.split(";")) kinds.add(kind);
                    }
                    case "expected" -> { if (v.isEmpty()) n.putNull(col); else n.put(col, v); }
                    default -> n.put(col, v);
                }
            }
        }
        return Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(a) + "\n";
    }

    // ------------------------------------------------------------------ Gradescope

    /**
     * Gradescope's autograder results: one test per claim line ("Problem 1, line 12: …", 1 point when
     * correct, the evidence as output), the total score and the counts as the submission's output.
     */
    static ObjectNode gradescope(Outcome o) {
        ObjectNode root = Jackson.MAPPER.createObjectNode();
        ArrayNode tests = Jackson.MAPPER.createArrayNode();
        int score = 0, k = 0, lastProblem = -1;
        for (Grading.Graded g : o.graded()) {
            ClaimLayout.Line l = AnswerKey.claimLine(g);
            k = g.problem() == lastProblem ? k + 1 : 1;
            lastProblem = g.problem();
            boolean ok = g.verdict() == Verdict.CORRECT;
            if (ok) score++;
            String evidence = ClaimLayout.evidenceText(l);
            tests.addObject()
                    .put("name", "Problem " + g.problem() + ", line " + l.line() + ": " + ClaimLayout.claimText(l.lhs(), l.rhs()))
                    .put("number", g.problem() + "." + k)
                    .put("score", ok ? 1 : 0)
                    .put("max_score", 1)
                    .put("status", ok ? "passed" : "failed")
                    .put("output", l.verdict().word() + (evidence.isEmpty() ? "" : ": " + evidence))
                    .put("visibility", "visible");
        }
        root.put("score", score);
        List<String> lines = new ArrayList<>();
        long[] c = tally(List.of(o));
        lines.add(ClaimLayout.summary(c[0], c[1], c[2]));
        for (Failure f : o.failures()) lines.add(f.format(o.sheet().name()));
        root.put("output", String.join("\n", lines));
        root.put("visibility", "visible");
        root.set("tests", tests);
        return root;
    }

    private void writeGradescope(List<Outcome> outcomes) throws IOException {
        Path dir = directory(gradescope, outcomes.size());
        if (dir == null) {
            AtomicOutput.writeString(gradescope, Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(gradescope(outcomes.get(0))) + "\n");
            return;
        }
        AtomicOutput.createDirectory(dir);
        for (Outcome o : outcomes)
            AtomicOutput.writeString(dir.resolve(o.sheet().student() + ".json"),
                    Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(gradescope(o)) + "\n");
    }
}
