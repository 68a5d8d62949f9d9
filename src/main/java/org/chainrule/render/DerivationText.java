package org.chainrule.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.core.Check;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.derive.matrix.MatrixCalculus;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes.Shape;

/**
 * A derivation as terminal text: one step per line with its rule, indented by depth, math in
 * canonical LaTeX (the notation chainrule reads). Trivial leaves (constants, dx/dx) are left out.
 */
public final class DerivationText {
    private DerivationText() {}

    public static String render(Derivation d) {
        StringBuilder out = new StringBuilder();
        out.append("find   ").append(tex(lhs(d))).append('\n');
        for (Map.Entry<Sym, Expr> def : d.definitions().entrySet())
            out.append("given  ").append(tex(Rel.of(def.getKey(), RelOp.EQ, def.getValue()))).append('\n');
        for (Expr a : d.assumptions()) out.append("given  ").append(tex(a)).append('\n');
        switch (d) {
            case Derivation.Chain c -> chain(out, c);
            case Derivation.Direct dd -> step(out, dd.step(), 0);
            case Derivation.Matrix m -> matrix(out, m);
        }
        out.append('\n').append("answer   ").append(tex(lhs(d))).append(" = ").append(tex(d.answer())).append('\n');
        if (!d.answerFlat().equals(d.answer()))
            out.append("         (substituted) = ").append(tex(d.answerFlat())).append('\n');
        d.inTermsOf().ifPresent(t -> out.append("         in terms of the given names = ").append(tex(t)).append('\n'));
        out.append(verification(d)).append('\n');
        for (String c : d.conventions()) out.append("note     ").append(Words.convention(c)).append('\n');
        for (String w : d.warnings()) out.append("warning  ").append(w).append('\n');
        return out.toString();
    }

    /** The chain rule written out, each local derivative's steps, and their combination. */
    private static void chain(StringBuilder out, Derivation.Chain d) {
        out.append("chain  ").append(tex(lhs(d))).append(" = ").append(tex(d.chainForm())).append('\n');
        int k = 1;
        for (Derivation.Local l : d.locals()) {
            out.append('\n').append("(").append(k++).append(") ").append(tex(derivative(l.node(), l.wrt())));
            if (!l.node().equals(d.target()) || d.definitions().containsKey(d.target()))
                out.append(", where ").append(tex(l.node())).append(" = ").append(tex(l.definition()));
            out.append('\n');
            step(out, l.step(), 1);
            out.append("    = ").append(tex(l.step().result())).append(l.report().verified() ? "" : "   [NOT VERIFIED]").append('\n');
        }
        out.append('\n').append("combine  ").append(tex(lhs(d))).append(" = ").append(tex(d.combined())).append('\n');
    }

    /** The matrix derivation: shapes, then each gradient with its terms and the rules used. */
    private static void matrix(StringBuilder out, Derivation.Matrix m) {
        MatrixCalculus mc = m.calculus();
        out.append("shapes ");
        List<String> dims = new ArrayList<>();
        for (Map.Entry<String, Shape> e : new TreeMap<>(
                mc.shapes().entrySet().stream().collect(Collectors.toMap(k -> tex(k.getKey()), Map.Entry::getValue))).entrySet())
            dims.add(e.getKey() + ": " + MatrixLayout.words(e.getValue()));
        out.append(String.join(", ", dims)).append("   (denominator layout)\n");
        mc.expanded().ifPresent(e -> out.append("expand ").append(tex(mc.target())).append(" = ").append(tex(e)).append('\n'));
        for (MatrixCalculus.Gradient g : mc.gradients()) {
            out.append('\n').append(tex(derivative(mc.target(), g.node()))).append("   (").append(MatrixLayout.words(g.shape())).append(")\n");
            for (MatrixCalculus.Term t : g.terms()) {
                String form = Exprs.isNum(t.adjoint(), 1) ? tex(derivative(t.parent(), g.node()))
                        : t.jacobian().isPresent() ? "(" + tex(derivative(t.parent(), g.node())) + ") " + tex(t.adjoint())
                        : "through " + tex(t.parent()) + ": ";
                out.append("    ").append(form).append(form.endsWith(": ") ? "" : " = ").append(tex(t.result()))
                        .append("    [").append(MatrixLayout.why(t)).append("]\n");
            }
            out.append("    = ").append(tex(g.value())).append(g.report().verified() ? "" : "   [NOT VERIFIED]").append('\n');
        }
        m.components().ifPresent(v -> {
            out.append("\ncomponents  ").append(tex(mc.target())).append(" = ").append(tex(v.indexForm())).append('\n');
            out.append("             ").append(tex(derivative(mc.target(), v.component()))).append(" = ").append(tex(v.derivation().answer())).append('\n');
            out.append("             reassembles the matrix answer: ").append(v.reassembled() ? "yes" : "NO")
                    .append(" (").append(v.entries()).append(" entries compared)\n");
        });
    }

