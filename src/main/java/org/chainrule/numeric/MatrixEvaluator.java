package org.chainrule.numeric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;

/**
 * Evaluates vector and matrix expressions in doubles, so that matrix-calculus steps can be checked by
 * finite differences on random matrices of the declared shapes (see {@link MatrixSampler}).
 *
 * <p>Semantics follow {@link org.chainrule.expr.Shapes}: a product is a matrix product taken left to
 * right in which 1×1 factors scale, sums and Hadamard products need equal shapes, the built-in
 * activations act entry by entry (softmax acts on a column), a norm is 1×1, Σ adds terms that may be
 * matrices. Scalar meaning is never re-implemented here: entries go through {@link Evaluator}, and
 * every node without a matrix meaning (piecewise functions, indicators, relations, written
 * derivatives, abstract functions, indexed symbols such as x_i …) is handed to {@link Evaluator#eval}
 * when all the symbols it uses are scalars, so scalar losses keep working unchanged.
 */
public final class MatrixEvaluator {

    private MatrixEvaluator() {}

    private static final Sym DIAG = new Sym("diag", List.of("rm"), List.of(), SupIndex.NONE);
    private static final Sym TRACE = new Sym("tr", List.of("rm"), List.of(), SupIndex.NONE);

    /** The value of e with the given symbols bound; {@link EvalException} names what does not fit. */
    public static Mat eval(Expr e, Map<Sym, Mat> env) {
        return switch (e) {
            case Num n -> Mat.scalar(n.value().doubleValue());
            case Const c -> Mat.scalar(Evaluator.eval(c, Env.empty()));
            // δ_{ij}: the scalar evaluator resolves the indices
            case Kronecker k -> scalar(k, "a Kronecker delta", env);
            case Sym s -> {
                Mat m = env.get(s);
                if (m != null) yield m;
                // x_i: the scalar evaluator resolves indices, and sees the entries of vectors as x_{2}
                if (!s.sub().isEmpty() || !s.sup().items().isEmpty()) yield scalar(s, "an indexed symbol", env);
                throw new EvalException("no value for " + LatexPrinter.print(s));
            }
            case Add a -> add(a, env);
            case Mul m -> mul(m, env);
            case Pow p -> pow(p, env);
            case Hadamard h -> {
                Mat l = eval(h.left(), env), r = eval(h.right(), env);
                if (!l.sameShape(r))
                    throw new EvalException("an elementwise product needs equal shapes: " + show(h.left(), l) + " and " + show(h.right(), r));
                yield l.hadamard(r);
            }
            case Apply ap -> apply(ap, env);
            case Abs a -> eval(a.arg(), env).map(Math::abs);
            case Norm n -> Mat.scalar(norm(n, env));
            case Transpose t -> eval(t.arg(), env).transpose();
            case Matrix mx -> literal(mx, env);
            case Index ix -> index(ix, env);
            case Indicator i -> hasMatrices(e, env) ? Mat.scalar(holds(i.condition(), env) ? 1 : 0) : scalar(e, "an indicator", env);
            case Piecewise pw -> hasMatrices(e, env) ? piecewise(pw, env) : scalar(e, "a piecewise function", env);
            case Rel r -> hasMatrices(e, env) ? Mat.scalar(holds(r, env) ? 1 : 0) : scalar(e, "a relation", env);
            case BigOp b -> bigOp(b, env);
            case Deriv d -> scalar(e, "a written derivative", env);
            case EvalAt at -> scalar(e, "an evaluation bar", env);
            case Limit l -> scalar(e, "a limit", env);
            case Space sp -> throw new EvalException("a space is not a value");
            case Dots d -> throw new EvalException("elided terms (\\dots) have no value");
        };
    }

    private static Mat add(Add a, Map<Sym, Mat> env) {
        List<Expr> terms = a.terms();
        Mat sum = eval(terms.get(0), env);
        for (Expr t : terms.subList(1, terms.size())) {
            Mat v = eval(t, env);
            // no broadcasting: x + 1 for a vector x is a shape error, as in Shapes
            if (!v.sameShape(sum)) throw new EvalException("cannot add " + show(terms.get(0), sum) + " and " + show(t, v));
            sum = sum.plus(v);
        }
        return sum;
    }

