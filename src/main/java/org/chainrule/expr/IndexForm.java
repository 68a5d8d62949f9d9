package org.chainrule.expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.expr.Shapes.ShapeException;

/**
 * The component view of a matrix expression, as a TA writes it before differentiating by hand:
 * L = ‖W\mathbf{x} + \mathbf{b} − \mathbf{y}‖² becomes Σ_{k=1}^{m} (Σ_{l=1}^{n} w_{kl} x_l + b_k − y_k)², which the
 * scalar engine then differentiates by w_{ij}.
 *
 * <p>Vector-valued intermediates are never named: the k-th component of W\mathbf{x} + \mathbf{b} is written
 * inline. Summation letters are fresh per sum (sibling sums may share one): never i or j, which belong to
 * the variable's components, never a name already in the expression or a dimension, preferring k, l, p,
 * q, r, s, t. Constructs without a component form (softmax of a vector, an abstract function of a
 * vector, matrix literals, the spectral norm …) are a {@link ShapeException} saying so.
 */
public final class IndexForm {
    private IndexForm() {}

    private static final Num ONE = Expr.num(1);
    private static final String[] LETTERS = {"k", "l", "p", "q", "r", "s", "t", "u", "v", "a", "b", "c", "d", "f", "g", "h"};

    /** An equal scalar expression in components with explicit sums; e must be 1 × 1. */
    public static Expr scalar(Expr e, Map<Sym, Shape> declared) {
        Shape s = Shapes.of(e, declared);
        if (!s.isScalar())
            throw new ShapeException(LatexPrinter.print(e) + " has shape " + s + ", not a scalar; take a component, a product such as "
                    + "\\mathbf{u}^\\top \\mathbf{v}, or a norm");
        checkCollisions(e, declared);
        return new Writer(declared, reserved(e, declared)).entry(e, ONE, ONE, Set.of());
    }

    /**
     * The symbol for one component of v: {@code \mathbf{x}} (n × 1) at [i] is x_i, W (m × n) at [i, j] is
     * w_{ij}, a 1 × n row vector takes one index, a scalar is v itself. For a vector, [row, col] with 1 at
     * the unit dimension is accepted too.
     */
    public static Sym componentSymbol(Sym v, Shape shape, List<Expr> indices) {
        if (shape.isScalar()) {
            if (!indices.stream().allMatch(ONE::equals))
                throw new IllegalArgumentException("a scalar has no components: " + LatexPrinter.print(v) + " at " + indices);
            return v;
        }
        boolean column = shape.cols().equals(ONE), row = shape.rows().equals(ONE);
        if (column || row) {
            Expr index;
            if (indices.size() == 1) index = indices.get(0);
            else if (indices.size() == 2 && indices.get(column ? 1 : 0).equals(ONE)) index = indices.get(column ? 0 : 1);
            else throw new IllegalArgumentException("a vector's component takes one index: " + LatexPrinter.print(v) + " at " + indices);
            return Components.component(v, List.of(index));
        }
        if (indices.size() != 2)
            throw new IllegalArgumentException("a matrix entry takes two indices: " + LatexPrinter.print(v) + " at " + indices);
        return Components.matrixComponent(v, indices.get(0), indices.get(1));
    }

    /**
     * Scalar bindings for numeric checks: each declared symbol's value (row-major; a vector may be given
     * as one row or one column) becomes its components at concrete 1-based indices, w_{1,2} being w with
     * sub [1, 2], exactly the symbol the {@link org.chainrule.numeric.Evaluator} resolves w_{kl} to at
     * k = 1, l = 2. Dimension symbols (n = 3) are the caller's to bind.
     */
    public static Map<Sym, Double> bindComponents(Map<Sym, double[][]> values, Map<Sym, Shape> declared) {
        Map<Sym, Double> out = new LinkedHashMap<>();
        Map<Sym, Sym> owner = new LinkedHashMap<>();
        for (Map.Entry<Sym, double[][]> en : values.entrySet()) {
            Sym v = en.getKey();
            Shape shape = declared.getOrDefault(v, Shape.SCALAR);
            double[][] a = orient(v, shape, en.getValue());
            for (int r = 0; r < a.length; r++)
                for (int c = 0; c < a[r].length; c++) {
                    Sym comp = componentSymbol(v, shape, List.of(Expr.num(r + 1), Expr.num(c + 1)));
                    Sym prev = owner.put(comp, v);
                    if (prev != null && !prev.equals(v))
                        throw new ShapeException(LatexPrinter.print(prev) + " and " + LatexPrinter.print(v) + " both have the component "
                                + LatexPrinter.print(comp));
                    out.put(comp, a[r][c]);
                }
        }
        return out;
    }

