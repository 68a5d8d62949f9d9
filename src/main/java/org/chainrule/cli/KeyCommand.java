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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.chainrule.cli.args.Args;
import org.chainrule.cli.args.Command;
import org.chainrule.cli.args.Io;
import org.chainrule.cli.args.Option;
import org.chainrule.cli.args.Positional;
import org.chainrule.cli.args.UsageException;
import org.chainrule.derive.Engine;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.ClaimLayout;
import org.chainrule.render.DerivationJson;
import org.chainrule.render.DerivationText;
import org.chainrule.render.KeyStyle;
import org.chainrule.render.Pdflatex;
import org.chainrule.sheet.AnswerKey;
import org.chainrule.sheet.Grading;

/** {@code chainrule key}: problem sheets → verified answer keys (PDF, LaTeX or JSON). */
public final class KeyCommand {

    static final Command COMMAND = Command.named("key",
                    "Make the answer key of one or more problem sheets: every \\find derived step by step and "
                            + "verified, boxed answers, and a closing summary table.",
                    "A problem with an error is reported (file:line:column) and left out; the rest of the key is "
                            + "still written, and the exit code is 65. Several sheets are keyed in parallel.")
            .positional(Positional.oneOrMore("<sheet>", "Problem sheets (.tex)."))
            .options(Option.value("--output", "<file|dir>",
                            "Where to write the key ('-' for standard output). Default: <sheet>-key.<format> next to each sheet. "
                                    + "With several sheets, a directory (made if it does not exist, but not its parents); a file's "
                                    + "directory must exist. A symbolic link stays and the file it points to is replaced.").shortName("-o"),
                    Option.value("--format", "<format>", "pdf (default), tex (a standalone document) or json."),
                    Option.value("--engine", "<engine>",
                            "PDF engine: embedded (default, needs no TeX) or pdflatex (hardened; needs TeX Live).")
                            .defaultValue("embedded"),
                    Option.flag("--fragment", "With --format tex: only the body, to \\input into a course document."),
                    Option.flag("--no-cas", "Do not ask Symja for an independent check."),
                    Option.value("--detail", "<level>",
                            "brief (default): a handwritten solution's density — the chain, each local derivative in a line "
                                    + "or two, each answer boxed once, one verification line per problem; full: every sub-derivation, the "
                                    + "answer with definitions substituted, and a summary table. Overrides the sheet's \\detail{...}."),
                    Option.flag("--handout", "A copy for students: no verification marks or notes in the document; "
                            + "the verification report goes to standard error (or --report)."),
                    Option.value("--report", "<file>",
                            "Also write the verification report (one line per answer and section) to this file."),
                    Option.flag("--watch", "Keep running and rebuild each key whenever its sheet is saved (as latexmk -pvc "
                            + "does): one line per rebuild on standard error, errors as in a normal run; a rebuild with errors keeps the "
                            + "last good key. Ctrl-C ends it."))
            .footer("", "Examples:",
                    "  chainrule key samples/seed-000-smooth-l1.tex -o key.pdf",
                    "  chainrule key hw1.tex --format tex -o hw1-key.tex",
                    "  chainrule key hw1.tex hw2.tex -o keys/          (one key per sheet in keys/)",
                    "  chainrule key hw1.tex --format json -o -        (every result, for autograders)",
                    "  chainrule key hw1.tex --watch                   (rebuild on every save)",
                    "", "The sheet format is described in docs/sheets.md.")
            .runs((args, io) -> new KeyCommand(args, io).call());

    private final List<Path> sheets;
    private final String output;
    private final String format;
    private final String engine;
    private final boolean fragment;
    private final boolean noCas;
    private final String detail;
    private final boolean handout;
    private final Path report;
    private final boolean watch;
    private final Io io;

