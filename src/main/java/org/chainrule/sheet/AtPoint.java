package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.chainrule.derive.Definitions;
import org.chainrule.derive.Derivation;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;

/**
 * A derivative's value at a point the user gives ({@code derive --at}, a JSONL {@code "at"}). A forward
 * pass computes every named intermediate from the inputs, so ∂L/∂ŷ has a value when the point fixes
 * w, x, b and y; vectors give their components (a_1, a_2, … of {@code \mathbf{a}}) and the sizes of
 * sums and declarations. The point is checked before anything is computed, so bad input is refused in
 * words instead of being answered with null or NaN: a vector whose size contradicts its declaration,
 * a value for an intermediate that contradicts its definition, a violated condition (β > 0) or fact
 * (Σ_k y_k = 1), a point outside the domain (which function, at what argument), every missing symbol.
 */
public final class AtPoint {
    private AtPoint() {}

    /** Bad input about the point, in words; {@code at} is the point's symbol it concerns (to locate it), if any. */
    public static final class BadPoint extends Exception {
        private final Sym at;
        private final Expr where;

        BadPoint(String message, Sym at) {
            this(message, at, null);
        }

        /** {@code where}: the expression that failed; {@link #evaluate} locates the error at a point symbol it uses. */
        BadPoint(String message, Sym at, Expr where) {
            super(message);
            this.at = at;
            this.where = where;
        }

        public Optional<Sym> at() {
            return Optional.ofNullable(at);
        }
    }

    /** The answer's value, each named intermediate's value in the order given, and warnings (unused symbols). */
    public record Result(Mat value, Map<Sym, Mat> intermediates, List<String> warnings) {}

    /** Relative tolerance for = in facts and for a given intermediate against its definition. */
    private static final double TOLERANCE = 1e-9;

    /**
     * The value of {@code d}'s answer at {@code point}. {@code expr} and {@code givens} are the problem as
     * the user wrote it: they still hold the definition of the variable when it is an intermediate
     * (∂L/∂ŷ with ŷ = σ(z)), which the derivation set aside.
     */
    public static Result evaluate(Derivation d, Expr expr, List<Expr> givens, Map<Sym, Mat> point) throws BadPoint {
        try {
            return evaluateChecked(d, expr, givens, point);
        } catch (BadPoint bad) {
            if (bad.at != null || bad.where == null) throw bad;
            // Locate it at the first given symbol the failing expression depends on, through the definitions.
            Set<Sym> uses = new LinkedHashSet<>();
            for (Sym s : withIndices(Exprs.symbols(bad.where))) uses.addAll(withIndices(dependsOn(s, givens, new LinkedHashSet<>())));
            for (Sym s : point.keySet()) if (uses.contains(s)) throw new BadPoint(bad.getMessage(), s);
            throw bad;
        }
    }

    /** s and everything its definition (among the givens) uses, transitively. */
    private static Set<Sym> dependsOn(Sym s, List<Expr> givens, Set<Sym> seen) {
        if (!seen.add(s)) return seen;
        for (Expr g : givens)
            if (isDefinition(g) && ((Rel) g).operands().get(0).equals(s))
                for (Sym t : Exprs.symbols(((Rel) g).operands().get(1))) dependsOn(t, givens, seen);
        return seen;
    }

