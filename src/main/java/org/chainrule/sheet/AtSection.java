package org.chainrule.sheet;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chainrule.derive.DeriveException;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Draw;
import org.chainrule.numeric.WengertList.Value;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Exact;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Equations;
import org.chainrule.render.Doc.Inline;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Paragraph;
import org.chainrule.render.Doc.Row;
import org.chainrule.render.Doc.Table;
import org.chainrule.render.Doc.Text;
import org.chainrule.simplify.Simplifier;

/**
 * {@code \at{x_1 = 0.18, W_1 = \begin{bmatrix}…\end{bmatrix}, t = -1.29}}: the problem worked at a
 * point, as a student does it by hand. A forward pass evaluates every named intermediate in
 * dependency order; a backward pass gives the adjoint ∂T/∂v of every intermediate and parameter of the
 * target T, each from the engine's derivative, checked against the reverse-mode accumulation of the
 * local derivatives and against central finite differences; then each \find at the point, and the
 * gradients of matrix parameters as matrices. With {@code [student = k]} it also shows what a student
 * gets who rounds every intermediate to k significant digits.
 *
 * <p>Values are exact rationals where the expression is rational (sums and products of the given
 * decimals), doubles otherwise; they are shown rounded to the key's digits (significant digits).
 */
final class AtSection implements Section {

    /** A matrix or vector given in the point, and the scalar each entry bound. */
    record MatrixParam(Sym name, List<List<Sym>> entries) {}

    private static final Pattern OPTION = Pattern.compile("\\s*(digits|student)\\s*=\\s*(\\d{1,2})\\s*");