    /** A matrix product in which 1 × 1 factors and 1 × 1 runs scale, grouped as {@link Shapes#group} says. */
    private static Mat mul(Mul m, Map<Sym, Mat> env) {
        List<Expr> fs = m.factors();
        List<Mat> vs = new ArrayList<>();
        List<Shapes.Shape> ss = new ArrayList<>();
        for (Expr f : fs) {
            Mat v = eval(f, env);
            vs.add(v);
            ss.add(new Shapes.Shape(Expr.num(v.rows()), Expr.num(v.cols())));
        }
        return switch (Shapes.group(ss)) {
            case Shapes.Grouping.Misfit(List<Integer> chain, Shapes.Shape acc, int next) -> {
                Mat first = chainProduct(chain.stream().map(vs::get).toList());
                throw new EvalException("cannot multiply " + show(Expr.mul(chain.stream().map(fs::get).toList()), first) + " by "
                        + show(fs.get(next), vs.get(next)) + ": the columns of the first (" + first.cols()
                        + ") must match the rows of the second (" + vs.get(next).rows() + ")");
            }
            case Shapes.Grouping.Units u -> {
                double scale = 1;
                for (int k = 0; k < vs.size(); k++) if (vs.get(k).isScalar()) scale *= vs.get(k).value();
                for (List<Integer> run : u.runs()) scale *= chainProduct(run.stream().map(vs::get).toList()).value();
                List<Mat> chain = u.chain().stream().map(vs::get).toList();
                yield chain.isEmpty() ? Mat.scalar(scale) : chainProduct(chain).scale(scale);
            }
        };
    }

    private static Mat inverse(Expr e, Mat m) {
        if (m.rows() != m.cols()) throw new EvalException("only a square matrix has an inverse: " + show(e, m));
        return m.inverse(); // ArithmeticException when singular: the point is skipped
    }

    private static Mat chainProduct(List<Mat> ms) {
        Mat acc = ms.get(0);
        for (Mat v : ms.subList(1, ms.size())) acc = acc.times(v);
        return acc;
    }

    private static Mat pow(Pow p, Map<Sym, Mat> env) {
        Mat b = eval(p.base(), env), x = eval(p.exponent(), env);
        if (!x.isScalar()) throw new EvalException("an exponent must be a scalar: " + show(p.exponent(), x));
        if (!b.isScalar() && x.value() == -1) return inverse(p.base(), b);
        if (!b.isScalar()) throw new EvalException("cannot raise " + show(p.base(), b) + " to a power; write the product or a norm");
        return Mat.scalar(Evaluator.power(b.value(), x.value()));
    }

    private static Mat apply(Apply ap, Map<Sym, Mat> env) {
        List<Expr> args = ap.args();
        switch (ap.fn()) {
            case Builtin b when b.op() == BuiltinFn.SOFTMAX -> {
                return softmax(one(ap), eval(args.get(0), env));
            }
            case Builtin b when args.size() == 1 -> {
                BuiltinFn op = b.op();
                return eval(args.get(0), env).map(x -> Evaluator.builtin(op, new double[] {x}));
            }
            case Builtin b -> {
                return broadcast(ap, b.op(), env);
            }
            case LogBase lb -> {
                return elementwise(ap, lb, 0, env);
            }
            case Prime pr when isElementwise(pr.fn()) -> {
                return elementwise(ap, pr.fn(), pr.order(), env);
            }
            case Abstract ab when ab.name().equals(DIAG) && args.size() == 1 -> {
                return diag(args.get(0), eval(args.get(0), env));
            }
            case Abstract ab when Shapes.largestEntryOf(ap) != null -> {
                Mat u = eval(args.get(0), env);
                int at = 0;
                for (int k = 1; k < u.data().length; k++) if (Math.abs(u.data()[k]) > Math.abs(u.data()[at])) at = k; // first at a tie
                double[] d = new double[u.data().length];
                d[at] = 1;
                return new Mat(u.rows(), u.cols(), d);
            }
            case Abstract ab when Shapes.inverted(ap) != null -> {
                return inverse(args.get(0), eval(args.get(0), env));
            }
            case Abstract ab when Shapes.determinantOf(ap) != null && !eval(args.get(0), env).isScalar() -> {
                Mat m = eval(args.get(0), env);
                if (m.rows() != m.cols()) throw new EvalException("a determinant needs a square matrix: " + show(args.get(0), m));
                return Mat.scalar(m.determinant());
            }
            case Abstract ab when Shapes.isZeroMatrix(ap) -> {
                return Mat.zeros(integer(args.get(0), env), integer(args.get(1), env));
            }
            case Abstract ab when ab.name().equals(TRACE) && args.size() == 1 -> {
                return trace(args.get(0), eval(args.get(0), env));
            }
            default -> {
                return scalar(ap, "the function " + LatexPrinter.print(ap.fn()), env);
            }
        }
    }