    /** The value as rows × cols, checking it against numeric dimensions; a vector may come as a row or a column. */
    private static double[][] orient(Sym v, Shape shape, double[][] a) {
        if (a.length == 0 || a[0].length == 0) throw new IllegalArgumentException("no value for " + LatexPrinter.print(v));
        for (double[] row : a)
            if (row.length != a[0].length) throw new IllegalArgumentException("ragged value for " + LatexPrinter.print(v));
        boolean column = shape.cols().equals(ONE), row = shape.rows().equals(ONE);
        if (!shape.isScalar() && (column || row) && (a.length == 1 || a[0].length == 1)) {
            double[] flat = new double[a.length * a[0].length];
            for (int r = 0; r < a.length; r++)
                for (int c = 0; c < a[0].length; c++) flat[r * a[0].length + c] = a[r][c];
            a = new double[column ? flat.length : 1][column ? 1 : flat.length];
            for (int k = 0; k < flat.length; k++) {
                if (column) a[k][0] = flat[k];
                else a[0][k] = flat[k];
            }
        }
        int rows = a.length, cols = a[0].length;
        if (!fits(shape.rows(), rows) || !fits(shape.cols(), cols))
            throw new IllegalArgumentException("the value of " + LatexPrinter.print(v) + " is " + rows + " × " + cols + " but it is declared " + shape);
        return a;
    }

    private static boolean fits(Expr dim, int n) {
        return !(dim instanceof Num d) || d.value().equals(Rational.of(n));
    }

    // ---------------------------------------------------------------- collisions and letters

    /** Two vectors/matrices (or a vector and a scalar of e) that would have the same component symbols. */
    private static void checkCollisions(Expr e, Map<Sym, Shape> declared) {
        Map<List<Object>, Sym> owners = new LinkedHashMap<>();
        Set<Sym> syms = Exprs.symbols(e);
        for (Sym s : syms) {
            Shape shape = declared.get(s);
            if (shape == null || shape.isScalar()) continue;
            Sym probe = componentSymbol(s, shape, placeholders(shape));
            Sym prev = owners.put(List.of(probe.base(), probe.sub().size()), s);
            if (prev != null && !prev.equals(s))
                throw new ShapeException(LatexPrinter.print(prev) + " and " + LatexPrinter.print(s) + " would have the same components ("
                        + LatexPrinter.print(probe) + "); rename one of them");
        }
        for (Sym s : syms) {
            if (s.sub().isEmpty() || !declared.getOrDefault(s, Shape.SCALAR).isScalar()) continue;
            Sym owner = owners.get(List.of(s.base(), s.sub().size()));
            if (owner != null)
                throw new ShapeException(LatexPrinter.print(s) + " is used as a scalar but would also name a component of "
                        + LatexPrinter.print(owner) + "; rename one of them");
        }
    }

    private static List<Expr> placeholders(Shape shape) {
        boolean vector = shape.rows().equals(ONE) || shape.cols().equals(ONE);
        return vector ? List.of(Sym.of("i")) : List.of(Sym.of("i"), Sym.of("j"));
    }

