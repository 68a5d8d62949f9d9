package org.chainrule.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.derive.ComponentView;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.matrix.MatrixCalculus;
import org.chainrule.derive.matrix.MatrixCalculus.Gradient;
import org.chainrule.derive.matrix.MatrixCalculus.RuleUse;
import org.chainrule.derive.matrix.MatrixCalculus.Term;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.render.Doc.*;

/**
 * A matrix derivation laid out the way seed 003 writes one: the shapes first, the names introduced
 * along the way, then each gradient by the vector chain rule in denominator layout, with the shape of
 * every factor written under it, and the boxed answer with its shape.
 */
final class MatrixLayout {
    private MatrixLayout() {}

    static List<Block> blocks(Derivation.Matrix d, boolean showGiven, KeyStyle style) {
        MatrixCalculus mc = d.calculus();
        List<Block> out = new ArrayList<>();
        Map<Sym, Shape> shapes = mc.shapes();
        Set<Sym> introduced = mc.introduced().keySet();

        List<Row> dims = new ArrayList<>();
        Set<Sym> shown = new LinkedHashSet<>();
        for (Sym s : Exprs.valueSymbols(d.answerFlat() == null ? d.function() : Expr.add(d.function(), d.var()))) shown.add(s);
        for (Map.Entry<Sym, Expr> def : d.definitions().entrySet()) shown.addAll(Exprs.valueSymbols(def.getValue()));
        for (Sym s : shapes.keySet()) {
            if (!shown.contains(s) || d.definitions().containsKey(s) || s.equals(mc.target()) || !shapes.containsKey(s)) continue;
            dims.add(new Row("\\dim(" + tex(s) + ")", "=", shape(shapes.get(s)), Optional.empty(), Optional.empty()));
        }
        boolean brief = style.brief();
        // the shapes are declared in the problem's givens, which a caller that shows them has shown
        if (!dims.isEmpty() && !(brief && !showGiven)) {
            out.add(Paragraph.text("Shapes, in denominator layout (a gradient ∂L/∂x has the shape of x; undeclared symbols are scalars):"));
            out.add(new Equations(dims));
        }
        List<Row> defs = new ArrayList<>();
        if (showGiven)
            for (Map.Entry<Sym, Expr> def : d.definitions().entrySet())
                if (!introduced.contains(def.getKey()) && !def.getKey().equals(mc.target()))
                    defs.add(Row.of(tex(def.getKey()), braced(def.getValue(), shapes)));
        for (Map.Entry<Sym, Expr> def : mc.introduced().entrySet())
            defs.add(Row.of(tex(def.getKey()), braced(def.getValue(), shapes)).because("name introduced"));
        Expr body = mc.expanded().isPresent() ? d.function() : substituteIntroduced(d.function(), mc);
        defs.add(Row.of(tex(mc.target()), braced(body, shapes)));
        mc.expanded().ifPresent(e -> defs.add(Row.of("", braced(e, shapes)).because("multiply out")));
        out.add(Paragraph.text(mc.introduced().isEmpty() ? "Shape check:" : "Shape check, with names for the inner expressions:"));
        out.add(new Equations(defs));

        Map<Sym, Integer> labels = new LinkedHashMap<>();
        int label = 1;
        for (Gradient g : mc.gradients()) {
            String lhs = tex(new Deriv(mc.target(), List.of(g.node()), true));
            out.add(new Paragraph(List.of(new Text(g.node().equals(d.var()) ? "Finally, by " : "Gradient by "), new Doc.Math(tex(g.node())),
                    new Text(" (" + words(g.shape()) + "):"))));
            List<Row> rows = new ArrayList<>();
            boolean single = g.terms().size() == 1 && Exprs.isNum(g.terms().get(0).adjoint(), 1);
            if (single) {
                Term t = g.terms().get(0);
                Optional<RuleUse.Scalar> scalar = t.rules().size() == 1 && t.rules().get(0) instanceof RuleUse.Scalar sc
                        ? Optional.of(sc) : Optional.empty();
                if (scalar.isPresent() && brief) {
                    // A scalar by a scalar, in a line or two; its last row is the gradient, labelled below.
                    List<Block> steps = DerivationLayout.briefBlocks(scalar.get().step(), lhs);
                    Block end = steps.get(steps.size() - 1);
                    out.addAll(steps.subList(0, steps.size() - 1));
                    if (end instanceof Equations eq) rows.addAll(eq.rows());
                    else out.add(end);
                    if (rows.isEmpty()) rows.add(Row.of(lhs, braced(g.value(), shapes)));
                } else if (scalar.isPresent()) {
                    // A scalar by a scalar (a piecewise loss by its residual): the scalar engine's steps.
                    out.addAll(DerivationLayout.stepBlocks(scalar.get().step(), lhs, 0));
                    rows.add(Row.of(lhs, braced(g.value(), shapes)));
                } else {
                    rows.add(Row.of(lhs, braced(t.result(), shapes)).because(why(t)));
                }
            } else {
                List<Expr> chain = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                List<String> reasons = new ArrayList<>();
                boolean matrixVar = !shapes.getOrDefault(g.node(), Shape.SCALAR).isScalar()
                        && !Exprs.isNum(shapes.get(g.node()).cols(), 1);
                for (Term t : g.terms()) {
                    if (Exprs.isNum(t.adjoint(), 1)) {
                        chain.add(new Deriv(t.parent(), List.of(g.node()), true));
                        parts.add(braced(t.result(), shapes));
                    } else {
                        chain.add(Expr.mul(new Deriv(t.parent(), List.of(g.node()), true), t.adjoint()));
                        parts.add(t.jacobian().map(j -> braced(j, shapes) + " " + braced(t.adjoint(), shapes))
                                .orElse(braced(t.result(), shapes)));
                    }
                    reasons.add(why(t));
                }
                if (!matrixVar) rows.add(Row.of(lhs, tex(Expr.add(chain))).because("vector chain rule"));
                rows.add(Row.of(matrixVar ? lhs : "", String.join(" + ", parts)).because(String.join("; ", new LinkedHashSet<>(reasons))));
                List<String> refs = new ArrayList<>();
                for (Term t : g.terms()) if (t.parent() instanceof Sym p && labels.containsKey(p)) refs.add(DerivationLayout.circled(labels.get(p)));
                rows.add(Row.of("", braced(g.value(), shapes)).because(refs.isEmpty() ? Step.Simplified.RULE.words() : "by " + String.join(", ", refs)));
            }
            Row last = rows.get(rows.size() - 1).labelled(label);
            rows.set(rows.size() - 1, last);
            labels.put(g.node(), label++);
            out.add(new Equations(rows));
            if (!g.report().verified()) out.add(new Note(NoteKind.NOT_VERIFIED, "This gradient could not be verified numerically."));
        }
        String lhs = tex(DerivationText.lhs(d));
        Gradient last = mc.gradients().get(mc.gradients().size() - 1);
        // a brief key goes from the last gradient to the boxed answer: the substitution is in plain sight
        if (!d.answer().equals(last.value()) && !brief)
            out.add(new Equations(List.of(Row.of(lhs, braced(d.answer(), shapes)).because("substitute the names introduced"))));
        out.add(new Answer(lhs, tex(d.answer()), brief && d.verified() ? Doc.Mark.NONE : d.verified() ? Doc.Mark.VERIFIED : Doc.Mark.NOT_VERIFIED));
        out.add(new Paragraph(List.of(new Text("Shape check: "), new Doc.Math(lhs), new Text(" is " + words(last.shape())
                + ", the shape of "), new Doc.Math(tex(d.var())), new Text(" (denominator layout)."))));
        // a brief key says "verified" once per problem; a failure is always shown where it happens
        if (!brief || !d.verified()) out.add(verification(d, mc));
        if (!brief && !d.answerFlat().equals(d.answer()) && Breaks.readable(tex(d.answerFlat()))) {
            out.add(Paragraph.text("With every definition substituted:"));
            out.add(new Equations(List.of(Row.of(lhs, tex(d.answerFlat())))));
        }
        d.components().ifPresent(v -> components(d, mc, v, lhs, out, style));
        for (String c : d.conventions()) out.add(new Note(NoteKind.CONVENTION, Words.convention(c)));
        return out;
    }