    KeyCommand(Args args, Io io) {
        List<Path> paths = new ArrayList<>();
        for (String s : args.positionals()) paths.add(Path.of(s));
        this.sheets = List.copyOf(paths);
        this.output = args.string("--output");
        this.format = args.string("--format");
        this.engine = args.string("--engine");
        this.fragment = args.flag("--fragment");
        this.noCas = args.flag("--no-cas");
        this.detail = args.string("--detail");
        this.handout = args.flag("--handout");
        this.report = args.string("--report") == null ? null : Path.of(args.string("--report"));
        this.watch = args.flag("--watch");
        this.io = io;
    }

    /** Ends a --watch loop and follows its rebuilds; tests set it, otherwise Ctrl-C ends the loop. */
    Watch.Control watchControl;

    /** Jackson is set up on first use: declaring the command (for the top-level help) must not load it. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * What keying one sheet produced: the bytes to write (none when the sheet could not be keyed at all), messages
     * for standard error, how many of them are errors (warnings are not), and the verification report.
     */
    record Outcome(Path sheet, Path target, byte[] bytes, List<String> messages, int errors, List<String> report) {
        boolean failed() { return errors > 0; }
    }

    int call() throws Exception {
        String fmt = Rendering.format(format, output, "pdf");
        if (!List.of("pdf", "tex", "json").contains(fmt))
            throw new UsageException("--format must be pdf, tex or json, not '" + fmt + "'");
        Rendering.Engine eng = Rendering.engine(engine);
        if (detail != null && KeyStyle.detail(detail).isEmpty())
            throw new UsageException("--detail must be brief or full, not '" + detail + "'");
        if (sheets.size() > 1 && "-".equals(output))
            throw new UsageException("with several sheets, -o must be a directory, not '-'");
        List<Path> targets = new ArrayList<>();
        for (Path s : sheets) targets.add(target(s, fmt));
        checkOutputs(targets);
        if (watch) return watch(targets, fmt, eng);

        PrintWriter err = io.err();
        Progress progress = new Progress(err, System.console() != null);
        int threads = Math.max(1, Math.min(sheets.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (int k = 0; k < sheets.size(); k++) {
                Path sheet = sheets.get(k), target = targets.get(k);
                futures.add(pool.submit(() -> keyOne(sheet, target, fmt, eng, progress, () -> Derivations.engine(!noCas))));
            }
            boolean bad = false;
            List<String> lines = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                Outcome o;
                try {
                    o = f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) throw ex;
                    throw e;
                }
                progress.done();
                for (String m : o.messages()) err.println(m);
                if (o.failed()) bad = true;
                outcomes.add(o);
                lines.addAll(o.report());
            }
            // written only once every sheet is keyed: a run that stops (a missing sheet, a crash) replaces no key
            for (Outcome o : outcomes) if (o.bytes() != null) write(o.target(), o.bytes());
            // a handout carries no verification: the report goes beside it
            if (handout && report == null) for (String line : lines) err.println(line);
            if (report != null) AtomicOutput.writeBytes(report.toString(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
            return bad ? Exit.BAD_INPUT : Exit.OK;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * --watch: the same keys, rebuilt sequentially on every save with one engine (and its Symja) kept warm.
     * Standard output cannot be rewritten, and standard input cannot be watched.
     */
    private int watch(List<Path> targets, String fmt, Rendering.Engine eng) throws IOException {
        if ("-".equals(output)) throw new UsageException("--watch rewrites a file: -o cannot be '-' (standard output)");
        for (Path s : sheets) {
            if (s.toString().equals("-")) throw new UsageException("--watch needs sheet files, not standard input");
            if (!Files.isRegularFile(s)) throw new UsageException("no such sheet: " + s);
        }
        if (outputDirectory() != null) AtomicOutput.createDirectory(outputDirectory()); // Watch writes into it
        PrintWriter err = io.err();
        Progress quiet = new Progress(err, false); // a progress bar would garble the one-line-per-rebuild log
        Engine[] engine = new Engine[1]; // made on first use, then reused
        Supplier<Engine> engines = () -> {
            if (engine[0] == null) engine[0] = Derivations.engine(!noCas);
            return engine[0];
        };
        Watch.Builder builder = new Watch.Builder() {
            @Override
            public Outcome build(Path sheet, Path target) throws IOException {
                return keyOne(sheet, target, fmt, eng, quiet, engines);
            }

            @Override
            public void reported(List<String> latest, List<String> all) throws IOException {
                if (handout && report == null) for (String line : latest) err.println(line);
                if (report != null) AtomicOutput.writeBytes(report.toString(), (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        };
        boolean signals = watchControl == null; // a test stops the loop itself
        Watch.Control control = signals ? new Watch.Control() : watchControl;
        return new Watch(sheets, targets, err, builder, control).run(signals);
    }

    private Outcome keyOne(Path sheet, Path target, String fmt, Rendering.Engine eng, Progress progress,
                           Supplier<Engine> engines) throws IOException {
        String name = sheet.toString();
        String text;
        try {
            text = Utf8.decode(Files.readAllBytes(sheet));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such sheet: " + name);
        } catch (ParseException e) {
            return new Outcome(sheet, target, null, List.of(e.format(name)), 1, List.of());
        }
        SheetSource src;
        try {
            src = SheetParser.parse(text);
        } catch (ParseException e) {
            return new Outcome(sheet, target, null, List.of(e.format(name)), 1, List.of());
        }
        progress.add(src.problems().size());
        KeyStyle style = AnswerKey.style(src, detail == null ? null : KeyStyle.detail(detail).orElseThrow(), handout);
        AnswerKey key = AnswerKey.of(src, engines, style);
        List<String> errors = new ArrayList<>();
        for (var w : src.warnings()) errors.add(name + ":" + w.line() + ":" + w.column() + ": warning: " + w.message());
        for (AnswerKey.Failure f : key.failures())
            errors.add(name + ":" + f.line() + ":" + f.column() + ": problem " + f.problem() + ": " + f.message()
                    + (f.excerpt().isEmpty() ? "" : "\n" + f.excerpt()));
        byte[] bytes = switch (fmt) {
            case "tex" -> Rendering.tex(key.doc(), !fragment);
            case "json" -> (Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(sheet, key)) + "\n").getBytes(StandardCharsets.UTF_8);
            default -> {
                try {
                    yield Rendering.pdf(key.doc(), eng);
                } catch (Pdflatex.PdflatexException e) {
                    errors.add(name + ": pdflatex: " + e.getMessage());
                    yield null;
                }
            }
        };
        progress.step(src.problems().size());
        // Warnings alone do not make a run fail.
        return new Outcome(sheet, target, bytes, errors, key.failures().size() + (bytes == null ? 1 : 0), report(name, key));
    }

    /** The verification report: one line per answer and per numeric section, as file: problem: verdict. */
    static List<String> report(String name, AnswerKey key) {
        List<String> out = new ArrayList<>();
        for (AnswerKey.Result r : key.results()) {
            String part = "problem " + AnswerKey.label(key.results(), r);
            String what = r.derivation().map(d -> LatexPrinter.print(DerivationText.lhs(d))).orElse(LatexPrinter.print(r.source().target()));
            String verdict = r.derivation().isEmpty() ? "not derived: " + r.error().orElse("")
                    : r.verified() ? "verified (" + r.derivation().get().checkedPoints() + " points)"
                    : "NOT verified";
            out.add(name + ": " + part + ": " + what + ": " + verdict);
        }
        for (AnswerKey.SectionResult s : key.sections()) {
            Object v = s.data().get("verified");
            out.add(name + ": problem " + s.problem() + ": \\" + s.directive() + ": "
                    + (Boolean.FALSE.equals(v) ? "NOT verified" : Boolean.TRUE.equals(v) ? "verified" : "computed"));
        }
        return out;
    }

    /** Where one sheet's key goes. */
    private Path target(Path sheet, String fmt) {
        String base = sheet.getFileName().toString().replaceFirst("\\.tex$", "") + "-key." + fmt;
        if (output == null) return sheet.toAbsolutePath().resolveSibling(base);
        if (output.equals("-")) return null;
        Path dir = outputDirectory();
        return dir != null ? dir.resolve(base) : Path.of(output);
    }

    /** The directory -o names (several sheets, a name ending in '/', or an existing directory), or null. */
    private Path outputDirectory() {
        if (output == null || output.equals("-")) return null;
        Path o = Path.of(output);
        return sheets.size() > 1 || Files.isDirectory(o) || output.endsWith("/") ? o : null;
    }

    /**
     * Refuses, before any work, outputs that cannot be written: -o and --report in a directory that does not
     * exist (only the directory -o DIR names is made, and only when its parent exists). Keys next to their
     * sheets need no check: a sheet that exists has a directory.
     */
    private void checkOutputs(List<Path> targets) throws IOException {
        Path dir = outputDirectory();
        if (dir != null) AtomicOutput.checkDirectory(dir);
        else if (output != null && !output.equals("-")) AtomicOutput.check(targets.get(0));
        if (report != null) AtomicOutput.check(report);
    }

    private void write(Path target, byte[] bytes) throws IOException {
        if (target == null) {
            System.out.write(bytes);
            System.out.flush();
            return;
        }
        if (outputDirectory() != null) AtomicOutput.createDirectory(outputDirectory());
        AtomicOutput.writeBytes(target.toString(), bytes);
    }

    static ObjectNode json(Path sheet, AnswerKey key) {
        ObjectNode o = DerivationJson.document();
        o.put("sheet", sheet.toString());
        o.put("title", key.doc().title());
        o.put("verified", key.allVerified());
        ArrayNode results = o.putArray("results");
        for (AnswerKey.Result r : key.results()) {
            ObjectNode n = results.addObject();
            n.put("problem", r.problem());
            n.put("title", r.problemTitle());
            n.put("find", r.find());
            n.put("question", LatexPrinter.print(r.source().target()));
            n.put("wrt", LatexPrinter.print(r.source().wrt()));
            if (r.derivation().isPresent()) {
                n.put("ok", true);
                r.update().ifPresent(u -> n.put("update", LatexPrinter.print(u)));
                n.set("derivation", DerivationJson.render(r.derivation().get()));
            } else {
                n.put("ok", false);
                n.put("error", r.error().orElse(""));
            }
        }
        ArrayNode sections = o.putArray("sections");
        for (AnswerKey.SectionResult sr : key.sections()) {
            ObjectNode n = sections.addObject();
            n.put("problem", sr.problem());
            n.put("directive", sr.directive());
            n.set("data", Jackson.MAPPER.valueToTree(sr.data()));
        }
        ArrayNode claims = o.putArray("claims");
        for (Grading.Graded g : key.graded()) {
            ObjectNode n = claims.addObject();
            n.put("problem", g.problem());
            n.setAll(ClaimLayout.json(AnswerKey.claimLine(g)));
        }
        ArrayNode failures = o.putArray("failures");
        for (AnswerKey.Failure f : key.failures())
            failures.addObject().put("problem", f.problem()).put("line", f.line()).put("column", f.column()).put("message", f.message());
        return o;
    }

    /** A progress bar on standard error, only when it is a terminal and there is enough work to wait for. */
    static final class Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private final AtomicInteger total = new AtomicInteger(), done = new AtomicInteger();

        /** {@code enabled}: normally whether there is a console (standard input and output are terminals). */
        Progress(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        void add(int n) { total.addAndGet(n); }

        synchronized void step(int n) {
            int d = done.addAndGet(n), t = total.get();
            if (!enabled || t < 4) return;
            int width = 30, filled = t == 0 ? width : Math.min(width, d * width / t);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + d + "/" + t + " problems");
            err.flush();
        }

        synchronized void done() {
            if (enabled && total.get() >= 4) {
                err.print("\r" + " ".repeat(60) + "\r");
                err.flush();
            }
        }
    }
}
