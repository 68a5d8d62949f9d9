package org.chainrule.bench;

import java.util.List;
import java.util.Random;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Exprs;
import org.chainrule.numeric.Draw;
import org.chainrule.parse.FormulaParser;

/**
 * How parse and derive time grow with the size of the formula, in one warmed-up JVM.
 *
 * <p>Three families of generated formulas, differentiated with respect to w by the engine alone
 * (numeric verification of every step, no Symja oracle: what {@code --no-cas} runs):
 * <ul>
 *   <li>{@code sum}: σ(w x_{1}) + σ(w x_{2}) + … — n leaves, n/2 terms; the answer grows linearly;</li>
 *   <li>{@code blocks}: a sum of n/10 random blocks of 10 leaves each (sums, products and σ over w, x_k
 *       and small integers; fixed seed), so that each size contains the previous one: many terms of
 *       bounded depth, as in a loss written out over a few units;</li>
 *   <li>{@code tree}: one random tree of sums, products and σ over n leaves (fixed seed per size), whose
 *       depth grows with n: nested products of sums, the case that expansion makes expensive.</li>
 * </ul>
 * Subscripts are written x_{12}, which chainrule reads as x_{1,2} (docs/notation.md); the symbols are
 * still distinct.
 * Before those, parse alone on long flat sums x_{1} + x_{2} + … of about 1k, 10k and 100k characters (the
 * parser's limit is 100,000).
 *
 * <p>Usage: {@code Scaling [--quick]}: plain-text tables on standard output; {@code Scaling --show FAMILY N}:
 * the generated formula.
 */
public final class Scaling {
    private static final List<String> FAMILIES = List.of("sum", "blocks", "tree");
    private static final int[] SIZES = {10, 20, 40, 80, 160, 320};
    private static final int[] PARSE_CHARS = {1_000, 10_000, 100_000};