    @Override
    public Output render(SheetSource.Directive directive, Context context) throws SectionException {
        int digits = context.digits();
        int student = 0;
        if (directive.option().isPresent() && !directive.option().get().isBlank()) {
            for (String part : directive.option().get().split(",")) {
                Matcher m = OPTION.matcher(part);
                if (!m.matches())
                    throw new SectionException("\\at takes the options digits = k and student = k (k from 1 to 15), not \"" + part.strip() + "\"");
                int k = Integer.parseInt(m.group(2));
                if (k < 1 || k > 15) throw new SectionException("the number of digits for \\at must be from 1 to 15");
                if (m.group(1).equals("digits")) digits = k;
                else student = k;
            }
        }
        SheetSource.Problem problem = context.problem();
        Forward worked = forward(problem, directive);
        Definitions defs = worked.defs();
        Set<Sym> used = worked.used();
        Map<Sym, Value> point = worked.point();
        List<MatrixParam> matrices = worked.matrices();
        List<Sym> order = worked.order();
        Map<Sym, Value> values = worked.values();

        Sym target = target(problem, defs);
        Set<Sym> upstream = new LinkedHashSet<>();
        collectUpstream(target, defs, upstream);

        List<Block> blocks = new ArrayList<>();
        List<Inline> intro = new ArrayList<>();
        intro.add(new Text("At the point "));
        int n = 0;
        for (Map.Entry<Sym, Value> en : point.entrySet()) {
            if (n++ > 0) intro.add(new Text(", "));
            intro.add(new Doc.Math(LatexPrinter.print(en.getKey()) + " = " + number(en.getValue(), 15)));
        }
        intro.add(new Text(" (values shown to " + digits + " significant digits, computed in full precision)."));
        blocks.add(new Paragraph(intro));

        // Forward table: inputs, then each definition once its inputs are known.
        List<String> fHeader = new ArrayList<>(List.of("\\text{name}", "\\text{definition}", "\\text{value}"));
        Map<Sym, Double> studentValues = new HashMap<>();
        if (student > 0) {
            fHeader.add("\\text{student}");
            for (Map.Entry<Sym, Value> en : point.entrySet()) studentValues.put(en.getKey(), en.getValue().approx());
            for (Sym s : order) studentValues.put(s, round(Evaluator.eval(defs.definition(s), Env.of(studentValues)), student));
        }
        List<List<String>> fRows = new ArrayList<>();
        List<Object> forwardData = new ArrayList<>();
        boolean brief = context.style().brief();
        for (Map.Entry<Sym, Value> en : point.entrySet()) {
            if (!upstream.contains(en.getKey()) && !used.contains(en.getKey())) continue;
            if (brief) continue; // the point is written out above; a brief key does not list it again
            List<String> row = new ArrayList<>(List.of(LatexPrinter.print(en.getKey()), "\\text{given}", number(en.getValue(), digits)));
            if (student > 0) row.add(number(en.getValue(), digits));
            fRows.add(row);
        }
        for (Sym s : order) {
            List<String> row = new ArrayList<>(List.of(LatexPrinter.print(s), LatexPrinter.print(defs.definition(s)), number(values.get(s), digits)));
            if (student > 0) row.add(decimal(studentValues.get(s), 15));
            fRows.add(row);
            forwardData.add(entry(s, values.get(s), student > 0 ? studentValues.get(s) : null));
        }
        blocks.add(new Paragraph(List.of(new Text("Forward pass: each intermediate once the values it uses are known."))));
        blocks.add(new Table(fHeader, fRows, Optional.of("Forward pass" + (student > 0 ? "; the student column rounds to " + student + " significant digits" : ""))));

        // ------------------------------------------------------------ backward pass
        Engine engine = context.engine();
        long seed = Draw.SEED + problem.number() * 31L;
        List<Sym> backward = backwardOrder(target, order, point.keySet(), defs, upstream);
        Env env = Env.of(doubles(values));
        List<Expr> conditions = problem.given().stream().filter(g -> !isDefinition(g)).toList();
        // Local partial derivatives ∂c/∂v of each definition in what it uses directly.
        Map<List<Sym>, Expr> local = new HashMap<>();
        Map<Sym, List<Sym>> consumers = new LinkedHashMap<>();
        for (Sym c : order) {
            if (!upstream.contains(c) && !c.equals(target)) continue;
            for (Sym v : free(defs.definition(c))) {
                if (!upstream.contains(v)) continue;
                consumers.computeIfAbsent(v, k -> new ArrayList<>()).add(c);
                Derivation d = derive(engine, new Engine.Problem(defs.definition(c), v, conditions, false, List.of(), seed));
                local.put(List.of(c, v), Simplifier.simplify(defs.backSubstitute(d.answerFlat(), null)));
            }
        }
        Map<Sym, Value> adjoint = new LinkedHashMap<>();
        Map<Sym, Double> accumulated = new HashMap<>(), studentAdjoint = new HashMap<>();
        accumulated.put(target, 1.0);
        studentAdjoint.put(target, 1.0);
        List<String> bHeader = new ArrayList<>(List.of("\\text{quantity}", "\\text{chain rule}", "\\text{numbers}", "\\text{value}"));
        if (student > 0) bHeader.add("\\text{student}");
        List<List<String>> bRows = new ArrayList<>();
        List<Object> adjointData = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        Map<Sym, Double> studentLocalEnv = student > 0 ? studentValues : Map.of();
        for (Sym v : backward) {
            Derivation d = derive(engine, new Engine.Problem(target, v, problem.given(), false, List.of(), seed));
            Value val = evaluate(d.answerFlat(), values);
            adjoint.put(v, val);
            double acc = 0, stu = 0;
            List<Expr> chain = new ArrayList<>();
            List<String> numbers = new ArrayList<>(); // (upstream adjoint)(local derivative), as a hand calculation writes it
            for (Sym c : consumers.getOrDefault(v, List.of())) {
                Expr l = local.get(List.of(c, v));
                double lv = Evaluator.eval(l, env);
                numbers.add(c.equals(target) ? "(" + decimal(lv, digits) + ")"
                        : "(" + decimal(accumulated.get(c), digits) + ")(" + decimal(lv, digits) + ")");
                acc += accumulated.get(c) * lv;
                if (student > 0) stu += studentAdjoint.get(c) * round(Evaluator.eval(l, Env.of(studentLocalEnv)), student);
                Expr dcdv = new Deriv(c, List.of(v), true);
                chain.add(c.equals(target) ? dcdv : Expr.mul(new Deriv(target, List.of(c), true), dcdv));
            }
            accumulated.put(v, acc);
            if (student > 0) studentAdjoint.put(v, round(stu, student));
            // Central finite differences of the target with v free (its own definition dropped).
            List<Expr> without = problem.given().stream().filter(g -> !(isDefinition(g) && ((Rel) g).operands().get(0).equals(v))).toList();
            Expr flat = Definitions.of(without).inline(target);
            double[] fd;
            try {
                fd = Evaluator.derivativeWithError(flat, List.of(v), env);
            } catch (EvalException e) {
                throw new SectionException("the target cannot be evaluated near the point: " + e.getMessage());
            }
            double tol = 1e-6 * Math.max(1, Math.abs(val.approx()));
            if (!(Math.abs(fd[0] - val.approx()) <= tol + fd[1]) || !(Math.abs(acc - val.approx()) <= tol))
                disagreements.add(plain(v));
            Expr q = new Deriv(target, List.of(v), true);
            List<String> row = new ArrayList<>(List.of(LatexPrinter.print(q), LatexPrinter.print(Expr.add(chain)),
                    String.join(" + ", numbers), number(val, digits)));
            if (student > 0) row.add(decimal(studentAdjoint.get(v), 15));
            if (!brief || asked(v, problem, defs)) bRows.add(row);
            adjointData.add(entry(v, val, student > 0 ? studentAdjoint.get(v) : null));
        }
        blocks.add(new Paragraph(List.of(new Text("Backward pass: the adjoint of each quantity, from the adjoints of the quantities that use it."))));
        blocks.add(new Table(bHeader, bRows, Optional.of("Backward pass" + (student > 0 ? "; the student column rounds to " + student + " significant digits" : ""))));
        boolean verified = disagreements.isEmpty();
        blocks.add(verified
                ? new Note(NoteKind.VERIFIED, "Every adjoint agrees three ways: the symbolic derivative, the product of local derivatives along the chain (reverse mode), and central finite differences of the target.")
                : new Note(NoteKind.NOT_VERIFIED, "These adjoints disagree with the reverse-mode accumulation or finite differences: " + String.join(", ", disagreements) + "."));

        // Gradients of the matrix parameters, laid out like the matrices.
        List<Row> gradRows = new ArrayList<>();
        Map<String, Object> gradData = new LinkedHashMap<>();
        for (MatrixParam m : matrices) {
            List<List<Expr>> cells = new ArrayList<>();
            List<Object> dataRows = new ArrayList<>();
            boolean any = false;
            for (List<Sym> r : m.entries()) {
                List<Expr> cr = new ArrayList<>();
                List<Object> dr = new ArrayList<>();
                for (Sym s : r) {
                    Value a = adjoint.get(s);
                    if (a != null) any = true;
                    double v = a == null ? 0 : a.approx();
                    cr.add(numExpr(a == null ? Value.of(Rational.ZERO) : a, digits));
                    dr.add(v);
                }
                cells.add(cr);
                dataRows.add(dr);
            }
            if (!any) continue;
            Sym nabla = m.name().withStyles(prepend("nabla", m.name().styles()));
            gradRows.add(Row.of(LatexPrinter.print(nabla), LatexPrinter.print(new Expr.Matrix(cells))));
            gradData.put(LatexPrinter.print(m.name()), dataRows);
        }
        if (!gradRows.isEmpty()) {
            blocks.add(new Paragraph(List.of(new Text("The gradients of the matrix parameters, entry by entry:"))));
            blocks.add(new Equations(gradRows));
        }

        // Each \find at the point.
        List<List<String>> findRows = new ArrayList<>();
        List<Object> findData = new ArrayList<>();
        int k = 0;
        for (SheetSource.Find f : problem.finds()) {
            k++;
            Expr t = f.target() instanceof Deriv dv && dv.wrt().size() == 1 ? dv.f() : f.target();
            Derivation d = derive(engine, new Engine.Problem(t, f.wrt(), problem.given(), f.flat(), f.inTermsOf(), seed + k));
            for (Sym u : free(d.answerFlat()))
                if (!values.containsKey(u))
                    throw new SectionException("the point gives no value for " + plain(u) + ", which find " + k + " needs");
            Value val = evaluate(d.answerFlat(), values);
            Expr q = new Deriv(t, List.of(f.wrt()), true);
            findRows.add(brief ? List.of(LatexPrinter.print(q), factors(d.answer(), values, digits), number(val, digits))
                    : List.of(LatexPrinter.print(q), LatexPrinter.print(d.answer()), number(val, digits)));
            Map<String, Object> fd = new LinkedHashMap<>();
            fd.put("find", LatexPrinter.print(q));
            fd.put("value", val.approx());
            val.exact().ifPresent(r -> fd.put("exact", r.toString()));
            findData.add(fd);
        }
        if (!findRows.isEmpty()) {
            blocks.add(new Paragraph(List.of(new Text("The derivatives asked for, at the point:"))));
            // a brief key has boxed each answer already: only its value here
            blocks.add(new Table(brief ? List.of("\\text{find}", "\\text{numbers}", "\\text{value}") : List.of("\\text{find}", "\\text{answer}", "\\text{value}"),
                    findRows, Optional.empty()));
        }

        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> pointData = new LinkedHashMap<>();
        for (Map.Entry<Sym, Value> en : point.entrySet()) pointData.put(LatexPrinter.print(en.getKey()), en.getValue().approx());
        data.put("point", pointData);
        data.put("digits", digits);
        if (student > 0) data.put("student", student);
        data.put("target", LatexPrinter.print(target));
        data.put("forward", forwardData);
        data.put("adjoints", adjointData);
        data.put("gradients", gradData);
        data.put("finds", findData);
        data.put("verified", verified);
        return new Output(blocks, data);
    }

