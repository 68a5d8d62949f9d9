package org.chainrule.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chainrule.cli.Main;

/**
 * The JSONL batch ({@code chainrule derive --jsonl}) in one warmed-up JVM: the same command line the
 * launcher runs, called in process so that start-up and JIT warm-up are left out.
 *
 * <p>Usage:
 * <ul>
 *   <li>{@code Throughput --write FILE [N]}: write N (default 200) mixed problems, one JSON object a line;</li>
 *   <li>{@code Throughput FILE [--quick]}: run the batch with and without {@code --no-cas} after warm-up
 *       and print problems per second.</li>
 * </ul>
 */
public final class Throughput {
    private static final ObjectMapper M = new ObjectMapper();

    /**
     * The mix: the everyday losses and layers of a course (the golden derivations' inputs), smooth ones
     * that Symja double-checks and non-smooth ones it leaves alone, flat and through named
     * intermediates. {@code %d} varies a constant so that no two lines in a cycle are identical.
     */
    private static final String[][] MIX = {
        // expr, wrt, givens...
        {"\\sigma(%d w x)", "w"},
        {"\\max(0, 1 - y w x) + %d w^2", "w"},
        {"\\tanh(w^2 + %d)", "w"},
        {"\\log(1 + e^{%d w})", "w"},
        {"\\frac{1}{2}(w x - %d y)^2", "w"},
        {"|w - %d|", "w"},
        {"\\operatorname{ReLU}(w x + %d b)", "b"},
        {"\\sum_{i=1}^{n} %d w_i x_i", "w_j"},
        {"\\sqrt{w^2 + %d}", "w"},
        {"\\log_2(w^2 + %d) + \\sqrt{w}", "w"},
        {"\\frac{1}{1 + e^{-%d x}}", "x"},
        {"\\frac{1}{\\beta} \\ln(1 + e^{\\beta x}) + %d x", "x", "\\beta > 0"},
        {"l", "w", "a = %d w x", "p = \\sigma(a)", "l = (y - p)^2"},
        {"l", "w", "a = w x", "l = \\max(0, %d - y a) + w^2"},
        {"l", "z", "l = -y \\log(\\hat{y}) - (1 - y) \\log(1 - \\hat{y})", "\\hat{y} = \\sigma(%d z)"},
        {"L", "W_{11}", "L = h(a_1)", "a_1 = \\operatorname{ReLU}(z_1)", "z_1 = W_{11} x_1 + %d b_1"},
        {"J", "a_j", "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{c} e^{a_k}}", "J = -%d \\sum_{k=1}^{c} y_k \\log s_k"},
        {"f_i", "x_i", "f_i = \\frac{e^{%d x_i}}{\\sum_{j=1}^{n} e^{x_j}}"},
        {"J", "w", "J = \\sum_{i=1}^{n} \\frac{1}{2}(y_i - \\hat{y}_i)^2", "\\hat{y}_i = g(%d w, x_i)"},
        {"\\frac{e^x - e^{-%d x}}{e^x + e^{-x}}", "x"},
    };

    private Throughput() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--write")) {
            int n = args.length >= 3 ? Integer.parseInt(args[2]) : 200;
            Files.write(Path.of(args[1]), problems(n), StandardCharsets.UTF_8);
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: Throughput --write FILE [N] | Throughput FILE [--quick]");
            System.exit(2);
        }
        String file = args[0];
        boolean quick = List.of(args).contains("--quick");
        int n = (int) Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank()).count();
        int warm = quick ? 2 : 4, reps = quick ? 2 : 5;
        System.out.printf("in-process batch (%d problems, %d warm-up passes, median of %d passes)%n", n, warm, reps);
        System.out.printf("%-22s %10s %12s %10s%n", "mode", "pass ms", "problems/s", "ms each");
        for (boolean cas : new boolean[] {false, true}) {
            String[] argv = cas ? new String[] {"derive", "--jsonl", file} : new String[] {"derive", "--jsonl", file, "--no-cas"};
            for (int k = 0; k < warm; k++) run(argv);
            long[] t = new long[reps];
            for (int k = 0; k < reps; k++) t[k] = Timing.time(() -> run(argv)).nanos();
            long med = Timing.median(t);
            System.out.printf("%-22s %10s %12.1f %10.2f%n", cas ? "derive --jsonl" : "derive --jsonl --no-cas",
                    Timing.ms(med), n / (med / 1e9), med / 1e6 / n);
        }
        System.out.flush();
        System.exit(0); // Symja's worker threads
    }

    /** One batch through chainrule's own command line; fails loudly if any problem fails. */
    private static Integer run(String[] argv) {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().out(new PrintWriter(out)).err(new PrintWriter(Writer.nullWriter())).execute(argv);
        if (code != 0) throw new IllegalStateException("derive --jsonl exited with " + code + ":\n" + out);
        return code;
    }

    static List<String> problems(int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String[] p = MIX[k % MIX.length];
            int c = 2 + k / MIX.length; // 2, 2, …, then 3, 3, …: each cycle a new constant
            ObjectNode o = M.createObjectNode().put("id", "p" + k).put("expr", p[0].replace("%d", Integer.toString(c)))
                    .put("wrt", p[1]);
            if (p.length > 2) {
                var g = o.putArray("given");
                for (int i = 2; i < p.length; i++) g.add(p[i].replace("%d", Integer.toString(c)));
            }
            lines.add(M.writeValueAsString(o));
        }
        return lines;
    }
}