    /** The same gradient by components, as seed 003 does it, and the check that it reassembles the answer. */
    private static void components(Derivation d, MatrixCalculus mc, ComponentView v, String lhs, List<Block> out, KeyStyle style) {
        out.add(new Heading("By components"));
        out.add(new Paragraph(List.of(new Text("Written with components, the function is"))));
        out.add(new Equations(List.of(Row.of(tex(mc.target()), tex(v.indexForm())))));
        out.add(new Paragraph(List.of(new Text("Differentiating by one component "), new Doc.Math(tex(v.component())), new Text(":"))));
        List<Block> steps = DerivationLayout.blocks(v.derivation(), false, style, new DerivationLayout.Shared());
        for (Block b : steps) if (!(b instanceof Note)) out.add(b);
        String entry = v.component().sub().size() == 2 ? "entry (i, j)" : "entry i";
        if (v.reassembled())
            out.add(new Paragraph(List.of(new Text("This is " + entry + " of "), new Doc.Math(lhs + " = " + tex(d.answerFlat())),
                    new Text(": the two derivations agree at every entry (" + v.entries() + " entries compared at random points), "
                            + "so the components reassemble the matrix answer."))));
        else
            out.add(new Note(NoteKind.NOT_VERIFIED, "The component derivation does not reassemble the matrix answer at every entry; "
                    + "do not hand this out without checking it by hand."));
    }