    /**
     * The point of an {@code \at} directive read and the forward pass worked: every definition's value in
     * dependency order, checked against the problem's conditions and facts.
     *
     * @param point  the values the directive gives (matrix entries bound to their scalars)
     * @param order  the definitions in dependency order
     * @param values the point and every definition's value
     */
    record Forward(Definitions defs, Set<Sym> used, Map<Sym, Value> point, List<MatrixParam> matrices, List<Sym> order,
                   Map<Sym, Value> values) {}

    /** Reads the directive's point and works the forward pass; bad input throws with a reason in words. */
    static Forward forward(SheetSource.Problem problem, SheetSource.Directive directive) throws SectionException {
        Definitions defs;
        try {
            defs = Definitions.of(problem.given());
        } catch (DeriveException e) {
            throw new SectionException("the problem's definitions cannot be used: " + e.getMessage());
        }
        if (defs.map().isEmpty()) throw new SectionException("\\at needs a problem with definitions (\\let)");

        // ------------------------------------------------------------ the point
        Set<Sym> used = new LinkedHashSet<>();
        for (Map.Entry<Sym, Expr> en : defs.map().entrySet()) {
            used.add(en.getKey());
            used.addAll(free(en.getValue()));
        }
        for (SheetSource.Find f : problem.finds()) used.add(f.wrt());
        Map<Sym, Value> point = new LinkedHashMap<>();
        List<MatrixParam> matrices = new ArrayList<>();
        readPoint(directive, defs, used, point, matrices);

        // ------------------------------------------------------------ forward pass
        List<Sym> order = forwardOrder(defs);
        // Every symbol the point lacks, named at once (not one per run).
        Map<Sym, List<String>> lacking = new LinkedHashMap<>();
        for (Sym s : order)
            for (Sym u : free(defs.definition(s)))
                if (!point.containsKey(u) && !defs.isDefined(u)) lacking.computeIfAbsent(u, k -> new ArrayList<>()).add(plain(s));
        if (!lacking.isEmpty()) {
            List<String> words = new ArrayList<>();
            for (Map.Entry<Sym, List<String>> en : lacking.entrySet())
                words.add(plain(en.getKey()) + " (used by " + String.join(", ", en.getValue()) + ")");
            throw new SectionException("the point gives no value for " + String.join(", ", words));
        }
        Map<Sym, Value> values = new LinkedHashMap<>(point);
        for (Sym s : order) {
            Expr rhs = defs.definition(s);
            Optional<String> undefined = AtPoint.undefined(rhs, doubles(values));
            if (undefined.isPresent())
                throw new SectionException("the point is outside the domain of the definition of " + plain(s) + ": " + undefined.get());
            values.put(s, evaluate(rhs, values));
        }
        // The problem's conditions (\beta > 0) and facts (\sum_k y_k = 1) must hold at the point.
        for (Expr g : problem.given()) {
            if (isDefinition(g)) continue;
            Optional<String> broken = AtPoint.violated(g, doubles(values));
            if (broken.isPresent()) throw new SectionException(broken.get());
        }
        return new Forward(defs, used, point, matrices, order, values);
    }

