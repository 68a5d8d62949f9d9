package org.chainrule.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Fuzz inputs: formulas generated from the notation (docs/notation.md), mutations of them and of real
 * inputs, and the extremes every parser meets sooner or later (deep nesting, huge sums, huge exponents,
 * overflowing numbers, NUL, invalid UTF-8, very long names). Deterministic for a given Random.
 */
final class Inputs {

    private Inputs() {}

    static final String[] SYMBOLS = {"x", "y", "w", "b", "z", "t", "\\theta", "\\beta", "\\lambda", "w_i", "x_i",
        "x_{ij}", "\\hat{y}", "y_k", "a_1", "W_{14}", "h_1", "\\mathbf{x}", "W", "u_{j}", "\\alpha", "s"};
    static final String[] NUMBERS = {"0", "1", "2", "3", "0.5", "\\frac{1}{2}", "10", "0.01", "1.5", "100", "\\pi", "e"};
    static final String[] UNARY = {"\\sigma", "\\tanh", "\\log", "\\ln", "\\exp", "\\sin", "\\cos", "\\sinh",
        "\\cosh", "\\operatorname{ReLU}", "\\text{softplus}", "\\text{sign}", "\\mathrm{relu}", "\\log_2"};
    static final String[] RELATIONS = {"=", "\\le", "<", ">", "\\ge", "\\ne"};