    /** The function written with the introduced names (L = ½‖u‖² rather than ½‖Xw − y‖²). */
    private static Expr substituteIntroduced(Expr e, MatrixCalculus mc) {
        Expr cur = e;
        for (Map.Entry<Sym, Expr> en : mc.introduced().entrySet()) cur = replace(cur, en.getValue(), en.getKey());
        return cur;
    }

    private static Expr replace(Expr e, Expr from, Expr to) {
        if (e.equals(from)) return to;
        return Exprs.mapChildren(e, c -> replace(c, from, to));
    }

    static Note verification(Derivation d, MatrixCalculus mc) {
        if (!d.verified()) return DerivationLayout.verification(d);
        int points = d.checkedPoints();
        List<String> sizes = new ArrayList<>();
        for (Map.Entry<Sym, Integer> s : mc.sizes().entrySet()) sizes.add(LatexPrinter.print(s.getKey()) + " = " + s.getValue());
        return new Note(NoteKind.VERIFIED, "Verified: every local derivative, every gradient and the answer agree with central "
                + "finite differences on random matrices of the declared shapes" + (sizes.isEmpty() ? "" : " (" + String.join(", ", sizes) + ")")
                + ", " + points + " checks in all.");
    }

    /** The most telling rule of a term: the identity a TA would quote, else the general rule used. */
    static String why(Term t) {
        List<String> specific = new ArrayList<>();
        for (RuleUse u : t.rules()) {
            boolean quoted = switch (u) {
                case RuleUse.Structural s -> false;
                case RuleUse.Identity i -> true;
                case RuleUse.Scalar(Step s) -> !bookkeeping(s);
            };
            if (quoted && !specific.contains(u.rule().words())) specific.add(u.rule().words());
        }
        if (specific.isEmpty()) return t.rules().isEmpty() ? "identity" : t.rules().get(0).rule().words();
        return String.join("; ", specific);
    }

    /** Scalar steps that say nothing beside a matrix term: a constant, the variable, a sum, a constant factor. */
    private static boolean bookkeeping(Step s) {
        return switch (s) {
            case Step.Constant k -> true;
            case Step.Variable v -> true;
            case Step.Sum sum -> true;
            case Step.ConstantMultiple cm -> true;
            case Step.IndexedSum is -> false;
            case Step.Product p -> false;
            case Step.Quotient q -> false;
            case Step.Chain c -> false;
            case Step.Cases cs -> false;
            case Step.MaxMin mm -> false;
            case Step.WrittenOut w -> false;
            case Step.Opaque o -> false;
            case Step.Simplified sm -> false;
            case Step.Applied a -> false;
        };
    }

    /** e with the shape of each factor written under it (numbers and the whole scalar left bare). */
    static String braced(Expr e, Map<Sym, Shape> shapes) {
        Shape whole = shapeOf(e, shapes);
        if (e instanceof Mul m && whole != null) {
            StringBuilder s = new StringBuilder();
            List<Expr> fs = m.factors();
            int braces = 0;
            for (Expr f : fs) if (!(f instanceof Num)) braces++;
            if (braces >= 2) {
                for (Expr f : fs) {
                    if (f instanceof Num n) {
                        s.append(n.value().isInteger() && n.value().doubleValue() == -1 ? "-" : LatexPrinter.print(f) + " ");
                        continue;
                    }
                    String inner = f instanceof Add || f instanceof Hadamard ? "\\left(" + LatexPrinter.print(f) + "\\right)" : LatexPrinter.print(f);
                    Shape sf = shapeOf(f, shapes);
                    s.append(sf == null ? inner : "\\underbrace{" + inner + "}_{" + shape(sf) + "}").append(" ");
                }
                return s.toString().trim();
            }
        }
        if (whole == null || e instanceof Num) return LatexPrinter.print(e);
        return "\\underbrace{" + LatexPrinter.print(e) + "}_{" + shape(whole) + "}";
    }

    private static Shape shapeOf(Expr e, Map<Sym, Shape> shapes) {
        try {
            return Shapes.of(e, shapes);
        } catch (Shapes.ShapeException ex) {
            return null;
        }
    }

    static String shape(Shape s) {
        return s.isScalar() ? "\\text{scalar}" : LatexPrinter.print(s.rows()) + " \\times " + LatexPrinter.print(s.cols());
    }

    static String words(Shape s) {
        return s.isScalar() ? "a scalar" : s.toString().replace(" \\times ", " × ");
    }

    private static String tex(Expr e) {
        return LatexPrinter.print(e);
    }
}