    // ---------------------------------------------------------------- the point

    /**
     * Reads name = value pairs. A scalar binds the name. A matrix or vector (or a scalar for a capital
     * name the problem does not use) binds the entries row by row: to l_{ij} (with the name's
     * superscript) when the problem uses two-index symbols of the lowercase letter l, otherwise to
     * l_1, l_2, … numbered on from the previous matrix of the same letter (W_1 → w_1 … w_6, W_2 →
     * w_7, w_8).
     */
    private static void readPoint(SheetSource.Directive directive, Definitions defs, Set<Sym> used,
                                  Map<Sym, Value> point, List<MatrixParam> matrices) throws SectionException {
        if (directive.args().size() != 1 || directive.args().get(0).isEmpty())
            throw new SectionException("\\at takes one list of values in braces, such as \\at{x = 1, w = -0.5}");
        Map<String, Integer> numbering = new HashMap<>();
        for (Expr e : directive.args().get(0)) {
            if (!(e instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ && r.operands().get(0) instanceof Sym name))
                throw new SectionException("each value in \\at must read name = number, such as x_1 = 0.18");
            Expr rhs = r.operands().get(1);
            boolean capital = name.name().length() == 1 && Character.isUpperCase(name.name().charAt(0));
            if (rhs instanceof Expr.Matrix m || (capital && !used.contains(name))) {
                if (!capital) throw new SectionException("a matrix or vector value needs a capital name such as W_1, not " + plain(name));
                List<List<Expr>> rows = rhs instanceof Expr.Matrix m2 ? m2.rows() : List.of(List.of(rhs));
                String letter = name.name().toLowerCase();
                boolean twoIndex = used.stream().anyMatch(s -> s.name().equals(letter) && s.styles().equals(name.styles())
                        && s.sub().size() == 2 && s.sup().equals(name.sup()));
                List<List<Sym>> entries = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    List<Sym> er = new ArrayList<>();
                    for (int j = 0; j < rows.get(i).size(); j++) {
                        Sym s;
                        if (twoIndex) {
                            s = new Sym(letter, name.styles(), List.of(Expr.num(i + 1), Expr.num(j + 1)), name.sup());
                        } else {
                            int next = numbering.merge(letter, 1, Integer::sum);
                            s = new Sym(letter, name.styles(), List.of(Expr.num(next)), SupIndex.NONE);
                        }
                        bind(point, s, rows.get(i).get(j), defs);
                        er.add(s);
                    }
                    entries.add(er);
                }
                matrices.add(new MatrixParam(name, entries));
            } else {
                bind(point, name, rhs, defs);
            }
        }
    }

    private static void bind(Map<Sym, Value> point, Sym s, Expr value, Definitions defs) throws SectionException {
        if (defs.isDefined(s)) throw new SectionException(plain(s) + " is defined by the problem, so \\at cannot give it a value");
        if (point.containsKey(s)) throw new SectionException(plain(s) + " is given two values in \\at");
        if (!free(value).isEmpty()) throw new SectionException("the value of " + plain(s) + " in \\at must be a number");
        point.put(s, evaluate(value, Map.of()));
    }

    // ---------------------------------------------------------------- structure

    /** Definitions in dependency order, keeping the sheet's order where it is free. */
    private static List<Sym> forwardOrder(Definitions defs) {
        List<Sym> out = new ArrayList<>();
        for (Sym s : defs.map().keySet()) visit(s, defs, out);
        return out;
    }

    private static void visit(Sym s, Definitions defs, List<Sym> out) {
        if (out.contains(s) || !defs.isDefined(s)) return;
        for (Sym u : free(defs.definition(s))) visit(u, defs, out);
        out.add(s);
    }

    /** The name every \find differentiates, else the last definition. */
    static Sym target(SheetSource.Problem p, Definitions defs) {
        Set<Expr> targets = new LinkedHashSet<>();
        for (SheetSource.Find f : p.finds()) targets.add(f.target() instanceof Deriv dv ? dv.f() : f.target());
        if (targets.size() == 1 && targets.iterator().next() instanceof Sym s && defs.isDefined(s)) return s;
        Sym last = null;
        for (Sym s : defs.map().keySet()) last = s;
        return last;
    }

    static void collectUpstream(Sym s, Definitions defs, Set<Sym> out) {
        if (!defs.isDefined(s)) return;
        for (Sym u : free(defs.definition(s))) {
            if (out.add(u)) collectUpstream(u, defs, out);
        }
    }

    /**
     * The order a student works backwards: the target's definitions in reverse, each followed by the
     * given values it is the first to use, in the order of the point.
     */
    private static List<Sym> backwardOrder(Sym target, List<Sym> forward, Set<Sym> given, Definitions defs, Set<Sym> upstream) {
        List<List<Sym>> groups = new ArrayList<>();
        Set<Sym> seen = new LinkedHashSet<>();
        for (Sym s : forward) {
            if (!upstream.contains(s) && !s.equals(target)) continue;
            List<Sym> group = new ArrayList<>();
            if (!s.equals(target)) group.add(s);
            Set<Sym> uses = free(defs.definition(s));
            for (Sym g : given) if (uses.contains(g) && seen.add(g)) group.add(g);
            groups.add(group);
        }
        List<Sym> out = new ArrayList<>();
        for (int i = groups.size() - 1; i >= 0; i--) out.addAll(groups.get(i));
        return out;
    }

    /** The symbols an expression uses as values: not the indices inside symbols, not bound sum indices. */
    static Set<Sym> free(Expr e) {
        Set<Sym> out = new LinkedHashSet<>();
        collectFree(e, out, Set.of());
        return out;
    }

    private static void collectFree(Expr e, Set<Sym> out, Set<Sym> bound) {
        if (e instanceof Sym s) {
            if (!bound.contains(s)) out.add(s);
            return;
        }
        if (e instanceof BigOp b) {
            Set<Sym> inner = new LinkedHashSet<>(bound);
            inner.add(b.index());
            b.from().ifPresent(x -> collectFree(x, out, bound));
            b.to().ifPresent(x -> collectFree(x, out, bound));
            collectFree(b.body(), out, inner);
            return;
        }
        for (Expr c : Exprs.children(e)) collectFree(c, out, bound);
    }

    static boolean isDefinition(Expr g) {
        return g instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                && r.operands().get(0) instanceof Sym;
    }

    static Derivation derive(Engine engine, Engine.Problem p) throws SectionException {
        try {
            return engine.derive(p);
        } catch (DeriveException e) {
            throw new SectionException("cannot differentiate " + LatexPrinter.print(p.expr()) + " by " + plain(p.var()) + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- numbers

    /** Exact where the expression is rational in exact values, else in doubles. */
    /**
     * Whether a brief key's backward table shows v: a variable some \find differentiates by, or a
     * quantity on the way to one (it depends on it). Without a \find every row is asked for.
     */
    private static boolean asked(Sym v, SheetSource.Problem problem, Definitions defs) {
        if (problem.finds().isEmpty()) return true;
        for (SheetSource.Find f : problem.finds()) {
            if (f.wrt().equals(v)) return true;
            if (defs.isDefined(v) && Exprs.contains(defs.inline(v), f.wrt())) return true;
        }
        return false;
    }

    /**
     * A product answer as a hand calculation shows it, one factor's value after another:
     * (θ − t)θ(1 − θ)h₁ at the point is (1.862)(0.5721)(0.4279)(0.6766); anything else is left blank.
     */
    static String factors(Expr answer, Map<Sym, Value> values, int digits) throws SectionException {
        if (!(answer instanceof Mul m) || m.factors().size() < 2) return "";
        StringBuilder out = new StringBuilder();
        for (Expr f : m.factors()) {
            for (Sym u : free(f)) if (!values.containsKey(u)) return "";
            out.append('(').append(number(evaluate(f, values), digits)).append(')');
        }
        return out.toString();
    }

    static Value evaluate(Expr e, Map<Sym, Value> values) throws SectionException {
        Map<Sym, Rational> exact = new HashMap<>();
        for (Map.Entry<Sym, Value> en : values.entrySet()) en.getValue().exact().ifPresent(r -> exact.put(en.getKey(), r));
        Optional<Rational> r = Exact.value(e, exact);
        if (r.isPresent()) return Value.of(r.get());
        double d;
        try {
            d = Evaluator.eval(e, Env.of(doubles(values)));
        } catch (EvalException ex) {
            throw new SectionException("cannot evaluate " + LatexPrinter.print(e) + " at the point: " + ex.getMessage());
        }
        if (!Double.isFinite(d)) throw new SectionException(LatexPrinter.print(e) + " has no finite value at the point");
        return Value.of(d);
    }

    static Map<Sym, Double> doubles(Map<Sym, Value> values) {
        Map<Sym, Double> out = new HashMap<>();
        for (Map.Entry<Sym, Value> en : values.entrySet()) out.put(en.getKey(), en.getValue().approx());
        return out;
    }

    /** x rounded to k significant digits (what a student writes down). */
    static double round(double x, int k) {
        if (x == 0 || !Double.isFinite(x)) return x;
        return new BigDecimal(x).round(new MathContext(k)).doubleValue();
    }

    private static BigDecimal rounded(Value v, int digits) {
        MathContext mc = new MathContext(digits);
        if (v.exact().isPresent()) {
            Rational r = v.exact().get();
            return new BigDecimal(r.num()).divide(new BigDecimal(r.den()), mc);
        }
        return new BigDecimal(v.approx()).round(mc);
    }

    private static Expr numExpr(Value v, int digits) {
        BigDecimal b = rounded(v, digits).stripTrailingZeros();
        Rational r = Rational.of(b);
        return new Num(r, !r.isInteger());
    }

    /** The value as LaTeX, rounded to the given significant digits. */
    static String number(Value v, int digits) {
        return LatexPrinter.print(numExpr(v, digits));
    }

    private static String decimal(double x, int digits) {
        return number(Value.of(x), digits);
    }

    private static Map<String, Object> entry(Sym s, Value v, Double student) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", LatexPrinter.print(s));
        m.put("value", v.approx());
        v.exact().ifPresent(r -> m.put("exact", r.toString()));
        if (student != null) m.put("student", student);
        return m;
    }

    private static List<String> prepend(String style, List<String> styles) {
        List<String> out = new ArrayList<>();
        out.add(style);
        out.addAll(styles);
        return out;
    }

    /** A symbol for messages: its LaTeX. */
    private static String plain(Sym s) {
        return LatexPrinter.print(s);
    }
}
