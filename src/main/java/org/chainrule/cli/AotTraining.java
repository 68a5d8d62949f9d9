package org.chainrule.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run for the JDK 25+ ahead-of-time cache ({@code ./chainrule} runs it once per build with
 * {@code -Dchainrule.aot.training=true -XX:AOTCacheOutput=…}). Runs every command in one JVM, output
 * discarded, so the classes they load are in the cache: parse, derive (with and without Symja, every
 * format, a point, a batch), pdf (pdf, png, svg), key (every section kind, every format, both levels of
 * detail) and check (text, json, pdf), and the command line's help and usage errors. Each command line is
 * built the way {@link Main#main} builds it.
 * Failures here don't matter.
 */
final class AotTraining {
    static final String PROPERTY = "chainrule.aot.training";

    /** A sheet with one problem of each section kind: a find with an update rule, \at, \descent, \limit, \trace, \check, a matrix find. */
    static final String SHEET = """
            \\title{Training}
            \\problem{Hinge}
            \\let{l = \\max(0, 1 - y w x) + w^2}
            \\find[update]{\\frac{\\partial l}{\\partial w}}
            \\problem{A unit}
            \\let{a = w x + b, p = \\sigma(a), l = (y - p)^2}
            \\find{\\frac{\\partial l}{\\partial w}}
            \\at{w = 0.5, x = 2, b = 0.1, y = 1}
            \\check{\\frac{d l}{d w} = 2(p - y) p (1 - p) x \\\\ = 2(p - y) p x}
            \\problem{Descent}
            \\let{L = \\frac{1}{2}(w x - y)^2}
            \\descent[steps = 3, wrt = w]{L}{w = 0, x = 1, y = 10}{0.5, 2.5}
            \\problem{A limit}
            \\let{a = w x, p = \\sigma(a), l = (y - p)^2}
            \\limit{\\lim_{p \\to 0} \\frac{d l}{d w}}{y = 1}
            \\problem{A trace}
            \\let{y = x + \\frac{1}{w x + b}}
            \\trace{y}{x = 0.3, w = 0.5, b = 0.1}
            \\problem{Shapes}
            \\given{\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}, A \\in \\mathbb{R}^{n \\times n}}
            \\let{f = \\mathbf{x}^T A \\mathbf{x} + \\tanh(\\mathbf{x}^T \\mathbf{x})}
            \\find{\\frac{\\partial f}{\\partial \\mathbf{x}}}
            """;

    private AotTraining() {}

    /**
     * The options that give a derive the cache "derive-files" instead of "derive": JSON, batches and
     * files need classes (Jackson, the PDF renderer) a text derive does not load. The launcher lists the
     * same options; {@code AotTrainingTest} keeps the two in step.
     */
    static final List<String> FILE_OPTIONS = List.of("--jsonl", "--format", "-o", "--output");

    /** The cache a run of {@code args} uses: its subcommand, or "derive-files" (see FILE_OPTIONS). */
    static String cacheName(String[] args) {
        String wanted = Main.wanted(args);
        if (!"derive".equals(wanted)) return wanted;
        for (String a : args) {
            for (String o : FILE_OPTIONS)
                if (a.equals(o) || o.startsWith("--") && a.startsWith(o + "=")) return "derive-files";
        }
        return wanted;
    }

    /**
     * Runs the training for the cache {@code command} (the runs {@link #cacheName} gives that name) or,
     * for "all" or "true", for every command.
     */
    static void run(String command) {
        InputStream stdin = System.in;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("chainrule-aot");
            Path sheet = dir.resolve("training.tex");
            Files.writeString(sheet, SHEET);
            Path jsonl = dir.resolve("problems.jsonl");
            Files.writeString(jsonl, """
                    {"id": 1, "expr": "\\\\sigma(w x)", "wrt": "w", "at": {"w": 0.5, "x": 2}}
                    {"id": 2, "given": ["a = w x", "p = \\\\tanh(a)"], "expr": "(y - p)^2", "wrt": "w"}
                    {"id": 3, "expr": "\\\\frac{", "wrt": "w"}
                    """);
            String out = dir.resolve("out").toString();
            List<String[]> runs = runs(sheet.toString(), jsonl.toString(), out);
            boolean all = command.equals("all") || command.equals("true");
            for (String[] args : runs) {
                if (!all && !command.equals(cacheName(args))) continue;
                System.setIn(new ByteArrayInputStream("\\max(0, 1 - y w^\\top x)\n".getBytes(StandardCharsets.UTF_8)));
                try {
                    Main.commandLine().out(new PrintWriter(new StringWriter())).err(new PrintWriter(new StringWriter()))
                            .execute(args);
                } catch (RuntimeException | StackOverflowError e) {
                    // training only: a failing command still loaded classes worth caching
                }
            }
        } catch (IOException | RuntimeException e) {
            // training only
        } finally {
            System.setIn(stdin);
            if (dir != null) deleteAll(dir);
        }
    }

    /** The command lines of the training, for a sheet, a JSONL file and an output stem in a scratch directory. */
    static List<String[]> runs(String sheet, String jsonl, String out) {
        String formula = "\\frac{\\partial \\mathcal{L}}{\\partial w} = \\sigma(w x) (1 - \\sigma(w x)) x";
        return List.of(
                new String[] {"--version"},
                new String[] {"--help"},
                new String[] {},
                new String[] {"--bogus"},
                new String[] {"dervie", "x"},
                new String[] {"help", "derive"},
                new String[] {"parse", "--help"},
                new String[] {"parse", "--tre", "x"},
                new String[] {"parse", "x"},
                new String[] {"parse", "\\frac{\\partial \\mathcal{L}}{\\partial w_i} = (\\hat{y}_i - y_i) x_i"},
                new String[] {"parse", "\\sigma(z) = \\frac{1}{1 + e^{-z}}, \\log(1 + \\exp(-y w^\\top x))"},
                new String[] {"parse", "--tree", "\\sum_{i=1}^{n} (y_i - w x_i)^2"},
                new String[] {"parse", "--json", "\\tanh(a) + \\sqrt{b} x^10"},
                new String[] {"parse", "\\frac{"},
                new String[] {"parse", "--json", "\\frac{"},
                new String[] {"parse", "-"},
                // derive: the engine, the verifier and Symja (the slowest part of a cold start)
                new String[] {"derive", "\\sigma(w x)", "--wrt", "w"},
                new String[] {"derive", "-x^2", "--wrt=x", "--no-cas"},
                new String[] {"derive", "x", "--wrld", "x"},
                new String[] {"derive", "\\sigma(w x) + \\tanh(w)^2 + \\log(1 + e^{w})", "--wrt", "w", "--no-cas"},
                new String[] {"derive", "\\max(0, 1 - y w x) + w^2", "--wrt", "w", "--format", "json"},
                new String[] {"derive", "l", "--given", "a = w x", "--given", "p = \\sigma(a)", "--given", "l = (y - p)^2", "--wrt", "w", "--format", "tex"},
                new String[] {"derive", "\\sigma(w x)", "--wrt", "w", "--at", "w = 0.5, x = 2", "--digits", "4"},
                new String[] {"derive", "\\frac{1}{2}(\\mathbf{w}^T \\mathbf{x} - y)^2", "--given",
                        "\\mathbf{w} \\in \\mathbb{R}^{n \\times 1}, \\mathbf{x} \\in \\mathbb{R}^{n \\times 1}", "--wrt", "\\mathbf{w}"},
                new String[] {"derive", "\\sigma(w x)", "--wrt", "w", "--format", "pdf", "--detail", "brief", "-o", out + "-derive.pdf"},
                new String[] {"derive", "--jsonl", jsonl},
                new String[] {"derive", "\\frac{", "--wrt", "w"},
                // pdf: jlatexmath, PDFBox and the fonts, and the picture formats
                new String[] {"pdf", formula, "--title", "Training", "-o", out + ".pdf"},
                new String[] {"pdf", "--format", "png", formula, "-o", out + ".png"},
                new String[] {"pdf", "--format", "svg", "a = b \\le c", "-o", out + ".svg"},
                // key: every section kind, every format, both levels of detail
                new String[] {"key", sheet, "-o", out + "-key.pdf"},
                new String[] {"key", sheet, "--detail", "full", "--format", "tex", "-o", out + "-key.tex"},
                new String[] {"key", sheet, "--format", "json", "-o", out + "-key.json"},
                new String[] {"key", sheet, "--handout", "--report", out + "-report.txt", "-o", out + "-handout.pdf"},
                // check: text, JSON, a graded copy
                new String[] {"check", sheet},
                new String[] {"check", sheet, "--format", "json"},
                new String[] {"check", sheet, "--format", "pdf", "-o", out + "-checked.pdf"});
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // training only
        }
    }
}