    /** A formula as a course sheet writes one: an expression, a definition, a derivative or a chain. */
    static String formula(Random r) {
        return switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> expr(r, 4);
            case 4, 5 -> "L = " + expr(r, 4);
            case 6 -> "\\frac{\\partial L}{\\partial " + symbol(r) + "}";
            case 7 -> "\\frac{d}{d" + pick(r, "x", "w", "t") + "} " + expr(r, 3);
            case 8 -> expr(r, 3) + " " + pick(r, RELATIONS) + " " + expr(r, 3);
            default -> "\\begin{cases} " + expr(r, 2) + " & " + symbol(r) + " > 0 \\\\ " + expr(r, 2)
                    + " & \\text{otherwise} \\end{cases}";
        };
    }

    static String expr(Random r, int depth) {
        if (depth <= 0 || r.nextInt(5) == 0) return r.nextInt(3) == 0 ? pick(r, NUMBERS) : symbol(r);
        String a = expr(r, depth - 1);
        return switch (r.nextInt(19)) {
            case 0, 1 -> a + " + " + expr(r, depth - 1);
            case 2 -> a + " - " + expr(r, depth - 1);
            case 3, 4 -> atomish(a) + " " + atomish(expr(r, depth - 1));
            case 5 -> a + " \\cdot " + expr(r, depth - 1);
            case 6 -> "\\frac{" + a + "}{" + expr(r, depth - 1) + "}";
            case 7 -> atomish(a) + "^{" + pick(r, "2", "3", "-1", "\\frac{1}{2}", "n", "0.5") + "}";
            case 8 -> "-" + atomish(a);
            case 9, 10 -> pick(r, UNARY) + "(" + a + ")";
            case 11 -> "e^{" + a + "}";
            case 12 -> "\\sqrt{" + a + "}";
            case 13 -> "|" + a + "|";
            case 14 -> "\\max(0, " + a + ")";
            case 15 -> "\\sum_{i=1}^{n} " + atomish(a) + " x_i";
            case 16 -> "\\left(" + a + "\\right)";
            case 17 -> "\\mathbf{1}(" + a + " > 0)";
            default -> "(" + a + ")";
        };
    }

    static String symbol(Random r) {
        return pick(r, SYMBOLS);
    }

    private static String atomish(String s) {
        return s.matches("[A-Za-z0-9.\\\\{}_^]+") ? s : "(" + s + ")";
    }

    @SafeVarargs
    static <T> T pick(Random r, T... items) {
        return items[r.nextInt(items.length)];
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    static final String[] INSERTS = {"{", "}", "\\", "^", "_", "&", "$", "%", "(", ")", "|", "\\\\", "[", "]",
        "\\left", "\\right", "\\frac", "\\sqrt", "\\sum", "\\begin{cases}", "\\end{cases}", "\\foo", "\\input{x}",
        "\\hat", "\\text{", "'", "=", "<", ",", "-", "\\|", "\\mathbf{1}", "d", "\\partial", "\\begin{bmatrix}",
        "\\end{aligned}", "①", "é", "\\sigma", "0.", "1.2.3", "\u0000", "\uFFFD", "\t", "\n", "\r\n", "~", "#",
        "\\problem{", "\\find{", "\\let{", "\\given{", "\\at{", "}}", "\\write18{ls}", "\\csname", "\\def\\x{y}",
        "1e309", "\\infty", "NaN", "\"", "\\u0000", "\\\"", "{\"", "[]", ":", "null"};

    /** One to three random edits of {@code s}: delete, duplicate, swap, insert a token, cut, repeat. */
    static String mutate(String s, Random r) {
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits; k++) s = edit(s, r);
        return s;
    }

    private static String edit(String s, Random r) {
        if (s.isEmpty()) return pick(r, INSERTS);
        int i = r.nextInt(s.length());
        int j = Math.min(s.length(), i + 1 + r.nextInt(12));
        return switch (r.nextInt(8)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.charAt(i) + s.substring(i);
            case 2 -> j < s.length() ? s.substring(0, i) + s.charAt(j) + s.substring(i + 1, j) + s.charAt(i) + s.substring(j + 1) : s + s.charAt(i);
            case 3, 4 -> s.substring(0, i) + pick(r, INSERTS) + s.substring(i);
            case 5 -> s.substring(0, i) + s.substring(j);
            case 6 -> s.substring(0, j) + s.substring(i, j) + s.substring(j);
            default -> s.substring(0, i);
        };
    }

    /** The extremes: each one a formula that must end in a result or a located error, quickly. */
    static List<String> extremes() {
        return List.of(
                "(".repeat(20_000) + "x" + ")".repeat(20_000),
                "{".repeat(20_000) + "x" + "}".repeat(20_000),
                "\\sigma(".repeat(5_000) + "x" + ")".repeat(5_000),
                "x" + "^{x".repeat(2_000) + "}".repeat(2_000),
                "-".repeat(20_000) + "x",
                sum(5_000),
                "x^{10^{9}}",
                "(x + 1)^{1000000}",
                "e^{e^{e^{e^{e^{x}}}}}",
                "1e309 x",
                "x^{1e309}",
                "10^{400} w",
                "\\frac{1}{0} x",
                "0^{0} + x",
                "w_{" + "i".repeat(5_000) + "}",
                "\\mathrm{" + "a".repeat(20_000) + "}(x)",
                "x" + " ".repeat(100_000),
                "x\u0000y",
                "\u0000",
                "",
                "\\",
                "x_{" + "1".repeat(400) + "}",
                "123456789012345678901234567890123456789012345678901234567890 x",
                "\\sum_{i=1}^{1000000000} x_i w",
                "\\prod_{i=1}^{100000} x",
                "|".repeat(5_001) + "x",
                "\\left(".repeat(3_000) + "x" + "\\right)".repeat(3_000),
                "\\begin{cases}".repeat(500) + "x",
                "L = L + 1",
                "a = b \\\\ b = a",
                "\\frac{\\partial^{1000} L}{\\partial w^{1000}}");
    }

    static String sum(int terms) {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= terms; k++) b.append(k > 1 ? " + " : "").append("w_{").append(k).append("} x_{").append(k).append('}');
        return b.toString();
    }

    /** Bytes that are not UTF-8 (a lone continuation byte, a cut sequence, an overlong NUL, a surrogate). */
    static byte[] invalidUtf8(Random r, String around) {
        byte[] text = around.getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] b = bad[r.nextInt(bad.length)];
        int at = text.length == 0 ? 0 : r.nextInt(text.length + 1);
        byte[] out = new byte[text.length + b.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(b, 0, out, at, b.length);
        System.arraycopy(text, at, out, at + b.length, text.length - at);
        return out;
    }

    /** A JSONL problem line: well-formed most of the time, mutated otherwise. */
    static String jsonl(Random r) {
        String f = formula(r).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        String line = switch (r.nextInt(5)) {
            case 0 -> "{\"id\": \"p" + r.nextInt(1000) + "\", \"expr\": \"" + f + "\", \"wrt\": \"" + jsonSymbol(r) + "\"}";
            case 1 -> "{\"expr\": \"" + f + "\", \"wrt\": \"" + jsonSymbol(r) + "\", \"at\": {\"x\": " + r.nextInt(5)
                    + ", \"w\": " + (r.nextDouble() * 4 - 2) + ", \"y\": 1}}";
            case 2 -> "{\"expr\": \"" + f + "\", \"wrt\": \"" + jsonSymbol(r) + "\", \"given\": [\"y = " + jsonSymbol(r) + " x\"]}";
            case 3 -> "{\"expr\": \"" + f + "\"}";
            default -> "{\"id\": " + r.nextInt(9) + ", \"expr\": [\"" + f + "\"], \"wrt\": null, \"at\": \"x\"}";
        };
        return r.nextInt(3) == 0 ? mutate(line, r) : line;
    }

    private static String jsonSymbol(Random r) {
        return pick(r, "x", "w", "b", "y", "z", "w_i", "\\\\theta", "q");
    }
}