    /**
     * Σ and Π term by term, like the scalar evaluator, but with terms that may be matrices (Π multiplies
     * them in order) and may take components of vector expressions, as Σ_i y_i log softmax(a)_i does.
     */
    private static Mat bigOp(BigOp b, Map<Sym, Mat> env) {
        if (b.from().isEmpty() || b.to().isEmpty())
            throw new EvalException("a sum or product without bounds has no numeric value");
        int from = integer(b.from().get(), env), to = integer(b.to().get(), env);
        if ((long) to - from > 100_000) throw new EvalException("too many terms to evaluate");
        Map<Sym, Mat> inner = new HashMap<>(env);
        Mat acc = null;
        for (int i = from; i <= to; i++) {
            inner.put(b.index(), Mat.scalar(i));
            Mat term = eval(b.body(), inner);
            if (acc == null) acc = term;
            else if (b.kind() == BigOpKind.SUM) {
                if (!acc.sameShape(term)) throw new EvalException("the terms of " + LatexPrinter.print(b) + " have different shapes: " + acc.shape() + " and " + term.shape());
                acc = acc.plus(term);
            } else {
                if (!acc.isScalar() && !term.isScalar() && acc.cols() != term.rows())
                    throw new EvalException("the factors of " + LatexPrinter.print(b) + " do not fit: " + acc.shape() + " by " + term.shape());
                acc = acc.times(term);
            }
        }
        return acc != null ? acc : Mat.scalar(b.kind() == BigOpKind.SUM ? 0 : 1); // an empty sum or product
    }

    private static boolean isElementwise(Fn fn) {
        return fn instanceof LogBase || fn instanceof Builtin b && b.op().maxArgs == 1 && b.op() != BuiltinFn.SOFTMAX;
    }

    /**
     * The order-th derivative of a one-argument function (log_b, σ', tanh'' …) entry by entry, by the
     * scalar evaluator: exact derivative formulas for built-in functions, so it means what it means in
     * scalar checks and is as precise as the function itself.
     */
    private static Mat elementwise(Apply ap, Fn fn, int order, Map<Sym, Mat> env) {
        Mat a = eval(one(ap), env);
        Env scalars = scalarEnv(env);
        return a.map(x -> Evaluator.prime(fn, order, x, scalars));
    }

    private static Expr one(Apply ap) {
        if (ap.args().size() != 1) throw new EvalException(LatexPrinter.print(ap.fn()) + " takes one argument");
        return ap.args().get(0);
    }

