package org.chainrule.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.core.Check;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.render.Doc.*;

/**
 * Lays a derivation out the way a careful TA writes it: what is given, the chain rule through the
 * named intermediates, each local derivative as an aligned chain of equalities with the rule beside
 * each line (and case by case for piecewise functions), the local results labelled ① ② … and used
 * when combining, the boxed answer, the conventions at kinks and the verification mark.
 */
public final class DerivationLayout {
    private DerivationLayout() {}

    /** What a rewrite into an equal, simpler form says beside its row. */
    private static final String SIMPLIFY = Step.Simplified.RULE.words();

    /** Steps deeper than this are shown by their result only. */
    static final int DEPTH = 2;

    public static Doc document(Derivation d, String title) {
        return new Doc(title, blocks(d));
    }

    public static List<Block> blocks(Derivation d) {
        return blocks(d, true);
    }

    /** The derivation's blocks; {@code showGiven} false when the caller has shown the definitions already. */
    public static List<Block> blocks(Derivation d, boolean showGiven) {
        return blocks(d, showGiven, KeyStyle.FULL, new Shared());
    }

    /**
     * What the derivations of a sheet share: the local derivatives already derived and labelled (a
     * later part cites ① instead of deriving it again; one in an earlier problem is cited with that
     * problem's number) and the conventions already stated in this problem. Labels restart in each problem.
     */
    public static final class Shared {
        /** Where a derivative was found: its problem and its citation there (① or a part, "(b)"). */
        private record Found(int problem, String cite) {}

        private final Map<String, Found> found = new HashMap<>();
        private final Set<String> conventions = new HashSet<>();
        private int problem = 0;
        private String part = "";
        private int next = 1;

        /** A new problem: its labels start at ①, its conventions are stated again. */
        public Shared problem(int number) {
            problem = number;
            part = "";
            next = 1;
            conventions.clear();
            return this;
        }

        /** The part of the problem being laid out, "(a)", or "" when it has only one. */
        public Shared part(String p) {
            part = p;
            return this;
        }

        /** How a later derivation cites what was found at {@code f}: "①", "(b)", "① of Problem 2". */
        private String cite(Found f) {
            if (f.problem() == problem) return f.cite();
            return f.cite().isEmpty() ? "Problem " + f.problem() : f.cite() + " of Problem " + f.problem();
        }
    }

    private static String key(Expr node, Sym wrt, Expr definition, Expr result) {
        return tex(DerivationText.derivative(node, wrt)) + "=" + tex(result) + "|" + tex(definition);
    }