    /**
     * "verified yes" only when every claim was checked; otherwise "verified NO" with each claim that
     * was not checked (and why) or failed (where, and the two values).
     */
    static String verification(Derivation d) {
        int points = d.checkedPoints();
        if (d.verified())
            return "verified yes: every step and the answer agree with finite differences at " + points
                    + " random points" + (d.refusedPoints() > 0 ? " (" + d.refusedPoints()
                    + " more refused: double precision lost too many digits there)" : "") + "; Symja: " + d.oracle().text();
        List<Verifier.Entry> problems = d.problems();
        long failed = problems.stream().filter(e -> e.check() instanceof Check.Failed).count();
        long unchecked = problems.size() - failed;
        List<String> counts = new ArrayList<>();
        if (failed > 0) counts.add(failed + (failed == 1 ? " step failed" : " steps failed"));
        if (unchecked > 0) counts.add(unchecked + (unchecked == 1 ? " step unchecked" : " steps unchecked"));
        if (d.checks().isEmpty()) counts.add("nothing was checked");
        if (d.oracle().disagrees()) counts.add("Symja disagrees");
        StringBuilder s = new StringBuilder("verified NO");
        if (!counts.isEmpty()) s.append(": ").append(String.join(", ", counts));
        for (String line : grouped(problems)) s.append("\n  ").append(line);
        if (d.oracle().disagrees()) s.append("\n  Symja ").append(d.oracle().text());
        return s.toString();
    }

    /**
     * The claims that were not checked, one line per outcome: "step 1 (sum-rule), step 1.1 (log-rule),
     * answer: unchecked: no point found where w > 0 holds" rather than the same reason six times.
     */
    public static List<String> grouped(List<Verifier.Entry> entries) {
        LinkedHashMap<String, List<String>> byOutcome = new LinkedHashMap<>();
        for (Verifier.Entry e : entries) byOutcome.computeIfAbsent(outcome(e.check()), k -> new ArrayList<>()).add(claim(e));
        List<String> out = new ArrayList<>();
        byOutcome.forEach((outcome, claims) -> out.add(String.join(", ", claims) + ": " + outcome));
        return out;
    }

    /** Which claim an entry is, in words: "step 1.2 (sqrt-rule)", "(2) step 1 (simplify)", "answer". */
    public static String claim(Verifier.Entry e) {
        String p = e.path();
        String local = "";
        if (p.startsWith("(")) {
            int close = p.indexOf(") ");
            local = p.substring(0, close + 2);
            p = p.substring(close + 2);
        }
        if (!p.isEmpty() && Character.isDigit(p.charAt(0))) return local + "step " + p + " (" + e.rule() + ")";
        return local + p;
    }

    /** "unchecked: why" or "failed at w = 0.5: expected …, got …"; "checked at N points". */
    public static String outcome(Check c) {
        return switch (c) {
            case Check.Checked ok -> "checked at " + ok.points() + (ok.points() == 1 ? " point" : " points");
            case Check.Unchecked u -> "unchecked: " + u.why();
            case Check.Failed f -> "failed at " + point(f.at()) + ": expected " + f.expected() + ", got " + f.got();
        };
    }

