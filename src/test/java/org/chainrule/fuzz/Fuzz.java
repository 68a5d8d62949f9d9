package org.chainrule.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chainrule.cli.Cli;

/**
 * Runs fuzz inputs through the command line in-process, as a user's shell would (arguments, files,
 * standard input), and sorts every run into an {@link Outcome}. The rule: each input ends in a result
 * or a located bad-input error (or a usage error for arguments that look like options); never an
 * internal error, an escaped exception, a stack trace, a hang or an out-of-memory.
 *
 * <p>{@code main} is the long run ({@code bench/fuzz}); {@link FuzzTest} runs a short one in the suite.
 */
public final class Fuzz {

    /** How one run ended. The last five are failures. */
    enum Outcome { RESULT, LOCATED_ERROR, UNLOCATED_ERROR, USAGE_ERROR, INTERNAL_ERROR, CRASH, STACK_TRACE, HANG, OUT_OF_MEMORY;
        boolean failure() { return ordinal() >= INTERNAL_ERROR.ordinal(); }
    }

    /** The input classes, each a way a user hands chainrule something. */
    enum Kind { FORMULA_PARSE, FORMULA_DERIVE, FORMULA_PDF, FORMULA_BYTES, JSONL, SHEET }

    /** One run: what was given, how it ended, and the first lines of what chainrule printed to stderr. */
    record Run(Kind kind, String input, Outcome outcome, String err) {}

    /** The tally of a fuzz session. */
    static final class Report {
        final Map<Kind, Map<Outcome, Integer>> counts = new EnumMap<>(Kind.class);
        final List<Run> failures = new ArrayList<>();
        final List<Run> unlocated = new ArrayList<>();
        long nanos;

        void add(Run run) {
            counts.computeIfAbsent(run.kind(), k -> new EnumMap<>(Outcome.class)).merge(run.outcome(), 1, Integer::sum);
            if (run.outcome().failure()) failures.add(run);
            if (run.outcome() == Outcome.UNLOCATED_ERROR && unlocated.size() < 50) unlocated.add(run);
        }

        int count(Kind k, Outcome o) {
            return counts.getOrDefault(k, Map.of()).getOrDefault(o, 0);
        }

        int total() {
            return counts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        }

        /** A plain-text table: one row per input class, one column per outcome. */
        String table() {
            StringBuilder b = new StringBuilder(String.format("%-15s %8s", "inputs", "tried"));
            for (Outcome o : Outcome.values()) b.append(String.format(" %9s", abbreviation(o)));
            b.append('\n');
            for (Kind k : Kind.values()) {
                int tried = counts.getOrDefault(k, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
                if (tried == 0) continue;
                b.append(String.format("%-15s %8d", k.name().toLowerCase().replace('_', '-'), tried));
                for (Outcome o : Outcome.values()) b.append(String.format(" %9d", count(k, o)));
                b.append('\n');
            }
            return b.toString();
        }

        private static String abbreviation(Outcome o) {
            return switch (o) {
                case RESULT -> "result";
                case LOCATED_ERROR -> "located";
                case UNLOCATED_ERROR -> "unlocated";
                case USAGE_ERROR -> "usage";
                case INTERNAL_ERROR -> "internal";
                case CRASH -> "crash";
                case STACK_TRACE -> "trace";
                case HANG -> "hang";
                case OUT_OF_MEMORY -> "oom";
            };
        }
    }

    /** file:line:column (or line:column) as compilers print it, or a caret under the place. */
    private static final Pattern LOCATED = Pattern.compile("(?m)(:\\d+:\\d+:|^\\s*\\^)");
    private static final Pattern JSON_LOCATED = Pattern.compile("\"ok\":false.*\"line\":\\d+,\"column\":\\d+");
    private static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|Exception in thread");

    private final Path work;
    private final long timeoutMillis;
    private final Report report = new Report();
    private final List<String> samples;