    /**
     * The derivation's blocks in the given style; {@code shared} carries the labels and conventions of
     * the problem's earlier parts, so that a local derivative found there is cited, not derived again.
     */
    public static List<Block> blocks(Derivation d, boolean showGiven, KeyStyle style, Shared shared) {
        if (d instanceof Derivation.Matrix m) return MatrixLayout.blocks(m, showGiven, style);
        List<Block> out = new ArrayList<>();
        if (showGiven) given(d, out);
        String lhs = tex(DerivationText.lhs(d));
        boolean brief = style.brief();
        List<Row> last; // the rows that end at the answer, boxed in a brief key
        String whole = d.target() instanceof Sym ? key(d.target(), d.var(), d.function(), d.answer()) : null;
        Shared.Found before = whole == null || !d.verified() ? null : shared.found.get(whole);
        if (before != null) {
            // the same question answered in an earlier part: its answer, cited
            last = new ArrayList<>(List.of(Row.of(lhs, tex(d.answer())).because("as found in " + shared.cite(before))));
        } else switch (d) {
        case Derivation.Chain ch -> {
            if (!brief) out.add(new Paragraph(List.of(new Text("By the chain rule through the named intermediates:"))));
            out.add(new Equations(List.of(Row.of(lhs, tex(ch.chainForm())).because("chain rule"))));
            List<String> labels = new ArrayList<>();
            List<Row> briefRows = new ArrayList<>();
            boolean first = true;
            if (brief) {
                // an instance of a family (s_k) says what it stands for, once, before the local derivatives
                List<Inline> where = whereInstances(ch);
                if (!where.isEmpty()) out.add(new Paragraph(where));
            }
            for (Derivation.Local l : ch.locals()) {
                String local = tex(DerivationText.derivative(l.node(), l.wrt()));
                String key = key(l.node(), l.wrt(), l.definition(), l.step().result());
                Shared.Found seen = shared.found.get(key);
                if (seen != null && l.report().verified()) {
                    // derived in an earlier part: cite it
                    String cite = shared.cite(seen);
                    labels.add(cite);
                    if (!brief) out.add(new Equations(List.of(Row.of(local, tex(l.step().result())).because("found above, " + cite))));
                    continue;
                }
                int label = shared.next++;
                if (l.report().verified()) shared.found.put(key, new Shared.Found(shared.problem, circled(label)));
                if (brief) {
                    List<Block> group = briefBlocks(l.step(), local);
                    labelLast(group, label);
                    for (Block b : group) {
                        if (b instanceof Equations eq) {
                            briefRows.addAll(eq.rows());
                        } else {
                            if (!briefRows.isEmpty()) out.add(new Equations(briefRows));
                            briefRows = new ArrayList<>();
                            out.add(b);
                        }
                    }
                } else {
                    List<Inline> intro = new ArrayList<>();
                    intro.add(new Text(first ? "First, " : "Next, "));
                    intro.add(new Doc.Math(local));
                    // Names given by the user are displayed once under "Given"; an instance of a family (s_k) is shown here.
                    if (!d.definitions().containsKey(l.node()) && !l.node().equals(d.target())) {
                        intro.add(new Text(", where "));
                        intro.add(new Doc.Math(tex(l.node()) + " = " + tex(l.definition())));
                    }
                    intro.add(new Text(":"));
                    out.add(new Paragraph(intro));
                    Laid laid = layOut(l.step(), local, 0);
                    labelLast(laid.main(), label);
                    out.addAll(laid.all());
                }
                first = false;
                if (!l.report().verified()) {
                    if (brief && !briefRows.isEmpty()) out.add(new Equations(briefRows));
                    if (brief) briefRows = new ArrayList<>();
                    out.add(new Note(NoteKind.NOT_VERIFIED, "This local derivative could not be verified numerically."));
                }
                labels.add(circled(label));
            }
            if (brief && !briefRows.isEmpty()) out.add(new Equations(briefRows));
            if (!brief) out.add(new Paragraph(List.of(new Text("Combining the local derivatives:"))));
            last = new ArrayList<>();
            // a brief key drops the · 1 a constant factor leaves (∂z₃/∂b₃ = 1) before combining
            Expr combined = brief ? light(ch.combined()) : ch.combined();
            // ① ② ③, or with parts and other problems: (a), ③, ① ② of Problem 2
            labels = grouped(labels);
            boolean plain = labels.stream().allMatch(c -> c.length() == 1);
            last.add(Row.of(lhs, tex(combined)).because("using " + String.join(plain ? " " : ", ", labels)));
            if (!d.answer().equals(combined)) last.add(Row.of("", tex(d.answer())).because(simplified(combined, d.answer())));
        }
        case Derivation.Direct dd -> {
            if (d.target() instanceof Sym && d.verified() && !d.definitions().isEmpty()) {
                // a later part may meet this derivative as a local one, in either form
                Shared.Found here = new Shared.Found(shared.problem, shared.part);
                shared.found.putIfAbsent(key(d.target(), d.var(), d.function(), dd.step().result()), here);
                shared.found.putIfAbsent(key(d.target(), d.var(), d.function(), d.answer()), here);
            }
            List<Block> steps = brief ? briefBlocks(dd.step(), lhs) : stepBlocks(dd.step(), lhs, 0);
            last = new ArrayList<>();
            boolean more = !d.answer().equals(dd.step().result());
            if (brief && !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Equations eq) {
                // the step's own rows go on to the answer, which is boxed there
                steps = new ArrayList<>(steps);
                steps.remove(steps.size() - 1);
                last.addAll(eq.rows());
                if (more) last.add(Row.of("", tex(d.answer())).because(simplified(dd.step().result(), d.answer())));
            } else if (more) {
                last.add(Row.of(lhs, tex(d.answer())).because(simplified(dd.step().result(), d.answer())));
            }
            out.addAll(steps);
        }
        case Derivation.Matrix m -> last = new ArrayList<>(); // laid out by MatrixLayout above
        }
        if (whole != null && d.verified()) shared.found.putIfAbsent(whole, new Shared.Found(shared.problem, shared.part));
        if (brief) {
            boxed(out, last, lhs, d);
            merge(out);
        } else {
            if (!last.isEmpty()) out.add(new Equations(last));
            out.add(new Answer(lhs, tex(d.answer()), d.verified()));
            out.add(verification(d));
        }
        if (!brief && !d.answerFlat().equals(d.answer()) && !d.definitions().isEmpty() && Breaks.readable(tex(d.answerFlat()))) {
            out.add(new Paragraph(List.of(new Text("With every definition substituted:"))));
            out.add(new Equations(List.of(Row.of(lhs, tex(d.answerFlat())))));
        }
        d.inTermsOf().filter(t -> !t.equals(d.answer())).ifPresent(t -> out.add(new Paragraph(List.of(new Text("In terms of the given names: "), new Doc.Math(lhs + " = " + tex(t)), new Text(".")))));
        for (String c : d.conventions()) if (shared.conventions.add(c)) out.add(new Note(NoteKind.CONVENTION, Words.convention(c)));
        for (String w : d.warnings()) out.add(new Note(NoteKind.WARNING, w));
        return out;
    }

