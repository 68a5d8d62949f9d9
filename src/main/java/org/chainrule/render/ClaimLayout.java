package org.chainrule.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.check.Diagnosis;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Deriv;
import org.chainrule.expr.Expr.Num;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Mat;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Inline;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Text;

/**
 * Graded claims ({@code \check}) for people and programs: the words for every verdict and diagnosis
 * (here and nowhere else), one compiler-style text line per claim line, the blocks of a graded copy
 * (each line of a claim as an aligned row marked ✓, ✗ or ?, then its evidence), and the JSON object of a
 * line. Each piece of evidence is written once as a phrase of words and formulas, then printed as Unicode
 * text or as LaTeX.
 */
public final class ClaimLayout {
    private ClaimLayout() {}

    /**
     * One graded line of a claim.
     *
     * @param option     the claim's option as written: empty (symbolic), {@code at}, {@code rate = 0.5}
     * @param index      which line of its claim (0 for the first)
     * @param count      how many lines the claim has
     * @param line       where the line is written in the sheet (1-based)
     * @param firstWrong whether it is the first wrong line of its claim
     */
    public record Line(Optional<String> option, Expr lhs, Expr rhs, int index, int count, int line, int column,
                       Judgement judgement, boolean firstWrong) {
        public Verdict verdict() {
            return judgement.verdict();
        }
    }

    public static final String CORRECT_MARK = "✓", WRONG_MARK = "✗", UNVERIFIABLE_MARK = "?";

    public static String mark(Verdict v) {
        return switch (v) {
            case CORRECT -> CORRECT_MARK;
            case WRONG -> WRONG_MARK;
            case UNVERIFIABLE -> UNVERIFIABLE_MARK;
        };
    }

    // ------------------------------------------------------------------ phrases

    /** A phrase is words and maths; it prints as Unicode text or as document inlines (LaTeX maths). */
    private sealed interface Piece {}

    private record Words(String text) implements Piece {}

    private record Formula(Expr expr) implements Piece {}

    /** A computed value, shown with {@code digits} significant digits. */
    private record Value(Mat value, int digits) implements Piece {}

    /** A name and its value, as one formula: x₁ = 0.3. */
    private record Assign(Expr name, Mat value, int digits) implements Piece {}

    /** An exact value as the engine wrote it: "87.5", "-7/2". */
    private record Exact(String text) implements Piece {}

    private static final class Phrase {
        final List<Piece> pieces = new ArrayList<>();

        Phrase w(String s) { pieces.add(new Words(s)); return this; }
        Phrase f(Expr e) { pieces.add(new Formula(e)); return this; }
        Phrase v(Mat m, int digits) { pieces.add(new Value(m, digits)); return this; }
        Phrase is(Expr name, Mat m, int digits) { pieces.add(new Assign(name, m, digits)); return this; }
        Phrase x(String exact) { pieces.add(new Exact(exact)); return this; }
        Phrase add(Phrase p) { pieces.addAll(p.pieces); return this; }

        String text() {
            StringBuilder b = new StringBuilder();
            for (Piece p : pieces) {
                switch (p) {
                    case Words w -> b.append(w.text());
                    case Formula f -> b.append(PlainMath.print(f.expr()));
                    case Value v -> b.append(valueText(v.value(), v.digits()));
                    case Assign a -> b.append(PlainMath.print(a.name())).append(" = ").append(valueText(a.value(), a.digits()));
                    case Exact x -> b.append(x.text().replace('-', '−'));
                }
            }
            return b.toString();
        }