    private static Result evaluateChecked(Derivation d, Expr expr, List<Expr> givens, Map<Sym, Mat> point) throws BadPoint {
        List<Expr> all = new ArrayList<>(givens);
        if (expr instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                && r.operands().get(0) instanceof Sym) all.add(r);
        Definitions full = Definitions.of(all);
        List<String> warnings = new ArrayList<>(unused(point, expr, all, d.var()));

        for (Map.Entry<Sym, Mat> en : point.entrySet())
            for (double x : en.getValue().data())
                if (!Double.isFinite(x)) throw new BadPoint("the value of " + print(en.getKey()) + " is not a finite number", en.getKey());
        Map<Sym, Mat> env = new LinkedHashMap<>();
        Map<Sym, Sym> dimOwner = new HashMap<>();
        Map<Sym, Shape> declared = Shapes.declarations(all);
        // Numbers first, so that a size the point gives (n = 3) is what the vectors are checked against.
        for (Map.Entry<Sym, Mat> en : point.entrySet())
            if (en.getValue().isScalar()) env.put(en.getKey(), fit(en.getKey(), en.getValue(), declared, env, dimOwner));
        for (Map.Entry<Sym, Mat> en : point.entrySet())
            if (!en.getValue().isScalar()) env.put(en.getKey(), fit(en.getKey(), en.getValue(), declared, env, dimOwner));
        assembleVectors(expr, all, env);
        Map<Sym, Integer> lengths = vectorLengths(env);

        // Names the point gives keep their value; the forward pass computes the others.
        Definitions defs = Definitions.of(all.stream()
                .filter(g -> !(isDefinition(g) && point.containsKey((Sym) ((Rel) g).operands().get(0)))).toList());
        Map<Sym, Mat> intermediates = new LinkedHashMap<>();
        for (Sym name : dependencyOrder(defs)) {
            Expr rhs = sized(defs.definition(name), lengths, env);
            if (!missing(rhs, env).isEmpty()) continue; // an indexed family, or not needed by this point
            Mat v = value(rhs, env, () -> "of the definition of " + print(name));
            env.put(name, v);
            intermediates.put(name, v);
        }
        // A value given for an intermediate must agree with its definition where that can be computed.
        for (Sym name : point.keySet()) {
            if (!full.isDefined(name)) continue;
            Expr rhs = sized(full.definition(name), lengths, env);
            Map<Sym, Mat> without = new LinkedHashMap<>(env);
            without.remove(name);
            if (!missing(rhs, without).isEmpty()) continue;
            Mat computed = value(rhs, without, () -> "of the definition of " + print(name));
            if (!close(computed, env.get(name)))
                throw new BadPoint("the point gives " + print(name) + " = " + show(env.get(name)) + ", but its definition "
                        + print(name) + " = " + print(full.definition(name)) + " gives " + show(computed) + " there", name);
        }
        for (Expr c : full.sampling()) checkCondition(c, sized(c, lengths, env), env, point.keySet());

        // The function itself, when it is not a name the forward pass computed.
        Expr function = sized(d.function(), lengths, env);
        boolean computed = d.target() instanceof Sym t && env.containsKey(t);
        Set<Sym> lacking = new LinkedHashSet<>(computed ? Set.of() : missing(function, env));
        // a member of a family (s_2 with s_i = … given) is there when the inputs of its definition are
        lacking.removeIf(s -> full.instantiate(s) != null && missing(sized(full.inline(full.instantiate(s)), lengths, env), env).isEmpty());
        if (!lacking.isEmpty()) {
            // a point of the function gives all of its inputs, even those its derivative happens not to need
            List<String> names = new ArrayList<>();
            for (Sym s : lacking) names.add(print(s));
            throw new BadPoint("the point gives no value for " + String.join(", ", names) + ", which the function "
                    + print(d.function()) + " needs", null);
        }
        if (!computed && missing(function, env).isEmpty()) value(function, env, () -> "of the function " + print(d.function()));
        Expr answer = sized(d.answerFlat(), lengths, env);
        Set<String> unknown = abstractFunctions(answer, new LinkedHashSet<>());
        if (!unknown.isEmpty())
            throw new BadPoint("the answer has no value at a point: it uses " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? ", a function" : ", functions") + " without a formula", null);
        Set<Sym> absent = missing(answer, env);
        if (!absent.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Sym s : absent) names.add(print(s));
            throw new BadPoint("the point gives no value for " + String.join(", ", names) + ", which the answer needs", null);
        }
        Mat v = value(answer, env, () -> "of the answer " + print(d.answer()));
        return new Result(v, intermediates, warnings);
    }

    // ---------------------------------------------------------------- shapes and sizes

    /** v checked against x's declaration; a row of numbers for a declared column vector is read as the column. */
    private static Mat fit(Sym x, Mat v, Map<Sym, Shape> declared, Map<Sym, Mat> env, Map<Sym, Sym> dimOwner) throws BadPoint {
        Shape shape = declared.get(x);
        if (shape == null) return v.rows() == 1 && v.cols() > 1 ? v.transpose() : v; // [1, 2, 3] is the vector a_1, a_2, a_3
        if (v.rows() == 1 && v.cols() > 1 && Exprs.isNum(shape.cols(), 1)) v = v.transpose();
        String declaredAs = "\\mathbb{R}^{" + (Exprs.isNum(shape.cols(), 1) ? print(shape.rows()) : shape.toString()) + "}";
        if (shape.isScalar()) {
            if (!v.isScalar()) throw new BadPoint(print(x) + " is declared a number (\\mathbb{R}), but the point gives " + size(v), x);
            return v;
        }
        int[] actual = {v.rows(), v.cols()};
        Expr[] dims = {shape.rows(), shape.cols()};
        for (int k = 0; k < 2; k++) {
            Expr dim = dims[k];
            Optional<Integer> fixed = Exprs.numValue(dim).filter(r -> r.isInteger()).map(r -> r.num().intValue());
            if (fixed.isPresent()) {
                if (fixed.get() != actual[k])
                    throw new BadPoint(print(x) + " is declared in " + declaredAs + ", but the point gives " + size(v), x);
            } else if (dim instanceof Sym n) {
                Mat known = env.get(n);
                if (known != null && !(known.isScalar() && known.value() == actual[k]))
                    throw new BadPoint(print(x) + " is declared in " + declaredAs + " with " + print(n) + " = " + show(known)
                            + (dimOwner.containsKey(n) ? " (from " + print(dimOwner.get(n)) + ")" : "") + ", but the point gives " + size(v), x);
                env.put(n, Mat.scalar(actual[k]));
                dimOwner.putIfAbsent(n, x);
            }
        }
        return v;
    }

    private static String size(Mat v) {
        if (v.isScalar()) return "a number";
        if (v.cols() == 1) return v.rows() + (v.rows() == 1 ? " entry" : " entries");
        return "a " + v.rows() + " \\times " + v.cols() + " matrix";
    }

    /** A vector the problem names whole (softmax(\\mathbf{a})_i) from its components a_1, a_2, … when the point gives those. */
    private static void assembleVectors(Expr expr, List<Expr> givens, Map<Sym, Mat> env) {
        Set<Sym> named = new LinkedHashSet<>(Exprs.symbols(expr));
        for (Expr g : givens) named.addAll(Exprs.symbols(g));
        Env scalars = MatrixEvaluator.scalarEnv(env);
        for (Sym v : named) {
            if (env.containsKey(v) || !Components.isVectorSymbol(v)) continue;
            List<Double> entries = new ArrayList<>();
            for (int k = 1; ; k++) {
                Double x = scalars.get(Components.component(v, List.of(Expr.num(k))));
                if (x == null) break;
                entries.add(x);
            }
            if (!entries.isEmpty()) env.put(v, Mat.column(entries.stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }

    /** The component names of each vector in the point ({@code a} for \mathbf{a}, {@code w} for W), with its length. */
    private static Map<Sym, Integer> vectorLengths(Map<Sym, Mat> env) {
        Map<Sym, Integer> out = new HashMap<>();
        for (Map.Entry<Sym, Mat> en : env.entrySet()) {
            Mat m = en.getValue();
            if (m.isScalar() || m.cols() != 1 || !en.getKey().sub().isEmpty()) continue;
            out.put(en.getKey(), m.rows());
            out.put(Components.component(en.getKey(), List.of()), m.rows());
        }
        // components given one by one, a_1 = …, a_2 = …, a_3 = …: a sum over a_k runs over 1 … 3
        Map<Sym, Set<Integer>> numbered = new HashMap<>();
        for (Map.Entry<Sym, Mat> en : env.entrySet()) {
            Sym s = en.getKey();
            if (!en.getValue().isScalar() || s.sub().size() != 1 || !s.sup().items().isEmpty()) continue;
            Optional<Integer> k = Exprs.numValue(s.sub().get(0)).filter(r -> r.isInteger() && r.signum() > 0).map(r -> r.num().intValue());
            k.ifPresent(i -> numbered.computeIfAbsent(s.base(), b -> new TreeSet<>()).add(i));
        }
        for (Map.Entry<Sym, Set<Integer>> en : numbered.entrySet()) {
            int n = en.getValue().size();
            // only an unbroken run 1 … n names the whole family; a gap leaves the sum without a length
            if (!out.containsKey(en.getKey()) && ((TreeSet<Integer>) en.getValue()).last() == n) out.put(en.getKey(), n);
        }
        return out;
    }

    /**
     * e with the sums over a given vector's components sized by it: Σ_k y_k without bounds runs over
     * k = 1 … (entries of y), and the bound c of Σ_{k=1}^{c} y_k is bound to that size when unknown.
     */
    private static Expr sized(Expr e, Map<Sym, Integer> lengths, Map<Sym, Mat> env) {
        if (e instanceof BigOp b) {
            Integer n = componentLength(b.body(), b.index(), lengths);
            Expr body = sized(b.body(), lengths, env);
            if (n != null && (b.from().isEmpty() || b.to().isEmpty()))
                return new BigOp(b.kind(), b.index(), Optional.of(Expr.num(1)), Optional.of(Expr.num(n)), body);
            if (n != null && b.to().get() instanceof Sym c && !env.containsKey(c)) env.put(c, Mat.scalar(n));
            return new BigOp(b.kind(), b.index(), b.from(), b.to(), body);
        }
        return Exprs.children(e).isEmpty() ? e : Exprs.mapChildren(e, c -> sized(c, lengths, env));
    }

    /** The length of the vector whose components body takes at the index k, if any. */
    private static Integer componentLength(Expr body, Sym k, Map<Sym, Integer> lengths) {
        for (Sym s : Exprs.symbols(body))
            if (s.sub().size() == 1 && s.sub().get(0).equals(k) && lengths.containsKey(s.base())) return lengths.get(s.base());
        return null;
    }

    // ---------------------------------------------------------------- what is missing

    /** The symbols e needs that env does not give, resolved where their indices are known (w_j with j = 2 is w_{2}). */
    private static Set<Sym> missing(Expr e, Map<Sym, Mat> env) {
        Set<Sym> out = new LinkedHashSet<>();
        missing(e, env, MatrixEvaluator.scalarEnv(env), out);
        return out;
    }

    private static void missing(Expr e, Map<Sym, Mat> env, Env scalars, Set<Sym> out) {
        switch (e) {
            case Sym s -> {
                if (env.containsKey(s) || scalars.get(s) != null) return;
                if (s.sub().isEmpty() && s.sup().items().isEmpty()) {
                    out.add(s);
                    return;
                }
                int before = out.size();
                for (Expr i : s.sub()) missing(i, env, scalars, out);
                for (Expr i : s.sup().items()) missing(i, env, scalars, out);
                if (out.size() > before) return; // the index has no value: name it, not the symbol
                Sym concrete = Evaluator.resolve(s, scalars);
                if (concrete == null) return;
                if (scalars.get(concrete) == null && !env.containsKey(concrete)) out.add(concrete);
            }
            case BigOp b -> {
                int before = out.size();
                b.from().ifPresent(f -> missing(f, env, scalars, out));
                b.to().ifPresent(t -> missing(t, env, scalars, out));
                if (out.size() > before || b.from().isEmpty() || b.to().isEmpty()) return;
                long from, to;
                try {
                    from = Math.round(Evaluator.eval(b.from().get(), scalars));
                    to = Math.round(Evaluator.eval(b.to().get(), scalars));
                } catch (EvalException ex) {
                    return; // reported when the value is computed
                }
                Map<Sym, Mat> inner = new HashMap<>(env);
                for (long k = from; k <= to && k - from < 10_000; k++) {
                    inner.put(b.index(), Mat.scalar(k));
                    missing(b.body(), inner, scalars.with(b.index(), k), out);
                }
            }
            case EvalAt at -> {
                // (∂h(a)/∂a)|_{a = ReLU(z)}: the bar binds a; its value needs what the binding uses
                Map<Sym, Mat> inner = new HashMap<>(env);
                for (Expr b : at.at()) {
                    if (!(b instanceof Rel r && r.operands().get(0) instanceof Sym bound)) continue;
                    missing(r.operands().get(1), env, scalars, out);
                    inner.put(bound, Mat.scalar(0));
                }
                missing(at.body(), inner, MatrixEvaluator.scalarEnv(inner), out);
            }
            default -> {
                for (Expr c : Exprs.children(e)) missing(c, env, scalars, out);
            }
        }
    }

    /** Abstract functions (g in g(w), f' …) in e; diag and tr are built into the matrix evaluator. */
    private static Set<String> abstractFunctions(Expr e, Set<String> out) {
        if (e instanceof Apply ap) {
            Fn fn = ap.fn();
            while (fn instanceof Prime p) fn = p.fn();
            if (fn instanceof Abstract ab && !(ab.name().styles().contains("rm") && List.of("diag", "tr").contains(ab.name().name())))
                out.add(print(ab.name()));
        }
        for (Expr c : Exprs.children(e)) abstractFunctions(c, out);
        return out;
    }

    // ---------------------------------------------------------------- values and the domain

    /**
     * e's value; outside the domain of a function in it (log of 0, √ of a negative number, a zero
     * denominator) a {@link BadPoint} says which function, its argument and its value there.
     */
    private static Mat value(Expr e, Map<Sym, Mat> env, Supplier<String> where) throws BadPoint {
        // where names e in words ("of the answer …"), printed only for a message: LaTeX printing the
        // answer of every line of a batch cost more than evaluating it
        Optional<Undefined> bad = domain(e, env);
        if (bad.isPresent())
            throw new BadPoint("the point is outside the domain " + where.get() + ": " + bad.get().words(), null, bad.get().where());
        Mat v;
        try {
            v = MatrixEvaluator.eval(e, env);
        } catch (EvalException ex) {
            throw new BadPoint("the point gives no value " + where.get() + ": " + ex.getMessage(), null, e);
        }
        for (double x : v.data())
            if (!Double.isFinite(x)) throw new BadPoint("the point is outside the domain " + where.get() + ": it has no finite value there", null, e);
        return v;
    }

    /** A sub-expression undefined at the point, and why in words. */
    private record Undefined(String words, Expr where) {}

    /** The innermost sub-expression that is undefined at the point, in words. */
    private static Optional<Undefined> domain(Expr e, Map<Sym, Mat> env) {
        if (e instanceof BigOp b && b.from().isPresent() && b.to().isPresent()) {
            try {
                Env scalars = MatrixEvaluator.scalarEnv(env);
                long from = Math.round(Evaluator.eval(b.from().get(), scalars)), to = Math.round(Evaluator.eval(b.to().get(), scalars));
                Map<Sym, Mat> inner = new HashMap<>(env);
                for (long k = from; k <= to && k - from < 10_000; k++) {
                    inner.put(b.index(), Mat.scalar(k));
                    Optional<Undefined> bad = domain(b.body(), inner);
                    if (bad.isPresent()) return Optional.of(new Undefined(bad.get().words() + " (for " + print(b.index()) + " = " + k + ")", bad.get().where()));
                }
            } catch (EvalException ex) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        for (Expr c : Exprs.children(e)) {
            Optional<Undefined> bad = domain(c, env);
            if (bad.isPresent()) return bad;
        }
        try {
            switch (e) {
                case Apply ap when ap.args().size() == 1 && (ap.fn() instanceof LogBase
                        || (ap.fn() instanceof Builtin bf && bf.op() == BuiltinFn.LOG)) -> {
                    Expr arg = ap.args().get(0);
                    for (double a : MatrixEvaluator.eval(arg, env).data())
                        if (!(a > 0)) return Optional.of(new Undefined(print(ap.fn()) + " is undefined at " + num(a) + ": " + print(e)
                                + ", with " + print(arg) + " = " + num(a), e));
                }
                case Pow p -> {
                    Mat base = MatrixEvaluator.eval(p.base(), env), exp = MatrixEvaluator.eval(p.exponent(), env);
                    if (base.isScalar() && exp.isScalar()) {
                        double b = base.value(), x = exp.value();
                        if (b == 0 && x < 0)
                            return Optional.of(new Undefined("division by 0 in " + print(e) + ", with " + print(p.base()) + " = 0", e));
                        if (b < 0 && x != Math.rint(x))
                            return Optional.of(new Undefined((x == 0.5 ? "\\sqrt{\\cdot} of a negative number: " : "a fractional power of a negative number: ")
                                    + print(e) + ", with " + print(p.base()) + " = " + num(b), e));
                    }
                }
                default -> { }
            }
            for (double x : MatrixEvaluator.eval(e, env).data())
                if (!Double.isFinite(x)) return Optional.of(new Undefined(print(e) + " has no finite value there (" + num(x) + ")", e));
        } catch (EvalException ex) {
            return Optional.empty(); // not a domain question; value() reports it
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- conditions

    private static void checkCondition(Expr written, Expr c, Map<Sym, Mat> env, Set<Sym> given) throws BadPoint {
        Optional<String> broken = violated(written, c, env);
        if (broken.isEmpty()) return;
        Set<Sym> mentioned = new LinkedHashSet<>();
        for (Sym s : withIndices(Exprs.symbols(written))) {
            mentioned.add(s);
            mentioned.add(s.base());
        }
        Sym at = null;
        for (Sym s : given)
            if (mentioned.contains(s) || mentioned.contains(Components.component(s, List.of()))) {
                at = s;
                break;
            }
        throw new BadPoint(broken.get(), at);
    }

    /** "the point does not satisfy the given β > 0: β = -1" when c (written, as sized) fails; empty when it holds or cannot be checked. */
    private static Optional<String> violated(Expr written, Expr c, Map<Sym, Mat> env) {
        if (!(c instanceof Rel r) || r.ops().contains(RelOp.IN) || !missing(c, env).isEmpty()) return Optional.empty();
        List<Mat> values = new ArrayList<>();
        try {
            for (Expr o : r.operands()) values.add(MatrixEvaluator.eval(o, env));
        } catch (EvalException ex) {
            return Optional.empty();
        }
        for (int k = 0; k < r.ops().size(); k++) {
            Mat a = values.get(k), b = values.get(k + 1);
            if (!a.isScalar() || !b.isScalar()) return Optional.empty();
            if (holds(r.ops().get(k), a.value(), b.value())) continue;
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < r.operands().size(); i++)
                if (!(r.operands().get(i) instanceof Num)) shown.add(print(r.operands().get(i)) + " = " + num(values.get(i).value()));
            return Optional.of("the point does not satisfy the given " + print(written) + ": " + String.join(", ", shown));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- for sheets (\at), over scalar values

    /** A condition or fact the scalar values contradict, in words; empty when it holds or cannot be checked. */
    public static Optional<String> violated(Expr condition, Map<Sym, Double> values) {
        return violated(condition, condition, mats(values));
    }

    /** Why e is undefined at the scalar values (which function, at what argument), if it is. */
    public static Optional<String> undefined(Expr e, Map<Sym, Double> values) {
        return domain(e, mats(values)).map(Undefined::words);
    }

    private static Map<Sym, Mat> mats(Map<Sym, Double> values) {
        Map<Sym, Mat> out = new LinkedHashMap<>();
        for (Map.Entry<Sym, Double> en : values.entrySet()) out.put(en.getKey(), Mat.scalar(en.getValue()));
        return out;
    }

    private static boolean holds(RelOp op, double a, double b) {
        double tol = TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        return switch (op) {
            case EQ, DEF, EQUIV, APPROX -> Math.abs(a - b) <= tol;
            case NE -> Math.abs(a - b) > tol;
            case LT -> a < b;
            case LE -> a <= b + tol;
            case GT -> a > b;
            case GE -> a >= b - tol;
            case IN -> true;
        };
    }

    // ---------------------------------------------------------------- unused symbols

    /** A warning naming the point's symbols that the problem never mentions (a misspelt name gives no value). */
    private static List<String> unused(Map<Sym, Mat> point, Expr expr, List<Expr> givens, Sym var) {
        Set<Sym> mentioned = withIndices(Exprs.symbols(expr));
        for (Expr g : givens) mentioned.addAll(withIndices(Exprs.symbols(g)));
        mentioned.addAll(withIndices(Set.of(var)));
        // Families whose members the problem names: a for a_j, and for the components of \mathbf{a}.
        Set<Sym> families = new LinkedHashSet<>();
        for (Sym s : mentioned) {
            if (!s.sub().isEmpty()) families.add(s.base());
            if (Components.isVectorSymbol(s)) families.add(Components.component(s, List.of()));
        }
        List<String> extra = new ArrayList<>();
        for (Sym s : point.keySet()) {
            boolean member = !s.sub().isEmpty() && families.contains(s.base());
            boolean vector = s.sub().isEmpty() && families.contains(Components.component(s, List.of()));
            if (mentioned.contains(s) || member || vector) continue;
            extra.add(print(s));
        }
        if (extra.isEmpty()) return List.of();
        return List.of("the point gives " + String.join(", ", extra) + ", which the problem does not use");
    }

    /** The symbols and the symbols in their indices (j in a_j), recursively. */
    private static Set<Sym> withIndices(Set<Sym> symbols) {
        Set<Sym> out = new LinkedHashSet<>();
        for (Sym s : symbols) {
            out.add(s);
            List<Expr> idx = new ArrayList<>(s.sub());
            idx.addAll(s.sup().items());
            for (Expr i : idx) out.addAll(withIndices(Exprs.symbols(i)));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isDefinition(Expr g) {
        return g instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                && r.operands().get(0) instanceof Sym;
    }

    /** The defined names, each after the names its definition uses. */
    private static List<Sym> dependencyOrder(Definitions defs) {
        List<Sym> out = new ArrayList<>();
        for (Sym s : defs.map().keySet()) visit(s, defs, out);
        return out;
    }

    private static void visit(Sym s, Definitions defs, List<Sym> out) {
        if (out.contains(s) || !defs.isDefined(s)) return;
        for (Sym t : Exprs.valueSymbols(defs.definition(s))) if (!t.equals(s)) visit(t, defs, out);
        out.add(s);
    }

    private static boolean close(Mat a, Mat b) {
        if (!a.sameShape(b)) return false;
        for (int i = 0; i < a.data().length; i++) {
            double x = a.data()[i], y = b.data()[i];
            if (!(Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.max(Math.abs(x), Math.abs(y))))) return false;
        }
        return true;
    }

    private static String show(Mat m) {
        if (m.isScalar()) return num(m.value());
        List<String> rows = new ArrayList<>();
        for (double[] row : m.toNested()) {
            List<String> cells = new ArrayList<>();
            for (double x : row) cells.add(num(x));
            rows.add(String.join(" & ", cells));
        }
        return "\\begin{bmatrix} " + String.join(" \\\\ ", rows) + " \\end{bmatrix}";
    }

    /** A number as a person writes it: 0, -1, 0.25, 0.6456563062257954. */
    static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return String.valueOf((long) x);
        return String.valueOf(x);
    }

    private static String print(Expr e) {
        return LatexPrinter.print(e);
    }

    private static String print(Fn f) {
        return LatexPrinter.print(f);
    }
}