    /**
     * Adjacent equation blocks as one aligned chain, as the seeds write a derivation: the chain rule,
     * the local derivatives and the combination under one another, with no gaps between them.
     */
    private static void merge(List<Block> out) {
        for (int k = out.size() - 1; k > 0; k--) {
            if (out.get(k) instanceof Equations b && out.get(k - 1) instanceof Equations a) {
                List<Row> rows = new ArrayList<>(a.rows());
                rows.addAll(b.rows());
                out.set(k - 1, new Equations(rows));
                out.remove(k);
            }
        }
    }

    /** "① of Problem 1", "② of Problem 1" → "① ② of Problem 1": one mention of each other problem. */
    private static List<String> grouped(List<String> cites) {
        Map<String, List<String>> byProblem = new LinkedHashMap<>();
        for (String c : cites) {
            int of = c.indexOf(" of Problem ");
            String where = of < 0 ? "" : c.substring(of);
            byProblem.computeIfAbsent(where.isEmpty() ? c : where, k -> new ArrayList<>()).add(of < 0 ? c : c.substring(0, of));
        }
        List<String> out = new ArrayList<>();
        byProblem.forEach((k, v) -> out.add(k.startsWith(" of Problem ") ? String.join(" ", v) + k : v.get(0)));
        return out;
    }

    /** Widest boxed answer kept in its row (in ems); a longer one is boxed on a line of its own. */
    static final double BOX_EMS = 30;

    /**
     * The rows that end at the answer, its last one boxed — the answer is written once. An answer too
     * long for a box on one line is left unboxed in its row (where it may break) and not repeated. A
     * brief key says "verified" once per problem; only a failure is marked here.
     */
    private static void boxed(List<Block> out, List<Row> last, String lhs, Derivation d) {
        if (last.isEmpty()) {
            out.add(new Answer(lhs, tex(d.answer()), d.verified() ? Doc.Mark.NONE : Doc.Mark.NOT_VERIFIED));
        } else {
            Row end = last.get(last.size() - 1);
            if (Breaks.ems(end.lhs() + "=" + end.rhs()) <= BOX_EMS)
                last.set(last.size() - 1, new Row(end.lhs(), end.rel(), "\\boxed{" + end.rhs() + "}", end.why(), end.label()));
            out.add(new Equations(last));
        }
        if (!d.verified()) out.add(verification(d));
    }

    /** ", where s_k = …" for the family instances among the locals, for a brief key's single block. */
    private static List<Inline> whereInstances(Derivation.Chain d) {
        List<Inline> out = new ArrayList<>();
        for (Derivation.Local l : d.locals()) {
            if (d.definitions().containsKey(l.node()) || l.node().equals(d.target())) continue;
            out.add(new Text(out.isEmpty() ? "Where " : ", "));
            out.add(new Doc.Math(tex(l.node()) + " = " + tex(l.definition())));
        }
        if (!out.isEmpty()) out.add(new Text(":"));
        return out;
    }