    Fuzz(Path work, long timeoutMillis) throws IOException {
        this.work = work;
        this.timeoutMillis = timeoutMillis;
        List<String> s = new ArrayList<>();
        Path dir = Path.of("samples");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".tex")).sorted().toList()) s.add(Files.readString(p));
            }
        }
        this.samples = List.copyOf(s);
    }

    Report report() {
        return report;
    }

    /**
     * {@code n} inputs of every kind but sheets, {@code sheets} sheets, with the extremes once each.
     * {@code stopOnFailure}: return at the first failure (the test wants it; the long run counts all).
     */
    Report session(long seed, int n, int sheets, boolean stopOnFailure) {
        Random r = new Random(seed);
        long start = System.nanoTime();
        List<String> extremes = Inputs.extremes();
        for (String x : extremes) {
            run(Kind.FORMULA_PARSE, x, new String[] {"parse", "--", x}, null);
            if (stop(stopOnFailure)) return done(start);
            run(Kind.FORMULA_DERIVE, x, new String[] {"derive", "--no-cas", "--wrt", "x", "--", x}, null);
            if (stop(stopOnFailure)) return done(start);
        }
        for (int k = 0; k < n; k++) {
            String f = r.nextInt(3) == 0 ? Inputs.mutate(Inputs.formula(r), r) : Inputs.formula(r);
            switch (k % 8) {
                case 0, 1, 2 -> run(Kind.FORMULA_PARSE, f, new String[] {"parse", "--", f}, null);
                case 3, 4 -> run(Kind.FORMULA_DERIVE, f, new String[] {"derive", "--no-cas", "--wrt", wrt(f, r), "--", f}, null);
                case 5 -> {
                    if (k % 32 == 5) run(Kind.FORMULA_PDF, f, new String[] {"pdf", "-o", out("f.pdf"), "--", f}, null);
                    else run(Kind.FORMULA_PARSE, f, new String[] {"parse", "--tree", "--", f}, null);
                }
                case 6 -> {
                    byte[] bytes = Inputs.invalidUtf8(r, f);
                    Path file = write("formula.tex", bytes);
                    run(Kind.FORMULA_BYTES, f, new String[] {"parse", "-f", file.toString()}, null);
                    if (stop(stopOnFailure)) return done(start);
                    run(Kind.FORMULA_BYTES, f, new String[] {"derive", "--no-cas", "--wrt", "x", "-"}, bytes);
                }
                default -> {
                    StringBuilder lines = new StringBuilder();
                    int count = 1 + r.nextInt(4);
                    for (int i = 0; i < count; i++) lines.append(Inputs.jsonl(r)).append('\n');
                    Path file = write("problems.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
                    run(Kind.JSONL, lines.toString(), new String[] {"derive", "--no-cas", "--jsonl", file.toString()}, null);
                }
            }
            if (stop(stopOnFailure)) return done(start);
        }
        for (int k = 0; k < sheets && !samples.isEmpty(); k++) {
            String sheet = Inputs.mutate(Inputs.pick(r, samples), r);
            if (r.nextInt(4) == 0) sheet = Inputs.mutate(sheet, r);
            Path file = write("sheet.tex", sheet.getBytes(StandardCharsets.UTF_8));
            String format = k % 10 == 0 ? "pdf" : k % 2 == 0 ? "tex" : "json";
            run(Kind.SHEET, sheet, new String[] {"key", file.toString(), "--format", format, "-o", out("key." + format)}, null);
            if (stop(stopOnFailure)) return done(start);
        }
        return done(start);
    }

    private boolean stop(boolean stopOnFailure) {
        return stopOnFailure && !report.failures.isEmpty();
    }

    private Report done(long start) {
        report.nanos += System.nanoTime() - start;
        return report;
    }

    /** A symbol of the formula to differentiate by, mostly; sometimes one it does not contain. */
    private static String wrt(String f, Random r) {
        for (String s : new String[] {"w", "x", "z", "t", "b", "y"}) if (f.contains(s) && r.nextInt(4) != 0) return s;
        return Inputs.pick(r, "x", "w", "q");
    }

    private String out(String name) {
        return work.resolve(name).toString();
    }

    private Path write(String name, byte[] bytes) {
        try {
            return Files.write(work.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command line on a worker thread with the launcher's stack size and a deadline. */
    Run run(Kind kind, String input, String[] args, byte[] stdin) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread worker = new Thread(null, () -> {
            try {
                result.set(cli(args, stdin));
            } catch (OutOfMemoryError e) {
                result.set(e);
            } catch (Throwable t) {
                result.set(t);
            }
        }, "fuzz", 8L << 20);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Run run;
        Object r = result.get();
        if (worker.isAlive()) {
            worker.interrupt();
            run = new Run(kind, input, Outcome.HANG, "no result after " + timeoutMillis + " ms");
        } else if (r instanceof OutOfMemoryError e) {
            run = new Run(kind, input, Outcome.OUT_OF_MEMORY, String.valueOf(e));
        } else if (r instanceof Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            run = new Run(kind, input, Outcome.CRASH, head(sw.toString()));
        } else {
            Exit e = (Exit) r;
            run = new Run(kind, input, classify(kind, e), head(e.err().isEmpty() ? e.out() : e.err()));
        }
        report.add(run);
        return run;
    }

    static Outcome classify(Kind kind, Exit e) {
        if (TRACE.matcher(e.err()).find() || TRACE.matcher(e.out()).find()) return Outcome.STACK_TRACE;
        // a batch reports each problem on its own output line: a refused one with its line and column
        if (kind == Kind.JSONL && e.code() == 65 && e.err().isBlank())
            return e.out().lines().allMatch(l -> l.contains("\"ok\":true") || JSON_LOCATED.matcher(l).find())
                    ? Outcome.LOCATED_ERROR : Outcome.UNLOCATED_ERROR;
        return switch (e.code()) {
            case 0 -> Outcome.RESULT;
            case 2 -> Outcome.USAGE_ERROR;
            case 65 -> LOCATED.matcher(e.err()).find() ? Outcome.LOCATED_ERROR : Outcome.UNLOCATED_ERROR;
            case 1 -> Outcome.INTERNAL_ERROR;
            default -> e.code() == 3 || e.code() == 4 ? Outcome.RESULT : Outcome.INTERNAL_ERROR; // 4: an honest "not verified"
        };
    }

    private static String head(String s) {
        String[] lines = s.split("\n", 9);
        return String.join("\n", List.of(lines).subList(0, Math.min(lines.length, 8)));
    }

    /** Exit code, standard output and standard error of one in-process run. */
    record Exit(int code, String out, String err) {}

    /** The command line in-process, as {@code main} runs it but without exiting (one at a time: stdin is the JVM's). */
    private static Exit cli(String[] args, byte[] stdin) {
        synchronized (Fuzz.class) {
            Cli r = Cli.runWithBytes(stdin, args);
            return new Exit(r.exitCode(), r.out(), r.err());
        }
    }

    /**
     * The long run: {@code bench/fuzz [INPUTS [SEED [SHEETS]]]}. Prints the table of outcomes per input
     * class and every failure (input and message); exits 1 when there is one.
     */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261206L;
        int sheets = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(100, n / 50);
        Path work = Files.createTempDirectory("chainrule-fuzz");
        try {
            Fuzz fuzz = new Fuzz(work, 30_000);
            Report r = fuzz.session(seed, n, sheets, false);
            System.out.printf("chainrule fuzz: %,d inputs (seed %d) in %.0f s%n", r.total(), seed, r.nanos / 1e9);
            System.out.print(r.table());
            Map<Outcome, Integer> failures = new LinkedHashMap<>();
            for (Run f : r.failures) failures.merge(f.outcome(), 1, Integer::sum);
            System.out.println(r.failures.isEmpty() ? "no failures" : "failures: " + failures);
            for (Run f : r.failures.subList(0, Math.min(20, r.failures.size())))
                System.out.println("--- " + f.kind() + " " + f.outcome() + "\n" + abbreviate(f.input()) + "\n" + f.err());
            System.exit(r.failures.isEmpty() ? 0 : 1);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(p);
            }
        }
    }

    static String abbreviate(String s) {
        String t = s.replace("\u0000", "\\0");
        return t.length() <= 300 ? t : t.substring(0, 200) + " … (" + t.length() + " characters) … " + t.substring(t.length() - 60);
    }
}