    /** max/min of several arguments entry by entry; a 1×1 argument (the 0 of max(x, 0)) counts for every entry. */
    private static Mat broadcast(Apply ap, BuiltinFn op, Map<Sym, Mat> env) {
        List<Mat> vals = new ArrayList<>();
        Mat shape = null;
        Expr shapeExpr = null;
        for (Expr a : ap.args()) {
            Mat v = eval(a, env);
            vals.add(v);
            if (v.isScalar()) continue;
            if (shape != null && !shape.sameShape(v))
                throw new EvalException(LatexPrinter.print(ap.fn()) + " needs arguments of equal shapes (or scalars): "
                        + show(shapeExpr, shape) + " and " + show(a, v));
            shape = v;
            shapeExpr = a;
        }
        int rows = shape == null ? 1 : shape.rows(), cols = shape == null ? 1 : shape.cols();
        double[][] data = new double[vals.size()][];
        for (int i = 0; i < data.length; i++) data[i] = vals.get(i).data();
        double[] out = new double[rows * cols];
        double[] entry = new double[vals.size()];
        for (int k = 0; k < out.length; k++) {
            for (int i = 0; i < entry.length; i++) entry[i] = data[i].length == 1 ? data[i][0] : data[i][k];
            out[k] = Evaluator.builtin(op, entry);
        }
        return new Mat(rows, cols, out);
    }