    /**
     * A step in a line or two, as a TA writes it: the rule applied with the parts' derivatives already
     * worked out, then the result (∂E/∂θ = ½ · 2(θ − t) = θ − t); piecewise functions case by case.
     */
    static List<Block> briefBlocks(Step s, String lhs) {
        List<Block> out = new ArrayList<>();
        Step core = s instanceof Step.Simplified sm ? sm.of() : s;
        if (core instanceof Step.Cases cs) {
            casesBlocks(cs, lhs, 0, out);
            if (s instanceof Step.Simplified sm && !sm.result().equals(cs.result()))
                appendRow(out, Row.of("", tex(sm.result())).because(SIMPLIFY));
            return out;
        }
        if (core instanceof Step.MaxMin mm && mm.cases() instanceof Step.Cases) {
            return stepBlocks(s, lhs, DEPTH);
        }
        List<Row> rows = new ArrayList<>();
        Expr expanded = expanded(core);
        Expr result = s.result();
        String subs = subRules(core);
        boolean worked = expanded != null && !trivial(core); // the rule applied, its parts' results substituted
        String why = subs.isEmpty() ? why(core) : why(core) + (worked ? "; " : ", ") + subs;
        if (worked) {
            Expr done = substituteResults(expanded, core);
            rows.add(Row.of(lhs, tex(done)).because(why));
            if (!done.equals(result))
                rows.add(Row.of("", tex(result)).because(s instanceof Step.Simplified ? simplified(core.result(), result) : SIMPLIFY));
        } else {
            rows.add(Row.of(lhs, tex(core.result())).because(why));
            // then the simplified form, unless it is only the left side again (∂ŷ/∂w = ∂g(w, x)/∂w = ∂ŷ/∂w)
            if (!core.result().equals(result) && !tex(result).equals(lhs))
                rows.add(Row.of("", tex(result)).because(simplified(core.result(), result)));
        }
        out.add(new Equations(rows));
        return out;
    }

    private static void appendRow(List<Block> out, Row row) {
        for (int k = out.size() - 1; k >= 0; k--) {
            if (out.get(k) instanceof Equations eq) {
                List<Row> rows = new ArrayList<>(eq.rows());
                rows.add(row);
                out.set(k, new Equations(rows));
                return;
            }
        }
        out.add(new Equations(List.of(row)));
    }

    /** "simplify", or the logistic identity when that is what turned the exponentials into σ. */
    private static String simplified(Expr from, Expr to) {
        return sigmoids(to) > sigmoids(from) ? SIMPLIFY + ", using \u03c3(u) = 1/(1 + exp(\u2212u))" : SIMPLIFY;
    }

    private static int sigmoids(Expr e) {
        int n = e instanceof Apply a && a.fn() instanceof Builtin b && b.op() == BuiltinFn.SIGMOID ? 1 : 0;
        for (Expr c : Exprs.children(e)) n += sigmoids(c);
        return n;
    }