        List<Inline> inlines() {
            List<Inline> out = new ArrayList<>();
            for (Piece p : pieces) {
                switch (p) {
                    case Words w -> out.add(new Text(w.text()));
                    case Formula f -> out.add(new Doc.Math(LatexPrinter.print(f.expr())));
                    case Value v -> out.add(new Doc.Math(valueLatex(v.value(), v.digits())));
                    case Assign a -> out.add(new Doc.Math(LatexPrinter.print(a.name()) + " = " + valueLatex(a.value(), a.digits())));
                    case Exact x -> out.add(new Doc.Math(exactLatex(x.text())));
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ words

    /** The diagnosis in English, as text. */
    public static String text(Diagnosis d) {
        return phrase(d).text();
    }

    private static Phrase phrase(Diagnosis d) {
        Phrase p = new Phrase();
        return switch (d) {
            case Diagnosis.SignFlipped s -> p.w("the sign is flipped");
            case Diagnosis.ConstantFactor c -> p.w("off by a constant factor ").f(Num.of(c.factor()));
            case Diagnosis.WrongCoefficient c -> p.w("the coefficient ").f(c.written()).w(" should be ").f(c.right());
            case Diagnosis.TermSign t -> p.w("the sign of the term ").f(t.term()).w(" is wrong");
            case Diagnosis.MissingTerm t -> p.w("the term ").f(t.term()).w(" is missing");
            case Diagnosis.ExtraTerm t -> p.w("the term ").f(t.term()).w(" is extra");
            case Diagnosis.ConditionInverted c -> p.w("the condition ").f(c.written()).w(" should be ").f(c.right());
            case Diagnosis.MissingTranspose t -> p.w("a transpose is missing on ").f(t.operand());
            case Diagnosis.Renaming r -> p.w("right after renaming ").f(r.from()).w(" ↔ ").f(r.to());
            case Diagnosis.RoundingDrift r -> r.decimals() >= 0
                    ? p.w("rounding: it matches the value worked with every intermediate rounded to " + r.decimals()
                            + (r.decimals() == 1 ? " decimal place" : " decimal places"))
                    : p.w("rounding: the exact value, rounded wrongly in the last digit");
            case Diagnosis.CarriedForward c -> p.w("carried forward: a right step from the claimed ")
                    .is(c.previous(), Mat.scalar(c.previousClaimed()), 6);
        };
    }

    /** The evidence for a line's verdict, without the verdict word: empty for a correct line. */
    private static Phrase evidence(Line l) {
        Judgement j = l.judgement();
        Phrase p = new Phrase();
        List<Phrase> parts = new ArrayList<>();
        if (j.verdict() == Verdict.UNVERIFIABLE) {
            j.why().ifPresent(w -> parts.add(new Phrase().w(w)));
        }
        j.counterexample().ifPresent(c -> parts.add(counterexample(l.lhs(), c)));
        j.expected().ifPresent(e -> {
            Phrase q = new Phrase().w("the value is ");
            if (e.exact().isPresent()) q.x(e.exact().get());
            else q.v(Mat.scalar(e.value()), 7);
            parts.add(q);
        });
        if (j.verdict() == Verdict.WRONG) for (Diagnosis d : j.diagnoses()) parts.add(phrase(d));
        for (int k = 0; k < parts.size(); k++) {
            if (k > 0) p.w("; ");
            p.add(parts.get(k));
        }
        return p;
    }

    /** "at x₁ = 0.3, x₂ = −1.2 it is 0.21, the derivative is 0.13". */
    private static Phrase counterexample(Expr lhs, Judgement.Counterexample c) {
        Phrase p = new Phrase();
        if (!c.point().isEmpty()) {
            p.w("at ");
            int k = 0;
            for (Map.Entry<Sym, Mat> e : c.point().entrySet()) {
                if (k++ > 0) p.w(", ");
                p.is(e.getKey(), e.getValue(), 6);
            }
            p.w(" ");
        }
        int digits = distinguishing(c.claimed(), c.actual());
        p.w("it is ").v(c.claimed(), digits).w(lhs instanceof Deriv ? ", the derivative is " : ", the left side is ").v(c.actual(), digits);
        return p;
    }

    /** Enough significant digits (at least 4) that the two values print differently, where they differ. */
    private static int distinguishing(Mat a, Mat b) {
        for (int d = 4; d < 17; d++)
            if (!valueText(a, d).equals(valueText(b, d))) return d;
        return 17;
    }

    /** The verdict, the claim and its evidence as one line: {@code correct}, {@code wrong: … ; …}. */
    public static String text(String sheetName, Line l) {
        StringBuilder b = new StringBuilder();
        b.append(sheetName).append(':').append(l.line()).append(':').append(l.column()).append(": ");
        b.append(l.verdict().word()).append(": ");
        b.append(PlainMath.print(l.lhs())).append(" = ").append(PlainMath.print(l.rhs()));
        String ev = evidence(l).text();
        if (!ev.isEmpty()) b.append("; ").append(ev);
        if (l.firstWrong() && l.count() > 1) b.append(" (first wrong line)");
        return b.toString();
    }

    /** The evidence alone, as text ("" for a correct line): for Gradescope's output and summaries. */
    public static String evidenceText(Line l) {
        return evidence(l).text();
    }

    /** "9 correct, 2 wrong, 1 unverifiable". */
    public static String summary(long correct, long wrong, long unverifiable) {
        return correct + " correct, " + wrong + " wrong, " + unverifiable + " unverifiable";
    }

    /** The claim as LaTeX: {@code LHS = RHS}. */
    public static String claimLatex(Expr lhs, Expr rhs) {
        return LatexPrinter.print(lhs) + " = " + LatexPrinter.print(rhs);
    }

    /** The claim as readable text: {@code ∂f/∂xᵢ = fᵢ(1 + fᵢ)}. */
    public static String claimText(Expr lhs, Expr rhs) {
        return PlainMath.print(lhs) + " = " + PlainMath.print(rhs);
    }

    // ------------------------------------------------------------------ document

    /**
     * A graded claim (all of its lines, in order) as blocks: what was checked, the claimed lines as aligned
     * rows each marked ✓, ✗ or ? at the right, then the evidence of each line that is not correct.
     */
    public static List<Block> blocks(List<Line> claim) {
        return groupBlocks(List.of(claim));
    }

    /**
     * Several graded claims under one heading (consecutive one-line claims of a problem, such as the values
     * of a backward pass): one set of aligned rows, then the evidence of each line that is not correct,
     * named by its line in the sheet.
     */
    public static List<Block> groupBlocks(List<List<Line>> claims) {
        List<Line> all = claims.stream().flatMap(List::stream).toList();
        if (all.isEmpty()) return List.of();
        Line first = all.get(0);
        int from = all.stream().mapToInt(Line::line).min().orElse(first.line());
        int to = all.stream().mapToInt(Line::line).max().orElse(first.line());
        List<Block> out = new ArrayList<>();
        out.add(new Paragraph(List.of(new Text("Claimed" + optionWords(first.option())
                + (from == to ? " (line " + from + "):" : " (lines " + from + "\u2013" + to + "):")))));
        List<Row> rows = new ArrayList<>();
        for (Line l : all) {
            String lhs = l.index() == 0 ? LatexPrinter.print(l.lhs()) : "";
            rows.add(new Row(lhs, "=", LatexPrinter.print(l.rhs()), Optional.of(rowNote(l)), Optional.empty()));
        }
        out.add(new Equations(rows));
        for (Line l : all) {
            Phrase ev = evidence(l);
            if (ev.pieces.isEmpty()) continue;
            List<Inline> parts = new ArrayList<>();
            String word = l.verdict().word();
            String lead = mark(l.verdict()) + " " + (all.size() > 1 ? "Line " + l.line() + " is " + word
                    : Character.toUpperCase(word.charAt(0)) + word.substring(1)) + ": ";
            parts.add(new Text(lead));
            parts.addAll(ev.inlines());
            parts.add(new Text("."));
            out.add(new Paragraph(merge(parts)));
        }
        return out;
    }

    /** The short note at the right of a claimed row: "✓ correct", "✗ first wrong line", "? unverifiable". */
    static String rowNote(Line l) {
        String word = l.firstWrong() && l.count() > 1 ? "first wrong line" : l.verdict().word();
        return mark(l.verdict()) + " " + word;
    }

    private static String optionWords(Optional<String> option) {
        if (option.isEmpty() || option.get().isBlank()) return "";
        String o = option.get().strip();
        if (o.equals("at")) return " at the point of the problem";
        if (o.startsWith("rate")) return ", gradient descent with learning rate " + o.replaceFirst("^rate\\s*=\\s*", "");
        return " [" + o + "]";
    }

    /** Adjacent texts joined, so that back ends see one run of words. */
    private static List<Inline> merge(List<Inline> parts) {
        List<Inline> out = new ArrayList<>();
        for (Inline i : parts) {
            if (i instanceof Text t && !out.isEmpty() && out.get(out.size() - 1) instanceof Text prev)
                out.set(out.size() - 1, new Text(prev.text() + t.text()));
            else out.add(i);
        }
        return out;
    }

    // ------------------------------------------------------------------ JSON

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A line as JSON: {@code line}, {@code column}, {@code claim} (LaTeX), {@code verdict},
     * {@code first_wrong}, {@code points}, then where they apply {@code why}, {@code counterexample}
     * ({@code point} by LaTeX name, {@code claimed}, {@code actual}), {@code expected} ({@code value},
     * {@code exact}) and {@code diagnosis} (each with {@code kind}, its fields and {@code text}).
     */
    public static ObjectNode json(Line l) {
        ObjectNode o = MAPPER.createObjectNode();
        Judgement j = l.judgement();
        o.put("line", l.line());
        o.put("column", l.column());
        o.put("claim", claimLatex(l.lhs(), l.rhs()));
        o.put("verdict", j.verdict().word());
        o.put("first_wrong", l.firstWrong());
        o.put("points", j.points());
        j.why().ifPresent(w -> o.put("why", w));
        j.counterexample().ifPresent(c -> {
            ObjectNode n = o.putObject("counterexample");
            ObjectNode point = n.putObject("point");
            c.point().forEach((k, v) -> point.set(LatexPrinter.print(k), value(v)));
            n.set("claimed", value(c.claimed()));
            n.set("actual", value(c.actual()));
        });
        j.expected().ifPresent(e -> {
            ObjectNode n = o.putObject("expected");
            n.set("value", number(e.value()));
            e.exact().ifPresent(x -> n.put("exact", x));
        });
        if (!j.diagnoses().isEmpty()) {
            ArrayNode a = o.putArray("diagnosis");
            for (Diagnosis d : j.diagnoses()) a.add(json(d));
        }
        return o;
    }

    /** A diagnosis: its kind, its fields (formulas as LaTeX, numbers as numbers) and its English. */
    public static ObjectNode json(Diagnosis d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", d.kind());
        switch (d) {
            case Diagnosis.SignFlipped s -> { }
            case Diagnosis.ConstantFactor c -> {
                n.put("factor", LatexPrinter.print(Num.of(c.factor())));
                n.set("factor_value", number(c.factor().doubleValue()));
            }
            case Diagnosis.WrongCoefficient c -> n.put("written", LatexPrinter.print(c.written())).put("right", LatexPrinter.print(c.right()));
            case Diagnosis.TermSign t -> n.put("term", LatexPrinter.print(t.term()));
            case Diagnosis.MissingTerm t -> n.put("term", LatexPrinter.print(t.term()));
            case Diagnosis.ExtraTerm t -> n.put("term", LatexPrinter.print(t.term()));
            case Diagnosis.ConditionInverted c -> n.put("written", LatexPrinter.print(c.written())).put("right", LatexPrinter.print(c.right()));
            case Diagnosis.MissingTranspose t -> n.put("operand", LatexPrinter.print(t.operand()));
            case Diagnosis.Renaming r -> n.put("from", LatexPrinter.print(r.from())).put("to", LatexPrinter.print(r.to()));
            case Diagnosis.RoundingDrift r -> n.put("decimals", r.decimals());
            case Diagnosis.CarriedForward c -> {
                n.put("previous", LatexPrinter.print(c.previous()));
                n.set("previous_claimed", number(c.previousClaimed()));
            }
        }
        n.put("text", text(d));
        return n;
    }

    /** A scalar as a number, a matrix as nested arrays of rows; JSON has no NaN, so those are strings. */
    public static JsonNode value(Mat m) {
        if (m.isScalar()) return number(m.value());
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (double[] r : m.toNested()) {
            ArrayNode row = rows.addArray();
            for (double x : r) row.add(number(x));
        }
        return rows;
    }

    private static JsonNode number(double v) {
        return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v) : JsonNodeFactory.instance.textNode(String.valueOf(v));
    }

    // ------------------------------------------------------------------ numbers

    /** A value with {@code digits} significant digits, trailing zeros dropped: 0.13, −1.2, [[1, 2], [3, 4]]. */
    static String valueText(Mat m, int digits) {
        if (m.isScalar()) return scalar(m.value(), digits).replace('-', '−');
        List<String> rows = new ArrayList<>();
        for (double[] r : m.toNested()) {
            List<String> cells = new ArrayList<>();
            for (double x : r) cells.add(scalar(x, digits).replace('-', '−'));
            rows.add("[" + String.join(", ", cells) + "]");
        }
        return "[" + String.join(", ", rows) + "]";
    }

    static String valueLatex(Mat m, int digits) {
        if (m.isScalar()) return latexNumber(scalar(m.value(), digits));
        StringBuilder b = new StringBuilder("\\begin{bmatrix} ");
        List<String> rows = new ArrayList<>();
        for (double[] r : m.toNested()) {
            List<String> cells = new ArrayList<>();
            for (double x : r) cells.add(latexNumber(scalar(x, digits)));
            rows.add(String.join(" & ", cells));
        }
        return b.append(String.join(" \\\\ ", rows)).append(" \\end{bmatrix}").toString();
    }

    private static String scalar(double v, int digits) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        if (v == 0) return "0";
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        int magnitude = d.precision() - d.scale() - 1;
        if (magnitude >= 12 || magnitude <= -7) { // 1.5e-9 rather than a row of zeros
            String s = d.toString().replace("E+", "e").replace("E", "e");
            return s;
        }
        return d.toPlainString();
    }

    private static String latexNumber(String s) {
        if (s.equals("∞")) return "\\infty";
        if (s.equals("-∞")) return "-\\infty";
        if (s.equals("NaN")) return "\\mathrm{NaN}";
        int e = s.indexOf('e');
        if (e >= 0) return s.substring(0, e) + " \\cdot 10^{" + s.substring(e + 1) + "}";
        return s;
    }

    /** "-7/2" as −\frac{7}{2}; a decimal as it is. Only digits, signs, a point and one slash are accepted. */
    static String exactLatex(String exact) {
        String s = exact.strip();
        if (!s.matches("-?[0-9]+(\\.[0-9]+)?(/[0-9]+)?")) return "\\text{?}";
        int slash = s.indexOf('/');
        if (slash < 0) return s;
        boolean negative = s.startsWith("-");
        String num = s.substring(negative ? 1 : 0, slash), den = s.substring(slash + 1);
        return (negative ? "-" : "") + "\\frac{" + num + "}{" + den + "}";
    }
}