    /** A point as "w = 0.5, x = -1.25", symbols in LaTeX order. */
    public static String point(Map<Sym, Double> at) {
        TreeMap<String, Double> sorted = new TreeMap<>();
        at.forEach((k, v) -> sorted.put(tex(k), v));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + " = " + v));
        return parts.isEmpty() ? "a point" : String.join(", ", parts);
    }

    private static void step(StringBuilder out, Step s, int depth) {
        String pad = "    ".repeat(depth);
        switch (s) {
            // trivial leaves are left out below the top
            case Step.Constant k -> { if (depth == 0) ruleLine(out, s, depth); }
            case Step.Variable v -> { if (depth == 0) ruleLine(out, s, depth); }
            case Step.Sum sum -> ruleLine(out, s, depth);
            case Step.IndexedSum is -> ruleLine(out, s, depth);
            case Step.ConstantMultiple cm -> ruleLine(out, s, depth);
            case Step.Product p -> ruleLine(out, s, depth);
            case Step.Quotient q -> ruleLine(out, s, depth);
            case Step.MaxMin mm -> ruleLine(out, s, depth);
            case Step.WrittenOut w -> ruleLine(out, s, depth);
            case Step.Applied a -> ruleLine(out, s, depth);
            case Step.Chain c -> {
                // a sum for outer' is bracketed, (1 + \tan(u)^{2}) \cdot u': unbracketed, the "=" would be false
                String outer = tex(c.outerDerivative());
                if (c.outerDerivative() instanceof Add) outer = "(" + outer + ")";
                out.append(pad).append(tex(derivative(c.f(), c.var()))).append(" = ").append(outer)
                        .append(" \\cdot ").append(tex(derivative(c.inner(), c.var()))).append(" = ").append(tex(c.result()))
                        .append("    [").append(c.rule().name()).append(" with ").append(c.outer().name()).append(": ")
                        .append(c.outer().words()).append("]\n");
                step(out, c.innerStep(), depth + 1);
            }
            case Step.Cases cs -> {
                out.append(pad).append(tex(derivative(cs.f(), cs.var()))).append(", case by case    [")
                        .append(cs.rule().name()).append(": ").append(cs.rule().words()).append("]\n");
                boolean otherwise = cs.f() instanceof Piecewise pw && pw.otherwise().isPresent();
                for (int k = 0; k < cs.branches().size(); k++) {
                    Step b = cs.branches().get(k);
                    boolean last = k == cs.branches().size() - 1;
                    out.append(pad).append(otherwise && last ? "  otherwise: " : "  if " + tex(cs.conditions().get(k)) + ": ")
                            .append(tex(derivative(b.f(), b.var()))).append(" = ").append(tex(b.result())).append('\n');
                    for (Step sub : b.substeps()) step(out, sub, depth + 2);
                }
                out.append(pad).append("  = ").append(tex(cs.casesForm())).append('\n');
                out.append(pad).append("  = ").append(tex(cs.result())).append("    [recombined with indicators]\n");
            }
            case Step.Opaque o -> out.append(pad).append(tex(derivative(o.f(), o.var()))).append(" = ").append(tex(o.result()))
                    .append("    [").append(o.rule().name()).append(": kept symbolic]\n");
            case Step.Simplified sm -> {
                step(out, sm.of(), depth);
                out.append(pad).append("  = ").append(tex(sm.result())).append("    [").append(sm.rule().name()).append("]\n");
            }
        }
    }

    /** One line for a step by a rule, "[name: words]" beside it, then its parts one level deeper. */
    private static void ruleLine(StringBuilder out, Step s, int depth) {
        out.append("    ".repeat(depth)).append(tex(derivative(s.f(), s.var()))).append(" = ").append(tex(s.result()))
                .append("    [").append(s.rule().name()).append(": ").append(s.rule().words()).append("]\n");
        for (Step c : s.substeps()) step(out, c, depth + 1);
    }

    /**
     * The derivative asked for. When the target depends on the variable both directly and through
     * intermediates, the left side is the total derivative dl/dw, so that the partial ∂l/∂w in the
     * chain (intermediates held fixed) is not the same symbol.
     */
    public static Expr lhs(Derivation d) {
        List<List<Expr>> paths = d instanceof Derivation.Chain c ? c.paths() : List.of();
        boolean direct = paths.stream().anyMatch(p -> p.size() == 2);
        boolean total = paths.size() > 1 && direct;
        return new Deriv(d.target(), List.of(d.var()), !total);
    }

    static Expr derivative(Expr f, Expr x) {
        return new Deriv(f, List.of(x), true);
    }

    static String tex(Expr e) {
        return LatexPrinter.print(e);
    }
}
