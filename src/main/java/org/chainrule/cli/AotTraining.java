package org.chainrule.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * The training run for the JDK 25+ ahead-of-time cache ({@code ./chainrule} runs it once per build with
 * {@code -Dchainrule.aot.training=true -XX:AOTCacheOutput=…}). Runs the everyday commands in one JVM,
 * output discarded, so the classes they load are in the cache. Failures here don't matter.
 */
final class AotTraining {
    static final String PROPERTY = "chainrule.aot.training";

    private static final List<String[]> RUNS = List.of(
            new String[] {"--version"},
            new String[] {"--help"},
            new String[] {"parse", "--help"},
            new String[] {"parse", "x"},
            new String[] {"parse", "\\frac{\\partial \\mathcal{L}}{\\partial w_i} = (\\hat{y}_i - y_i) x_i"},
            new String[] {"parse", "\\sigma(z) = \\frac{1}{1 + e^{-z}}, \\log(1 + \\exp(-y w^\\top x))"},
            new String[] {"parse", "--tree", "\\sum_{i=1}^{n} (y_i - w x_i)^2"},
            new String[] {"parse", "--json", "\\tanh(a) + \\sqrt{b} x^10"},
            new String[] {"parse", "\\frac{"},
            new String[] {"parse", "--json", "\\frac{"},
            new String[] {"parse", "-"},
            // derive loads the engine, the verifier and Symja (the slowest part of a cold start)
            new String[] {"derive", "\\sigma(w x) + \\tanh(w)^2 + \\log(1 + e^{w})", "--wrt", "w"},
            new String[] {"derive", "\\max(0, 1 - y w x) + w^2", "--wrt", "w", "--format", "json"},
            new String[] {"derive", "l", "--given", "a = w x", "--given", "p = \\sigma(a)", "--given", "l = (y - p)^2", "--wrt", "w", "--format", "tex"},
            new String[] {"--bogus"});

    private AotTraining() {}

    static void run() {
        InputStream stdin = System.in;
        java.nio.file.Path sheet = null;
        try {
            // key: a tiny sheet, keyed as JSON (parse, engine, layout) into a temporary file.
            sheet = java.nio.file.Files.createTempFile("chainrule-aot", ".tex");
            java.nio.file.Files.writeString(sheet, "\\title{T}\n\\problem{P}\n\\let{l = \\max(0, 1 - y w x) + w^2}\n"
                    + "\\find[update]{\\frac{\\partial l}{\\partial w}}\n");
            java.nio.file.Path out = sheet.resolveSibling(sheet.getFileName() + ".json");
            CommandLine k = Main.commandLine();
            k.setOut(new PrintWriter(new StringWriter()));
            k.setErr(new PrintWriter(new StringWriter()));
            k.execute("key", sheet.toString(), "--format", "json", "-o", out.toString());
            java.nio.file.Files.deleteIfExists(out);
        } catch (java.io.IOException | RuntimeException e) {
            // training only
        } finally {
            if (sheet != null) try { java.nio.file.Files.deleteIfExists(sheet); } catch (java.io.IOException e) { /* training only */ }
        }
        try {
            for (String[] args : RUNS) {
                System.setIn(new ByteArrayInputStream("\\max(0, 1 - y w^\\top x)\n".getBytes(StandardCharsets.UTF_8)));
                try {
                    CommandLine cl = Main.commandLine();
                    cl.setOut(new PrintWriter(new StringWriter()));
                    cl.setErr(new PrintWriter(new StringWriter()));
                    cl.execute(args);
                } catch (RuntimeException | StackOverflowError e) {
                    // training only: a failing command still loaded classes worth caching
                }
            }
            // pdf loads jlatexmath, PDFBox and the fonts: write one page to a scratch file
            java.nio.file.Path scratch = null;
            try {
                scratch = java.nio.file.Files.createTempFile("chainrule-aot", ".pdf");
                CommandLine cl = Main.commandLine();
                cl.setOut(new PrintWriter(new StringWriter()));
                cl.setErr(new PrintWriter(new StringWriter()));
                cl.execute("pdf", "\\frac{\\partial \\mathcal{L}}{\\partial w} = \\sigma(w x) (1 - \\sigma(w x)) x",
                        "--title", "Training", "-o", scratch.toString());
            } catch (java.io.IOException | RuntimeException | StackOverflowError e) {
                // training only
            } finally {
                if (scratch != null) scratch.toFile().delete();
            }
        } finally {
            System.setIn(stdin);
        }
    }
}