    /** Letters no summation may use: i, j, every name in e (also as a bare letter), dimensions, component names. */
    private static Set<Sym> reserved(Expr e, Map<Sym, Shape> declared) {
        Set<Sym> out = new HashSet<>(List.of(Sym.of("i"), Sym.of("j")));
        for (Sym s : Exprs.symbols(e)) {
            out.add(s);
            out.add(Sym.of(s.name()));
            Shape shape = declared.get(s);
            if (shape != null && !shape.isScalar()) {
                out.add(Sym.of(componentSymbol(s, shape, placeholders(shape)).name()));
                out.addAll(Exprs.symbols(shape.rows()));
                out.addAll(Exprs.symbols(shape.cols()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the rewrite

    private record Writer(Map<Sym, Shape> declared, Set<Sym> reserved) {

        /** The (row, col) entry of e as a scalar expression; row and col are 1 for a unit dimension. */
        Expr entry(Expr e, Expr row, Expr col, Set<Sym> scope) {
            if (!needsWork(e)) return e; // a scalar subexpression stays as written
            return switch (e) {
                case Sym s -> componentSymbol(s, shape(s), List.of(row, col));
                case Add a -> {
                    List<Expr> terms = new ArrayList<>();
                    for (Expr t : a.terms()) terms.add(entry(t, row, col, scope));
                    yield Expr.add(terms);
                }
                case Mul m -> product(m, row, col, scope);
                case Pow p -> {
                    // ‖v‖² is the sum of squares itself, not (Σ v_k²)^{1/2} squared.
                    if (p.base() instanceof Norm n && Exprs.isNum(p.exponent(), 2) && isEuclidean(n) && !shape(n.arg()).isScalar())
                        yield sumOfSquares(n, scope);
                    yield new Pow(scalarPart(p.base(), scope), scalarPart(p.exponent(), scope));
                }
                case Hadamard h -> Expr.mul(entry(h.left(), row, col, scope), entry(h.right(), row, col, scope));
                case Apply ap -> apply(ap, row, col, scope);
                case Abs a -> new Abs(entry(a.arg(), row, col, scope));
                case Norm n -> norm(n, scope);
                case Transpose t -> entry(t.arg(), col, row, scope);
                case Index ix -> index(ix, scope);
                case Indicator ind -> new Indicator(scalarPart(ind.condition(), scope));
                case Rel r -> {
                    List<Expr> ops = new ArrayList<>();
                    for (Expr o : r.operands()) {
                        if (o instanceof Space) throw unsupported(r, "a declaration has no component form");
                        ops.add(scalarPart(o, scope));
                    }
                    yield new Rel(ops, r.ops());
                }
                case Piecewise pw -> {
                    List<Case> cs = new ArrayList<>();
                    for (Case c : pw.cases()) cs.add(new Case(entry(c.value(), row, col, scope), scalarPart(c.condition(), scope)));
                    yield new Piecewise(cs, pw.otherwise().map(o -> entry(o, row, col, scope)));
                }
                case BigOp b -> {
                    // Π of matrices is a matrix product, not entrywise; a Σ of them is entrywise.
                    if (b.kind() == BigOpKind.PROD && !shape(b.body()).isScalar()) throw unsupported(b, "a product of matrices over an index");
                    Set<Sym> inner = with(scope, b.index());
                    yield new BigOp(b.kind(), b.index(), b.from().map(f -> scalarPart(f, scope)), b.to().map(t -> scalarPart(t, scope)),
                            entry(b.body(), row, col, inner));
                }
                case Matrix mx -> throw unsupported(mx, "matrix literals have no index form yet");
                case Deriv d -> throw unsupported(d, "a derivative written in the formula");
                case EvalAt at -> throw unsupported(at, "an evaluation bar");
                case Limit l -> throw unsupported(l, "a limit");
                case Space sp -> throw unsupported(sp, "a space is not a value");
                case Num n -> n;
                case Const c -> c;
                case Kronecker k -> k;
                case Dots d -> d;
            };
        }

        /** A part that must be a scalar (an exponent, a condition, a bound, a scalar factor). */
        private Expr scalarPart(Expr e, Set<Sym> scope) {
            Shape s = shape(e);
            if (!s.isScalar()) throw unsupported(e, "it has shape " + s + " where a scalar is needed");
            return entry(e, ONE, ONE, scope);
        }

        /**
         * Scalar factors commute and stay in place; the others multiply as matrices. As in {@link Shapes#of}, a
         * run of matrix factors whose product is 1 × 1 (\mathbf{x}^\top \mathbf{y} in \mathbf{x}^\top \mathbf{y} A)
         * is a scalar factor of its own.
         */
        private Expr product(Mul m, Expr row, Expr col, Set<Sym> scope) {
            List<Expr> out = new ArrayList<>();
            List<Expr> run = new ArrayList<>();
            int slot = -1;
            Shape acc = Shape.SCALAR;
            for (Expr f : m.factors()) {
                Shape sf = shape(f);
                if (sf.isScalar()) {
                    out.add(entry(f, ONE, ONE, scope));
                    continue;
                }
                if (run.isEmpty()) {
                    slot = out.size();
                    out.add(ONE);
                    acc = sf;
                } else {
                    acc = new Shape(acc.rows(), sf.cols());
                }
                run.add(f);
                if (acc.isScalar()) {
                    out.set(slot, chain(run, ONE, ONE, scope));
                    run = new ArrayList<>();
                }
            }
            if (!run.isEmpty()) out.set(slot, chain(run, row, col, scope));
            return Expr.mul(out);
        }

        /** (A B C)_{rc} = Σ_l A_{rl} (B C)_{lc}: the rest of the product written inline, no sum over a unit dimension. */
        private Expr chain(List<Expr> factors, Expr row, Expr col, Set<Sym> scope) {
            Expr first = factors.get(0);
            if (factors.size() == 1) return entry(first, row, col, scope);
            Expr inner = shape(first).cols();
            List<Expr> rest = factors.subList(1, factors.size());
            if (inner.equals(ONE)) return Expr.mul(entry(first, row, ONE, scope), chain(rest, ONE, col, scope));
            Sym l = fresh(scope);
            Set<Sym> in = with(scope, l);
            return sum(l, inner, Expr.mul(entry(first, row, l, in), chain(rest, l, col, in)));
        }

        private Expr apply(Apply ap, Expr row, Expr col, Set<Sym> scope) {
            if (ap.fn() instanceof Builtin b && ap.args().size() == 1 && !shape(ap.args().get(0)).isScalar()) {
                if (b.op() == BuiltinFn.SOFTMAX) throw unsupported(ap, "softmax of a vector has no component form here");
                if (b.op() == BuiltinFn.MAX || b.op() == BuiltinFn.MIN) throw unsupported(ap, "the maximum or minimum over a vector");
                return new Apply(b, List.of(entry(ap.args().get(0), row, col, scope))); // every other function is elementwise
            }
            List<Expr> args = new ArrayList<>();
            for (Expr a : ap.args()) {
                if (!shape(a).isScalar()) throw unsupported(ap, "a function of a vector or matrix (only elementwise built-ins such as \\sigma, \\exp have components)");
                args.add(scalarPart(a, scope));
            }
            Fn fn = ap.fn() instanceof LogBase lb ? new LogBase(scalarPart(lb.base(), scope)) : ap.fn();
            return new Apply(fn, args);
        }

        /** (W\mathbf{x})_k written in the formula: the k-th component inline. */
        private Expr index(Index ix, Set<Sym> scope) {
            Shape s = shape(ix.base());
            List<Expr> idx = new ArrayList<>();
            for (Expr i : ix.indices()) idx.add(scalarPart(i, scope));
            if (s.isScalar()) throw unsupported(ix, "a component of a scalar");
            boolean column = s.cols().equals(ONE), rowVector = s.rows().equals(ONE);
            if (column || rowVector) {
                if (idx.size() != 1) throw unsupported(ix, "a vector's component takes one index");
                return column ? entry(ix.base(), idx.get(0), ONE, scope) : entry(ix.base(), ONE, idx.get(0), scope);
            }
            if (idx.size() != 2) throw unsupported(ix, "a matrix entry takes two indices");
            return entry(ix.base(), idx.get(0), idx.get(1), scope);
        }

        /** ‖v‖ = (Σ_k v_k²)^{1/2}; ‖v‖_1 = Σ_k |v_k|; ‖v‖_p = (Σ_k |v_k|^p)^{1/p}; ‖A‖_F over all entries. */
        private Expr norm(Norm n, Set<Sym> scope) {
            Shape s = shape(n.arg());
            if (s.isScalar()) return new Norm(scalarPart(n.arg(), scope), n.p());
            if (isEuclidean(n)) return new Pow(sumOfSquares(n, scope), Expr.num(Rational.of(1, 2)));
            boolean vector = s.rows().equals(ONE) || s.cols().equals(ONE);
            if (vector && n.p() instanceof Num p && p.value().signum() > 0) {
                if (Exprs.isNum(p, 1)) return entrywise(n.arg(), s, scope, Abs::new, out -> out);
                return entrywise(n.arg(), s, scope, v -> new Pow(new Abs(v), p), out -> new Pow(out, Expr.div(ONE, p)));
            }
            throw unsupported(n, "only the Euclidean norm, \\|\\cdot\\|_p of a vector and the Frobenius norm \\|\\cdot\\|_F have an index form");
        }

        /** The norm is 2 or F; of a matrix only F, since ‖A‖_2 is the spectral norm (no index form). */
        private boolean isEuclidean(Norm n) {
            if (n.p() instanceof Sym f && f.equals(Sym.of("F"))) return true;
            if (!Exprs.isNum(n.p(), 2)) return false;
            Shape s = shape(n.arg());
            if (s.isScalar() || s.rows().equals(ONE) || s.cols().equals(ONE)) return true;
            throw unsupported(n, "\\|A\\| of a matrix is read as \\|A\\|_2, the spectral norm, which has no index form; "
                    + "write \\|A\\|_F for the Frobenius norm");
        }

        private Expr sumOfSquares(Norm n, Set<Sym> scope) {
            return entrywise(n.arg(), shape(n.arg()), scope, v -> new Pow(v, Expr.num(2)), out -> out);
        }

        /** Σ over every entry of a (unit dimensions not summed) of f(entry), then wrapped by g. */
        private Expr entrywise(Expr a, Shape s, Set<Sym> scope, UnaryOperator<Expr> f, UnaryOperator<Expr> g) {
            Set<Sym> in = scope;
            Expr r = ONE, c = ONE;
            Sym rs = null, cs = null;
            if (!s.rows().equals(ONE)) {
                rs = fresh(in);
                in = with(in, rs);
                r = rs;
            }
            if (!s.cols().equals(ONE)) {
                cs = fresh(in);
                in = with(in, cs);
                c = cs;
            }
            Expr body = f.apply(entry(a, r, c, in));
            if (cs != null) body = sum(cs, s.cols(), body);
            if (rs != null) body = sum(rs, s.rows(), body);
            return g.apply(body);
        }

        private boolean needsWork(Expr e) {
            if (e instanceof Matrix) return true;
            if (e instanceof Sym s) return !shape(s).isScalar();
            for (Expr c : Exprs.children(e)) if (needsWork(c)) return true;
            return false;
        }

        private Shape shape(Expr e) {
            return Shapes.of(e, declared);
        }

        private Sym fresh(Set<Sym> scope) {
            Set<Sym> avoid = new HashSet<>(reserved);
            avoid.addAll(scope);
            Optional<Sym> l = Exprs.freshLetter(avoid, LETTERS);
            return l.orElseThrow(() -> new ShapeException("too many summation indices: every letter for one is taken"));
        }
    }

    private static BigOp sum(Sym index, Expr to, Expr body) {
        return new BigOp(BigOpKind.SUM, index, Optional.of(ONE), Optional.of(to), body);
    }

    private static Set<Sym> with(Set<Sym> scope, Sym s) {
        Set<Sym> out = new HashSet<>(scope);
        out.add(s);
        return out;
    }

    private static ShapeException unsupported(Expr e, String why) {
        return new ShapeException("no index form for " + LatexPrinter.print(e) + ": " + why);
    }
}