    /** The definitions as a display, one per row (the way the seeds write them); conditions inline. */
    private static void given(Derivation d, List<Block> out) {
        List<Inline> parts = new ArrayList<>();
        for (Expr a : d.assumptions()) {
            parts.add(new Text(parts.isEmpty() ? "Assume " : ", "));
            parts.add(new Doc.Math(tex(a)));
        }
        if (!d.definitions().isEmpty()) {
            parts.add(new Text(parts.isEmpty() ? "Given the definitions" : "; given the definitions"));
        }
        if (!parts.isEmpty()) {
            parts.add(new Text(d.definitions().isEmpty() ? "." : ":"));
            out.add(new Paragraph(parts));
        }
        if (!d.definitions().isEmpty()) {
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<Sym, Expr> def : d.definitions().entrySet()) rows.add(Row.of(tex(def.getKey()), tex(def.getValue())));
            out.add(new Equations(rows));
        }
    }

    /**
     * The green "Verified" note only when every claim was checked; otherwise a visible "NOT verified"
     * note naming each step that was not checked (and why) or that failed. No tool is named: the key
     * must read the same whatever checked it.
     */
    public static Note verification(Derivation d) {
        int points = d.checkedPoints();
        if (d.verified())
            return new Note(NoteKind.VERIFIED, "Verified: every step and the answer agree with central finite differences at "
                    + points + " random points (inside each function's domain and each case's region, away from kinks).");
        List<String> parts = new ArrayList<>();
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (Verifier.Entry e : d.problems()) {
            String reason = switch (e.check()) {
                case Check.Failed f -> "disagrees with finite differences at " + DerivationText.point(f.at());
                case Check.Unchecked u -> "could not be checked: " + u.why();
                case Check.Checked c -> "was checked";
            };
            byReason.computeIfAbsent(reason, k -> new ArrayList<>()).add(DerivationText.claim(e));
        }
        byReason.forEach((reason, claims) -> parts.add(String.join(", ", claims) + " " + reason));
        if (d.oracle().disagrees()) parts.add("an independent symbolic check of the answer disagrees");
        if (d.checks().isEmpty()) parts.add("nothing could be checked numerically");
        if (parts.isEmpty()) parts.add("the component derivation does not reassemble the answer");
        return new Note(NoteKind.NOT_VERIFIED, "NOT verified: " + String.join("; ", parts)
                + ". Do not hand this out without checking it by hand.");
    }

    // ------------------------------------------------------------------ steps

    /** The blocks that show one step: its equation chain, then the sub-derivations it used. */
    static List<Block> stepBlocks(Step s, String lhs, int depth) {
        return layOut(s, lhs, depth).all();
    }

    /**
     * A step laid out: {@code main}, the blocks that end at the step's result, and {@code where}, the
     * sub-derivations it used, each after a "where".
     */
    private record Laid(List<Block> main, List<Block> where) {
        List<Block> all() {
            List<Block> out = new ArrayList<>(main);
            out.addAll(where);
            return out;
        }
    }

    private static Laid layOut(Step s, String lhs, int depth) {
        List<Block> main = new ArrayList<>();
        List<Block> where = new ArrayList<>();
        if (s instanceof Step.Cases cs) {
            casesBlocks(cs, lhs, depth, main);
        } else if (s instanceof Step.MaxMin mm && mm.cases() instanceof Step.Cases cs) {
            main.add(new Equations(List.of(new Row(tex(mm.f()), "=", tex(cs.f()), Optional.of(mm.rule().words()), Optional.empty()))));
            casesBlocks(cs, lhs, depth, main);
        } else {
            List<Row> rows = new ArrayList<>();
            chainRows(s, lhs, rows);
            main.add(new Equations(rows));
            if (depth < DEPTH) {
                for (Step sub : interesting(s instanceof Step.Simplified sm ? sm.of() : s)) {
                    where.add(new Paragraph(List.of(new Text("where"))));
                    where.addAll(stepBlocks(sub, tex(DerivationText.derivative(sub.f(), sub.var())), depth + 1));
                }
            }
        }
        return new Laid(main, where);
    }

    /** ∂f/∂x = (the rule applied, parts still to do) = (parts done) = result. */
    private static void chainRows(Step s, String lhs, List<Row> rows) {
        Step core = s instanceof Step.Simplified sm ? sm.of() : s;
        Expr expanded = expanded(core);
        Expr last;
        if (expanded == null || trivial(core)) {
            // a sum of constants and constant multiples of x: one line, = the result, with the rules named
            String why = trivial(core) && !subRules(core).isEmpty() ? why(core) + ", " + subRules(core) : why(core);
            rows.add(Row.of(lhs, tex(core.result())).because(why));
            last = core.result();
        } else {
            rows.add(Row.of(lhs, tex(expanded)).because(why(core)));
            last = expanded;
            Expr done = substituteResults(expanded, core);
            if (!done.equals(last)) {
                rows.add(Row.of("", tex(done)).because(subRules(core)));
                last = done;
            }
        }
        // The chain always ends at the step's result (and its simplified form, if any).
        if (!core.result().equals(last)) {
            rows.add(Row.of("", tex(core.result())).because(SIMPLIFY));
            last = core.result();
        }
        if (s instanceof Step.Simplified sm && !sm.result().equals(last))
            rows.add(Row.of("", tex(sm.result())).because(SIMPLIFY));
    }

    /**
     * A sum whose every term is a constant, the variable, or a constant times it: writing each term's
     * derivative out (∂b₃/∂w₇ + ∂(w₇h₁)/∂w₇ + …) says nothing a reader needs.
     */
    private static boolean trivial(Step s) {
        return s instanceof Step.Sum sum && sum.parts().stream().allMatch(DerivationLayout::leaf);
    }

    private static boolean leaf(Step s) {
        return s instanceof Step.Constant || s instanceof Step.Variable
                || s instanceof Step.ConstantMultiple cm && leaf(cm.inner());
    }

    private static String why(Step s) {
        if (s instanceof Step.Chain c) return "chain rule, " + c.outer().words();
        if (s instanceof Step.Opaque) return "kept symbolic";
        return s.rule().words();
    }

    /** The words of the rules of s's parts, each once; constants and the variable itself go without saying. */
    private static String subRules(Step s) {
        Set<String> names = new LinkedHashSet<>();
        for (Step sub : s.substeps()) {
            if (sub instanceof Step.Constant || sub instanceof Step.Variable) continue;
            names.add(sub instanceof Step.Chain c ? c.outer().words() : sub.rule().words());
        }
        return names.isEmpty() ? "" : String.join("; ", names);
    }

    /**
     * The rule applied with the derivatives of the parts still written as derivatives, or null for
     * a rule with no parts (a leaf such as the power rule on w itself).
     */
    static Expr expanded(Step s) {
        return switch (s) {
            case Step.Chain c -> Expr.mul(c.outerDerivative(), d(c.inner(), c.var()));
            case Step.Sum sum -> {
                List<Expr> terms = new ArrayList<>();
                for (Step sub : sum.parts()) terms.add(d(sub.f(), sub.var()));
                yield Expr.add(terms);
            }
            case Step.IndexedSum is -> new BigOp(is.f().kind(), is.f().index(), is.f().from(), is.f().to(), d(is.body().f(), is.var()));
            case Step.ConstantMultiple cm -> productForm(cm.f(), cm.var(), true);
            case Step.Product p -> productForm(p.f(), p.var(), false);
            case Step.Quotient q -> quotientForm(q, q.numerator().f(), q.denominator().f());
            // \tanh'(x) written out by tanh-rule, then differentiated: d/dx (1 − tanh(x)²)
            case Step.WrittenOut w -> d(w.of().f(), w.var());
            case Step.Simplified sm -> expanded(sm.of());
            case Step.Constant k -> null;
            case Step.Variable v -> null;
            case Step.Cases cs -> null;
            case Step.MaxMin mm -> null;
            case Step.Opaque o -> null;
            case Step.Applied a -> null;
        };
    }

    /** (c u)' = c u' and (u v)' = u' v + u v', written with the factors of f in their order. */
    private static Expr productForm(Expr f, Sym x, boolean constantMultiple) {
        if (!(f instanceof Mul m)) return null;
        List<Expr> varying = new ArrayList<>();
        for (Expr factor : m.factors()) if (Dependence.dependsOn(factor, x)) varying.add(factor);
        if (constantMultiple) {
            if (varying.size() != 1) return null;
            return replaceFactor(m, varying.get(0), d(varying.get(0), x));
        }
        List<Expr> terms = new ArrayList<>();
        for (Expr v : varying) terms.add(replaceFactor(m, v, d(v, x)));
        return Expr.add(terms);
    }

    private static Expr replaceFactor(Mul m, Expr factor, Expr by) {
        List<Expr> fs = new ArrayList<>();
        boolean done = false;
        for (Expr f : m.factors()) {
            if (!done && f.equals(factor)) {
                fs.add(by);
                done = true;
            } else {
                fs.add(f);
            }
        }
        return Expr.mul(fs);
    }

    private static Expr quotientForm(Step.Quotient r, Expr u, Expr v) {
        List<Expr> constants = new ArrayList<>();
        if (r.f() instanceof Mul m)
            for (Expr f : m.factors()) if (!Dependence.dependsOn(f, r.var())) constants.add(f);
        Expr top = Expr.sub(Expr.mul(d(u, r.var()), v), Expr.mul(u, d(v, r.var())));
        constants.add(Expr.div(top, Expr.pow(v, 2)));
        return Expr.mul(constants);
    }

    private static Expr substituteResults(Expr expanded, Step s) {
        Expr out = expanded;
        for (Step sub : s.substeps()) {
            Expr result = sub instanceof Step.Simplified sm ? sm.result() : sub.result();
            out = Exprs.substitute(out, d(sub.f(), sub.var()), result);
        }
        return light(out);
    }

    /** Drops the + 0 terms and · 1 factors that substituting leaves, without reordering anything. */
    static Expr light(Expr e) {
        Expr in = Exprs.mapChildren(e, DerivationLayout::light);
        return switch (in) {
            case Add a -> Expr.add(a.terms().stream().filter(t -> !Exprs.isNum(t, 0)).toList());
            case Mul m -> m.factors().stream().anyMatch(f -> Exprs.isNum(f, 0)) ? Expr.num(0)
                    : Expr.mul(m.factors().stream().filter(f -> !Exprs.isNum(f, 1)).toList());
            default -> in;
        };
    }

    /** Sub-steps worth a derivation of their own: chains through a real inner expression, cases, quotients. */
    private static List<Step> interesting(Step s) {
        List<Step> out = new ArrayList<>();
        for (Step sub : s.substeps()) {
            Step core = sub instanceof Step.Simplified sm ? sm.of() : sub;
            boolean worth = switch (core) {
                case Step.Chain c -> Exprs.size(c.inner()) > 3;
                case Step.Cases cs -> true;
                case Step.Quotient q -> true;
                case Step.Product p -> !p.parts().isEmpty();
                case Step.MaxMin mm -> true;
                case Step.IndexedSum is -> true;
                case Step.Constant k -> false;
                case Step.Variable v -> false;
                case Step.Sum sum -> false;
                case Step.ConstantMultiple cm -> false;
                case Step.WrittenOut w -> false;
                case Step.Applied a -> false;
                case Step.Opaque o -> false;
                case Step.Simplified sm -> false;
            };
            if (worth) out.add(sub);
        }
        return out;
    }

    private static void casesBlocks(Step.Cases cs, String lhs, int depth, List<Block> out) {
        out.add(new Paragraph(List.of(new Text("Case by case, each on its own region:"))));
        List<Row> rows = new ArrayList<>();
        boolean otherwise = cs.f() instanceof Piecewise pw && pw.otherwise().isPresent();
        for (int k = 0; k < cs.branches().size(); k++) {
            Step b = cs.branches().get(k);
            boolean last = k == cs.branches().size() - 1;
            String cond = otherwise && last ? "\\text{otherwise}" : "\\text{if } " + tex(cs.conditions().get(k));
            Expr shown = b instanceof Step.Simplified sm ? sm.result() : b.result();
            rows.add(new Row(tex(d(b.f(), b.var())), "=", tex(shown) + ", \\quad " + cond,
                    Optional.of(why(b instanceof Step.Simplified sm ? sm.of() : b)), Optional.empty()));
        }
        rows.add(Row.of(lhs, tex(cs.casesForm())));
        rows.add(Row.of("", tex(cs.result())).because("recombined with indicators"));
        out.add(new Equations(rows));
    }

    /** Labels the step's result: the last row of the last equation block of its main chain. */
    private static void labelLast(List<Block> group, int label) {
        int main = -1;
        for (int k = 0; k < group.size(); k++)
            if (group.get(k) instanceof Equations eq && !eq.rows().isEmpty()) main = k;
        if (main < 0) return;
        Equations eq = (Equations) group.get(main);
        List<Row> rows = new ArrayList<>(eq.rows());
        rows.set(rows.size() - 1, rows.get(rows.size() - 1).labelled(label));
        group.set(main, new Equations(rows));
    }

    /** The circled numeral for a label (①–⑳). */
    public static String circled(int n) {
        return n >= 1 && n <= 20 ? String.valueOf((char) (0x2460 + n - 1)) : "(" + n + ")";
    }

    private static Expr d(Expr f, Expr x) {
        return DerivationText.derivative(f, x);
    }

    private static String tex(Expr e) {
        return LatexPrinter.print(e);
    }
}