    /** softmax of a column, shifted by its maximum so large entries do not overflow. */
    private static Mat softmax(Expr arg, Mat a) {
        if (a.cols() != 1) throw new EvalException("softmax needs a column vector, not " + show(arg, a));
        double[] z = a.data();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v); // a NaN entry makes every entry NaN, not a wrong number
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) z[k] /= sum;
        return new Mat(a.rows(), 1, z);
    }

    private static Mat diag(Expr arg, Mat v) {
        if (v.cols() != 1) throw new EvalException("diag needs a column vector, not " + show(arg, v));
        int n = v.rows();
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = v.get(i, 0);
        return new Mat(n, n, d);
    }

    private static Mat trace(Expr arg, Mat a) {
        if (a.rows() != a.cols()) throw new EvalException("a trace needs a square matrix, not " + show(arg, a));
        double t = 0;
        for (int i = 0; i < a.rows(); i++) t += a.get(i, i);
        return Mat.scalar(t);
    }

    /**
     * Entrywise norms: p = 2 (as written or implied) and F give the Frobenius norm, which for a vector
     * is the Euclidean length; p = 1 the sum of absolute entries; p = ∞ the largest; another p ≥ 1
     * (Σ|a|^p)^{1/p}. (For a matrix, ‖A‖₂ is taken as Frobenius, not the spectral norm.)
     */
    private static double norm(Norm n, Map<Sym, Mat> env) {
        Mat m = eval(n.arg(), env);
        double p;
        if (n.p() instanceof Sym s && s.name().equals("F") && s.sub().isEmpty()) p = 2;
        else {
            Mat pv = eval(n.p(), env);
            if (!pv.isScalar() || !(pv.value() >= 1)) throw new EvalException("a norm needs p ≥ 1 (or F), not " + LatexPrinter.print(n.p()));
            p = pv.value();
        }
        if (p == Double.POSITIVE_INFINITY) return m.maxAbs();
        double sum = 0;
        for (double x : m.data()) sum += p == 2 ? x * x : p == 1 ? Math.abs(x) : Math.pow(Math.abs(x), p);
        return p == 2 ? Math.sqrt(sum) : p == 1 ? sum : Math.pow(sum, 1 / p);
    }

    private static Mat literal(Matrix mx, Map<Sym, Mat> env) {
        int rows = mx.rows().size(), cols = mx.rows().get(0).size();
        double[] d = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                Expr c = mx.rows().get(i).get(j);
                Mat v = eval(c, env);
                if (!v.isScalar()) throw new EvalException("a matrix entry must be a scalar: " + show(c, v));
                d[i * cols + j] = v.value();
            }
        return new Mat(rows, cols, d);
    }

    /** {@code (W x)_i}: indices are 1-based; one index on a vector (column or row), two on a matrix. */
    private static Mat index(Index ix, Map<Sym, Mat> env) {
        Mat base = eval(ix.base(), env);
        List<Expr> is = ix.indices();
        int[] at = new int[is.size()];
        for (int k = 0; k < at.length; k++) at[k] = integer(is.get(k), env);
        int i, j;
        if (at.length == 1 && base.cols() == 1) { i = at[0]; j = 1; }
        else if (at.length == 1 && base.rows() == 1) { i = 1; j = at[0]; }
        else if (at.length == 2) { i = at[0]; j = at[1]; }
        else throw new EvalException(at.length + " indices on " + show(ix.base(), base));
        if (i < 1 || i > base.rows() || j < 1 || j > base.cols())
            throw new EvalException("index out of range: " + LatexPrinter.print(ix) + " with " + show(ix.base(), base));
        return Mat.scalar(base.get(i - 1, j - 1));
    }

    private static int integer(Expr e, Map<Sym, Mat> env) {
        Mat v = eval(e, env);
        if (!v.isScalar()) throw new EvalException("an index must be a scalar: " + show(e, v));
        double x = v.value();
        long r = Math.round(x);
        if (Math.abs(x - r) > 1e-9 || Math.abs(r) > Integer.MAX_VALUE) throw new EvalException("an index is not an integer: " + LatexPrinter.print(e) + " = " + x);
        return (int) r;
    }

    /** True when a symbol in e is bound to a vector or matrix. */
    private static boolean hasMatrices(Expr e, Map<Sym, Mat> env) {
        for (Sym s : Exprs.valueSymbols(e)) {
            Mat m = env.get(s);
            if (m != null && !m.isScalar()) return true;
        }
        return false;
    }

    /**
     * A piecewise function whose cases are scalars computed from vectors (the smooth-L1 loss of
     * Wᵀx − y): the first case whose condition holds, else the otherwise value.
     */
    private static Mat piecewise(Piecewise pw, Map<Sym, Mat> env) {
        for (Case c : pw.cases()) if (holds(c.condition(), env)) return eval(c.value(), env);
        if (pw.otherwise().isPresent()) return eval(pw.otherwise().get(), env);
        throw new EvalException("no case of the piecewise function applies");
    }

    private static double scalarValue(Expr e, Map<Sym, Mat> env) {
        Mat m = eval(e, env);
        if (!m.isScalar()) throw new EvalException("a condition compares scalars, but " + LatexPrinter.print(e) + " is " + m.shape());
        return m.value();
    }

    /** A condition over 1 × 1 values, compared as the scalar evaluator compares them. */
    private static boolean holds(Expr cond, Map<Sym, Mat> env) {
        if (!(cond instanceof Rel r)) return scalarValue(cond, env) != 0;
        double left = scalarValue(r.operands().get(0), env);
        for (int i = 0; i < r.ops().size(); i++) {
            double right = scalarValue(r.operands().get(i + 1), env);
            if (!Evaluator.compare(r.ops().get(i), left, right)) return false;
            left = right;
        }
        return true;
    }

    /** Hands e to the scalar evaluator, which is only meaningful when no symbol in it is a vector or matrix. */
    private static Mat scalar(Expr e, String what, Map<Sym, Mat> env) {
        for (Sym s : Exprs.valueSymbols(e)) {
            Mat m = env.get(s);
            if (m != null && !m.isScalar())
                throw new EvalException(what + " is evaluated only over scalars, but " + LatexPrinter.print(s) + " is " + m.shape()
                        + ": " + LatexPrinter.print(e));
        }
        return Mat.scalar(Evaluator.eval(e, scalarEnv(env)));
    }

    /**
     * The 1×1 bindings as a scalar environment, plus the entries of vectors and matrices under the
     * names the scalar evaluator resolves components by ({@code x_{2}} of {@code \mathbf{x}}, as
     * {@link Components} says, and {@code W_{12}} as written), so x_i in Σ_i x_i over a declared
     * vector evaluates. Explicit 1×1 bindings win; a name two matrices would both claim is left unbound.
     */
    public static Env scalarEnv(Map<Sym, Mat> env) {
        Map<Sym, Double> derived = new HashMap<>();
        Map<Sym, Sym> owner = new HashMap<>();
        Set<Sym> ambiguous = new HashSet<>();
        Map<Sym, Double> explicit = new LinkedHashMap<>();
        for (Map.Entry<Sym, Mat> b : env.entrySet()) {
            Sym s = b.getKey();
            Mat m = b.getValue();
            if (m.isScalar()) {
                explicit.put(s, m.value());
                continue;
            }
            if (!s.sub().isEmpty()) continue; // \mathbf{w}_1 has no component names of its own
            boolean vector = m.cols() == 1 || m.rows() == 1;
            for (int i = 0; i < m.rows(); i++)
                for (int j = 0; j < m.cols(); j++) {
                    List<Expr> idx = vector ? List.of(Num.of(i + j + 1)) : List.of(Num.of(i + 1), Num.of(j + 1));
                    for (Sym name : List.of(s.withSub(idx), Components.component(s, idx))) {
                        Sym previous = owner.putIfAbsent(name, s);
                        if (previous != null && !previous.equals(s)) ambiguous.add(name);
                        derived.put(name, m.get(i, j));
                    }
                }
        }
        derived.keySet().removeAll(ambiguous);
        derived.putAll(explicit);
        return Env.of(derived);
    }

    /** A finite-difference gradient with an error estimate per entry (large where the point is ill-conditioned). */
    public record Gradient(Mat value, Mat error) {}

    /**
     * ∂f/∂x for a scalar f, with x's shape (denominator layout, as {@link org.chainrule.expr.Shapes}
     * has it), by Richardson-extrapolated central differences in each entry of x, with the same steps
     * as the scalar {@link Evaluator#derivativeWithError}.
     */
    public static Gradient gradientWithError(Expr f, Sym x, Map<Sym, Mat> env) {
        Mat f0 = eval(f, env);
        if (!f0.isScalar()) throw new EvalException("a gradient needs a scalar function, but " + show(f, f0));
        return gradientWithError(e -> eval(f, e).value(), x, env);
    }

    /** The same for a scalar function given as code (the verifier's ⟨G, p⟩). */
    public static Gradient gradientWithError(ToDoubleFunction<Map<Sym, Mat>> f, Sym x, Map<Sym, Mat> env) {
        Mat x0 = env.get(x);
        if (x0 == null) throw new EvalException("no value for " + LatexPrinter.print(x));
        Map<Sym, Mat> work = new HashMap<>(env);
        double[] value = new double[x0.rows() * x0.cols()], error = new double[value.length];
        for (int i = 0; i < x0.rows(); i++)
            for (int j = 0; j < x0.cols(); j++) {
                int r = i, c = j;
                double[] d = Evaluator.richardson(v -> {
                    work.put(x, x0.with(r, c, v));
                    return f.applyAsDouble(work);
                }, x0.get(i, j));
                value[i * x0.cols() + j] = d[0];
                error[i * x0.cols() + j] = d[1];
            }
        return new Gradient(new Mat(x0.rows(), x0.cols(), value), new Mat(x0.rows(), x0.cols(), error));
    }

    /** ∂f/∂x by finite differences; see {@link #gradientWithError}. */
    public static Mat gradient(Expr f, Sym x, Map<Sym, Mat> env) {
        return gradientWithError(f, x, env).value();
    }

    /**
     * True when every entry agrees within {@code tol·(1 + |a| + |b|)}, the scalar verifier's measure
     * (relative for large entries, absolute near 0). NaN is never close. Shapes must be equal: compare
     * shapes first and report a mismatch in words.
     */
    public static boolean close(Mat a, Mat b, double tol) {
        if (!a.sameShape(b)) throw new IllegalArgumentException("cannot compare a " + a.shape() + " and a " + b.shape() + " matrix");
        double[] x = a.data(), y = b.data();
        for (int k = 0; k < x.length; k++)
            if (!(Math.abs(x[k] - y[k]) <= tol * (1 + Math.abs(x[k]) + Math.abs(y[k])))) return false;
        return true;
    }

    private static String show(Expr e, Mat v) {
        return LatexPrinter.print(e) + " (" + v.shape() + ")";
    }
}