    private Scaling() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--show")) { // Scaling --show FAMILY N: the formula itself
            System.out.println(formula(args[1], Integer.parseInt(args[2])));
            return;
        }
        boolean quick = List.of(args).contains("--quick");
        int reps = quick ? 3 : 7;
        long budgetMillis = quick ? 3_000 : 20_000;   // per size: fewer repetitions when one run is slow
        long limitMillis = quick ? 10_000 : 60_000;   // one run longer than this ends the family
        int treeMax = quick ? 80 : Integer.MAX_VALUE; // --quick: the tree family stops before it gets slow

        Engine engine = new Engine(); // numeric verification only, as derive --no-cas
        Sym w = Sym.of("w");

        // Warm-up: the small sizes of every family, until the JIT has seen the parser and the engine.
        int warm = quick ? 10 : 40;
        for (int k = 0; k < warm; k++)
            for (String family : FAMILIES)
                for (int n : new int[] {10, 20}) engine.derive(new Engine.Problem(FormulaParser.parseExpr(formula(family, n)), w, List.of()));

        int parseReps = quick ? 10 : 30;
        System.out.printf("parse scaling (x_{1} + x_{2} + …; median of %d runs after warm-up)%n", parseReps);
        System.out.printf("%8s %7s %10s %10s %12s%n", "chars", "terms", "parse ms", "min ms", "µs per char");
        for (int chars : PARSE_CHARS) {
            String text = flatSum(chars);
            for (int k = 0; k < parseReps; k++) FormulaParser.parseExpr(uncached(text, k));
            long[] t = new long[parseReps];
            for (int k = 0; k < parseReps; k++) {
                String each = uncached(text, parseReps + k);
                t[k] = Timing.time(() -> FormulaParser.parseExpr(each)).nanos();
            }
            long med = Timing.median(t);
            int terms = text.split("\\+").length;
            System.out.printf("%8d %7d %10s %10s %12.3f%n", text.length(), terms, Timing.ms(med), Timing.ms(Timing.min(t)),
                    med / 1e3 / text.length());
        }

        System.out.println();
        System.out.printf("derive scaling (d/dw, engine with numeric verification, no Symja; median of up to %d runs after warm-up)%n", reps);
        System.out.printf("%-6s %6s %7s %10s %14s %7s %11s %9s %5s%n",
                "family", "leaves", "chars", "parse ms", "derive ms", "steps", "answer size", "verified", "runs");
        for (String family : FAMILIES) {
            for (int n : SIZES) {
                if (family.equals("tree") && n > treeMax) break;
                String text = formula(family, n);
                Expr expr = FormulaParser.parseExpr(text);
                Engine.Problem problem = new Engine.Problem(expr, w, List.of());
                // One untimed run first (also the measure of how many repetitions fit the budget).
                Timing.Timed<Derivation> first = Timing.timeLimited(() -> engine.derive(problem), limitMillis);
                if (first == null) {
                    System.out.printf("%-6s %6d %7d %10s %14s   (one run took over %d s: larger sizes skipped)%n",
                            family, n, text.length(), "", ">" + limitMillis, limitMillis / 1000);
                    break;
                }
                int r = (int) Math.max(1, Math.min(reps, budgetMillis * 1_000_000L / Math.max(1, first.nanos())));
                long[] parse = new long[Math.max(reps, 5)];
                for (int k = 0; k < parse.length; k++) {
                    String each = uncached(text, k);
                    parse[k] = Timing.time(() -> FormulaParser.parseExpr(each)).nanos();
                }
                long[] derive = new long[r];
                Derivation d = first.value();
                for (int k = 0; k < r; k++) {
                    Timing.Timed<Derivation> t = Timing.time(() -> engine.derive(problem));
                    derive[k] = t.nanos();
                    d = t.value();
                }
                System.out.printf("%-6s %6d %7d %10s %14s %7d %11d %9s %5d%n", family, n, text.length(),
                        Timing.ms(Timing.median(parse)), Timing.ms(Timing.median(derive)), d.stepCount(),
                        Exprs.size(d.answer()), d.verified() ? "yes" : "NO", r);
            }
        }

        System.out.flush();
        System.exit(0); // a timed-out derivation may still be running on its daemon thread
    }

    /** The formula of a family with n leaves; deterministic for (family, n). */
    public static String formula(String family, int n) {
        return switch (family) {
            case "sum" -> {
                StringBuilder b = new StringBuilder();
                for (int k = 1; k <= n / 2; k++) {
                    if (k > 1) b.append(" + ");
                    b.append("\\sigma(w x_{").append(k).append("})");
                }
                yield b.toString();
            }
            case "blocks" -> {
                StringBuilder b = new StringBuilder();
                int[] nextX = {0};
                for (int k = 0; k < n / 10; k++) {
                    if (k > 0) b.append(" + ");
                    b.append(mixed(10, new Random(Draw.SEED + 1000 * k), nextX));
                }
                yield b.toString();
            }
            case "tree" -> mixed(n, new Random(Draw.SEED + n), new int[] {0});
            default -> throw new IllegalArgumentException(family);
        };
    }

    /** A random tree over n leaves: + (55%) or a product (45%), each node wrapped in σ with probability 0.2. */
    private static String mixed(int n, Random r, int[] nextX) {
        if (n == 1) {
            double p = r.nextDouble();
            if (p < 0.35) return "w";
            if (p < 0.9) return "x_{" + (++nextX[0]) + "}";
            return Integer.toString(2 + r.nextInt(8));
        }
        int left = 1 + r.nextInt(n - 1);
        String a = mixed(left, r, nextX);
        String b = mixed(n - left, r, nextX);
        String e = r.nextDouble() < 0.55 ? a + " + " + b : "(" + a + ") (" + b + ")";
        if (r.nextDouble() < 0.2) e = "\\sigma(" + e + ")";
        return e;
    }

    /**
     * The text with k + 1 trailing spaces when it is short enough to be cached: the parser keeps the
     * last 512 formulas of up to 2,000 characters, so timing the same string again would time a
     * cache hit, not the parser.
     */
    private static String uncached(String text, int k) {
        return text.length() + k + 1 <= 2_000 ? text + " ".repeat(k + 1) : text;
    }

    /** x_{1} + x_{2} + … as long as it stays within {@code chars} characters. */
    static String flatSum(int chars) {
        StringBuilder b = new StringBuilder("x_{1}");
        for (int k = 2; ; k++) {
            String term = " + x_{" + k + "}";
            if (b.length() + term.length() > chars) break;
            b.append(term);
        }
        return b.toString();
    }
}
