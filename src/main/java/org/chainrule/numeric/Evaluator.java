package org.chainrule.numeric;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.chainrule.expr.Budget;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.LatexPrinter;

/**
 * Evaluates a scalar expression in doubles. This is chainrule's own route for verification: it is
 * far faster than any round trip through the CAS, and it understands indicators, piecewise functions,
 * indexed symbols and Kronecker deltas, which the CAS does not.
 *
 * <p>Indexed symbols resolve through the environment: {@code w_{i}} is looked up as written first, and
 * if that is unbound, its indices are evaluated ({@code i = 2}) and {@code w_{2}} is looked up.
 */
public final class Evaluator {

    private Evaluator() {}

    public static double eval(Expr e, Env env) {
        return switch (e) {
            case Num n -> n.value().doubleValue();
            case Sym s -> symbol(s, env);
            case Kronecker k -> kronecker(k, env);
            case Const c -> switch (c.kind()) {
                case PI -> Math.PI;
                case E -> Math.E;
                case INFINITY -> Double.POSITIVE_INFINITY;
            };
            case Add a -> {
                double sum = 0;
                for (Expr t : a.terms()) sum += eval(t, env);
                yield sum;
            }
            case Mul m -> {
                double p = 1;
                List<Expr> fs = m.factors();
                for (int k = 0; k < fs.size(); k++) {
                    // uᵀv of two vector symbols: the dot product of their components u_1 … u_DIM.
                    if (k + 1 < fs.size() && fs.get(k) instanceof Transpose t && t.arg() instanceof Sym u
                            && fs.get(k + 1) instanceof Sym v && Components.isVectorSymbol(u) && Components.isVectorSymbol(v)) {
                        p *= dot(u, v, env);
                        k++;
                        continue;
                    }
                    p *= eval(fs.get(k), env);
                }
                yield p;
            }
            case Pow p -> power(eval(p.base(), env), eval(p.exponent(), env));
            case Hadamard h -> eval(h.left(), env) * eval(h.right(), env);
            case Apply ap -> apply(ap.fn(), evalAll(ap.args(), env), env);
            case Indicator ind -> holds(ind.condition(), env) ? 1.0 : 0.0;
            case Abs a -> Math.abs(eval(a.arg(), env));
            case Norm n -> Math.abs(eval(n.arg(), env)); // a scalar's norm; vectors are not scalar values
            case Piecewise pw -> {
                for (Case c : pw.cases())
                    if (holds(c.condition(), env)) yield eval(c.value(), env);
                if (pw.otherwise().isPresent()) yield eval(pw.otherwise().get(), env);
                throw new EvalException("no case of the piecewise function applies");
            }
            case Rel r -> holds(r, env) ? 1.0 : 0.0;
            case BigOp b -> bigOp(b, env);
            case Deriv d -> derivative(d.f(), d.wrt(), env);
            case EvalAt at -> eval(at.body(), bindAll(at.at(), env));
            case Transpose t -> eval(t.arg(), env); // transpose of a scalar
            case Matrix mx -> {
                if (mx.rows().size() == 1 && mx.rows().get(0).size() == 1) yield eval(mx.rows().get(0).get(0), env);
                throw new EvalException("a matrix is not a scalar value");
            }
            case Index ix -> index(ix, env);
            case Limit l -> throw new EvalException("limits are not evaluated numerically");
            case Space sp -> throw new EvalException("a space is not a value");
            case Dots d -> throw new EvalException("elided terms (\\dots) have no value");
        };
    }

    /**
     * A value and a first-order bound on its rounding error. A verifier compares two doubles within a
     * tolerance; where evaluation has lost most digits (1 − σ(34) is 1 − 0.99999999999999978, a few
     * units of the last place), the comparison means nothing, and the bound says so.
     */
    public record Bounded(double value, double error) {}

    /** Half a unit in the last place, relative: the rounding error of one operation. */
    private static final double HALF_ULP = 0x1p-53;

    /**
     * {@link #eval}, with a bound on the rounding error: the same operations in the same order, so
     * the same value, and the error of each operand carried through it (|∂op/∂operand| times the
     * operand's error) plus the operation's own rounding. The point's values are exact. Nodes not
     * modelled here (vectors, derivatives, abstract functions) count as one rounding of their value.
     */
    public static Bounded evalBounded(Expr e, Env env) {
        return switch (e) {
            case Num n -> {
                double v = n.value().doubleValue();
                yield new Bounded(v, n.value().isInteger() && Math.abs(v) < 0x1p53 ? 0 : HALF_ULP * Math.abs(v));
            }
            case Sym s -> new Bounded(symbol(s, env), 0);
            case Kronecker k -> new Bounded(kronecker(k, env), 0);
            case Add a -> {
                double sum = 0, err = 0;
                for (Expr t : a.terms()) {
                    Bounded b = evalBounded(t, env);
                    sum += b.value();
                    err += b.error() + HALF_ULP * Math.abs(sum);
                }
                yield new Bounded(sum, err);
            }
            case Mul m when !hasTranspose(m) -> {
                double p = 1, err = 0;
                for (Expr f : m.factors()) {
                    Bounded b = evalBounded(f, env);
                    err = Math.abs(b.value()) * err + Math.abs(p) * b.error();
                    p *= b.value();
                    err += HALF_ULP * Math.abs(p);
                }
                yield new Bounded(p, err);
            }
            case Pow p -> {
                Bounded b = evalBounded(p.base(), env), x = evalBounded(p.exponent(), env);
                double v = power(b.value(), x.value());
                double err = HALF_ULP * 2 * Math.abs(v);
                if (b.error() > 0) err += Math.abs(x.value() * power(b.value(), x.value() - 1)) * b.error();
                if (x.error() > 0) err += Math.abs(v * Math.log(Math.abs(b.value()))) * x.error();
                yield new Bounded(v, err);
            }
            case Apply ap when ap.fn() instanceof Builtin b && ap.args().size() == 1 && BuiltinDerivatives.known(b.op(), 1) -> {
                Bounded u = evalBounded(ap.args().get(0), env);
                double v = builtin(b.op(), new double[] {u.value()});
                double err = HALF_ULP * 4 * Math.abs(v); // the library functions are good to a few units in the last place
                if (u.error() > 0) err += Math.abs(BuiltinDerivatives.of(b.op(), 1, u.value())) * u.error();
                yield new Bounded(v, err);
            }
            case Indicator ind -> new Bounded(holds(ind.condition(), env) ? 1.0 : 0.0, 0);
            case Abs a -> {
                Bounded u = evalBounded(a.arg(), env);
                yield new Bounded(Math.abs(u.value()), u.error());
            }
            case Piecewise pw -> {
                for (Case c : pw.cases())
                    if (holds(c.condition(), env)) yield evalBounded(c.value(), env);
                if (pw.otherwise().isPresent()) yield evalBounded(pw.otherwise().get(), env);
                throw new EvalException("no case of the piecewise function applies");
            }
            case BigOp b when b.kind() == BigOpKind.SUM -> {
                long[] range = range(b, env);
                double acc = 0, err = 0;
                for (long i = range[0]; i <= range[1]; i++) {
                    if ((i & 1023) == 0) Budget.check();
                    Bounded v = evalBounded(b.body(), env.with(b.index(), i));
                    acc += v.value();
                    err += v.error() + HALF_ULP * Math.abs(acc);
                }
                yield new Bounded(acc, err);
            }
            default -> {
                double v = eval(e, env);
                yield new Bounded(v, HALF_ULP * Math.abs(v));
            }
        };
    }

    private static boolean hasTranspose(Mul m) {
        for (Expr f : m.factors()) if (f instanceof Transpose) return true;
        return false;
    }

    /** Dimension used for vectors whose size is symbolic (n) during numeric checks. */
    public static final int DIM = 3;

    private static double dot(Sym u, Sym v, Env env) {
        double sum = 0;
        for (int k = 1; k <= DIM; k++) {
            sum += component(u, k, env) * component(v, k, env);
        }
        return sum;
    }

    private static double component(Sym vector, int k, Env env) {
        Sym c = Components.component(vector, List.of(Num.of(k)));
        Double v = env.value(c);
        if (v == null) throw new EvalException("no value for a component of a vector");
        return v;
    }

    /** softmax(\mathbf{a})_i over the components a_1 … a_DIM (max-shifted for stability). */
    private static double index(Index ix, Env env) {
        if (ix.indices().size() == 1 && ix.base() instanceof Apply ap && ap.fn() instanceof Builtin b
                && b.op() == BuiltinFn.SOFTMAX && ap.args().get(0) instanceof Sym a && Components.isVectorSymbol(a)) {
            double iv = eval(ix.indices().get(0), env);
            int i = (int) Math.round(iv);
            if (Math.abs(iv - i) > 1e-9 || i < 1 || i > DIM) throw new EvalException("softmax index out of range");
            double[] z = new double[DIM];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < DIM; k++) {
                z[k] = component(a, k + 1, env);
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (double zk : z) sum += Math.exp(zk - max);
            return Math.exp(z[i - 1] - max) / sum;
        }
        throw new EvalException("cannot evaluate the component of a vector expression numerically");
    }

    public static boolean holds(Expr cond, Env env) {
        if (!(cond instanceof Rel r)) return eval(cond, env) != 0;
        List<Expr> ops = r.operands();
        double left = eval(ops.get(0), env);
        for (int i = 0; i < r.ops().size(); i++) {
            double right = eval(ops.get(i + 1), env);
            if (!compare(r.ops().get(i), left, right)) return false;
            left = right;
        }
        return true;
    }

    /** One link of a relation chain between two numbers; shared with {@link MatrixEvaluator}. */
    static boolean compare(RelOp op, double left, double right) {
        return switch (op) {
            case EQ, DEF, EQUIV -> left == right;
            case APPROX -> Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(left));
            case NE -> left != right;
            case LT -> left < right;
            case LE -> left <= right;
            case GT -> left > right;
            case GE -> left >= right;
            case IN -> throw new EvalException("membership is not a numeric condition");
        };
    }

    private static double[] evalAll(List<Expr> args, Env env) {
        double[] v = new double[args.size()];
        for (int i = 0; i < v.length; i++) v[i] = eval(args.get(i), env);
        return v;
    }

    static double power(double b, double x) {
        if (x == 2) return b * b;
        if (x == 1) return b;
        if (x == 0.5) return Math.sqrt(b);
        return Math.pow(b, x);
    }

    /** Resolves {@code w_{i}} to the concrete {@code w_{2}} when i is bound. */
    private static double symbol(Sym s, Env env) {
        Double v = env.get(s);
        if (v != null) return v;
        if (s.styles().contains("bold") || s.styles().contains("vec"))
            throw new EvalException("a vector is not a scalar value");
        if (s.sub().isEmpty() && s.sup().items().isEmpty()) {
            v = env.value(s);
            if (v != null) return v;
            throw new EvalException("no value for " + describe(s));
        }
        Sym concrete = resolve(s, env);
        if (concrete == null) throw new EvalException("no value for the index of " + describe(s));
        v = env.value(concrete);
        if (v != null) return v;
        throw new EvalException("no value for " + describe(s));
    }

    /** The symbol with every index evaluated to an integer, or null if an index is unbound. */
    public static Sym resolve(Sym s, Env env) {
        if (s.sub().isEmpty() && s.sup().items().isEmpty()) return null;
        List<Expr> sub = new ArrayList<>();
        boolean changed = false;
        for (Expr i : s.sub()) {
            Expr r = resolveIndex(i, env);
            if (r == null) return null;
            changed |= !r.equals(i);
            sub.add(r);
        }
        List<Expr> sup = new ArrayList<>();
        for (Expr i : s.sup().items()) {
            Expr r = resolveIndex(i, env);
            if (r == null) return null;
            changed |= !r.equals(i);
            sup.add(r);
        }
        if (!changed) return s;
        return s.withSub(sub).withSup(new SupIndex(s.sup().kind(), sup));
    }

    private static Expr resolveIndex(Expr index, Env env) {
        if (index instanceof Num) return index;
        if (index instanceof Sym s && s.styles().contains("rm")) return index; // x_{\text{max}}: a label
        if (index instanceof Sym s && env.get(s) == null && s.sub().isEmpty()) return null; // unbound index
        try {
            double v = eval(index, env);
            long r = Math.round(v);
            if (Math.abs(v - r) > 1e-9) return null;
            return Num.of(r);
        } catch (EvalException ex) {
            return null;
        }
    }

    /** δ_{ij} with its indices resolved to integers (i = 2 inside a sum); δ_{ii} is 1 even when i is unbound. */
    private static double kronecker(Kronecker k, Env env) {
        Expr i = resolveIndex(k.i(), env), j = resolveIndex(k.j(), env);
        if (i != null && j != null) return i.equals(j) ? 1.0 : 0.0;
        if (k.i().equals(k.j())) return 1.0;
        throw new EvalException("no value for the index of " + k);
    }

    private static String describe(Sym s) {
        return LatexPrinter.print(s);
    }

    private static double apply(Fn fn, double[] a, Env env) {
        return switch (fn) {
            case Builtin b -> builtin(b.op(), a);
            case LogBase lb -> Math.log(a[0]) / Math.log(eval(lb.base(), env));
            case Abstract ab -> env.functions().apply(ab.name(), a);
            case Prime pr -> {
                if (a.length != 1) throw new EvalException("a primed function takes one argument");
                yield prime(pr.fn(), pr.order(), a[0], env);
            }
        };
    }

    /** The table's value of a built-in; softmax, vector-valued, has none. */
    public static double builtin(BuiltinFn op, double[] a) {
        if (op.spec.value() == null) throw new EvalException(op.spec.plain() + " is vector-valued; take a component");
        return op.spec.value().applyAsDouble(a);
    }

    /**
     * f^{(order)}(x). A built-in function's derivative is computed from its exact derivative formula
     * (σ' = σ(1 − σ), tanh' = 1 − tanh², …), so σ'(wx) is as precise as σ(wx); only functions chainrule
     * does not know (abstract g, max) are differentiated numerically.
     */
    public static double prime(Fn fn, int order, double x, Env env) {
        if (order == 0) return apply(fn, new double[] {x}, env);
        switch (fn) {
            case Builtin b when BuiltinDerivatives.known(b.op(), order) -> {
                return BuiltinDerivatives.of(b.op(), order, x);
            }
            case LogBase lb -> {
                return BuiltinDerivatives.of(BuiltinFn.LOG, order, x) / Math.log(eval(lb.base(), env));
            }
            case Prime p -> {
                return prime(p.fn(), p.order() + order, x, env);
            }
            default -> {
                return richardson(v -> prime(fn, order - 1, v, env), x)[0];
            }
        }
    }

    /**
     * The number of terms a sum or product without bounds (Σ_k e^{a_k}) has in a sampled check: the
     * identity is claimed for every index set, so it is checked on 1, …, n like a symbolic bound n.
     * Only {@link Sampler} sets it; a point a user gives has no such value.
     */
    public static final Sym UNBOUNDED_TERMS = Sym.of("#terms");

    private static double bigOp(BigOp b, Env env) {
        long[] range = range(b, env);
        double acc = b.kind() == BigOpKind.SUM ? 0 : 1;
        for (long i = range[0]; i <= range[1]; i++) {
            if ((i & 1023) == 0) Budget.check();
            double v = eval(b.body(), env.with(b.index(), i));
            acc = b.kind() == BigOpKind.SUM ? acc + v : acc * v;
        }
        return acc;
    }

    /** The first and last index of a sum or product, evaluated. */
    private static long[] range(BigOp b, Env env) {
        Double implicit = b.from().isEmpty() && b.to().isEmpty() ? env.get(UNBOUNDED_TERMS) : null;
        if ((b.from().isEmpty() || b.to().isEmpty()) && implicit == null)
            throw new EvalException("a sum or product without bounds has no numeric value");
        long from = implicit != null ? 1 : integer(b.from().get(), env);
        long to = implicit != null ? Math.round(implicit) : integer(b.to().get(), env);
        if (to - from > 100_000) throw new EvalException("too many terms to evaluate");
        return new long[] {from, to};
    }

    private static long integer(Expr e, Env env) {
        double v = eval(e, env);
        long r = Math.round(v);
        if (Math.abs(v - r) > 1e-9) throw new EvalException("a bound is not an integer");
        return r;
    }

    private static Env bindAll(List<Expr> at, Env env) {
        Env out = env;
        for (Expr b : at) {
            if (b instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ
                    && r.operands().get(0) instanceof Sym s) {
                out = out.with(s, eval(r.operands().get(1), env));
            } else {
                throw new EvalException("an evaluation point must read symbol = value");
            }
        }
        return out;
    }

    /** A concrete variable for a derivative: {@code w_{j}} with j bound becomes {@code w_{2}}. */
    public static Sym concreteVariable(Expr wrt, Env env) {
        if (!(wrt instanceof Sym s)) throw new EvalException("cannot differentiate numerically with respect to a non-symbol");
        if (env.get(s) != null) return s;
        Sym r = resolve(s, env);
        return r == null ? s : r;
    }

    /**
     * The first derivative in x by Richardson-extrapolated central differences, with an estimate of
     * its error: {value, error}. A large error means the point is ill-conditioned (fast oscillation,
     * a nearby singularity) and a comparison there proves nothing either way.
     */
    public static double[] derivativeWithError(Expr f, List<Expr> wrt, Env env) {
        Sym x = concreteVariable(wrt.get(0), env);
        Double x0 = env.value(x);
        if (x0 == null) throw new EvalException("no value for " + describe(x));
        List<Expr> rest = wrt.subList(1, wrt.size());
        return richardson(v -> derivative(f, rest, env.with(x, v)), x0);
    }

    /**
     * g'(x0) by central differences at h, h/2, h/4 (h = 10⁻³·max(1, |x0|)) combined by Richardson
     * extrapolation: {value, error estimate}. Shared with {@link MatrixEvaluator} so the scalar and the
     * matrix checks take the same steps.
     */
    static double[] richardson(DoubleUnaryOperator g, double x0) {
        double h = differenceStep(x0);
        double up = g.applyAsDouble(x0 + h), down = g.applyAsDouble(x0 - h);
        // Near the edge of the domain (√ at 0, log at 0) the widest step may leave it: shrink the step
        // until both sides are defined, rather than compare with a difference that is NaN.
        if (!(Double.isFinite(up) && Double.isFinite(down)) && Double.isFinite(g.applyAsDouble(x0))) {
            for (int k = 0; k < 6 && !(Double.isFinite(up) && Double.isFinite(down)); k++) {
                h /= 8;
                up = g.applyAsDouble(x0 + h);
                down = g.applyAsDouble(x0 - h);
            }
        }
        double[] d = new double[3];
        d[0] = (up - down) / (2 * h);
        for (int k = 1; k < 3; k++) {
            double hk = h / (1 << k);
            d[k] = (g.applyAsDouble(x0 + hk) - g.applyAsDouble(x0 - hk)) / (2 * hk);
        }
        double r1 = (4 * d[1] - d[0]) / 3, r2 = (4 * d[2] - d[1]) / 3;
        return new double[] {r2, Math.abs(r2 - r1)};
    }

    /** The widest step of {@link #richardson} at x0. */
    private static double differenceStep(double x0) {
        return 1e-3 * Math.max(1, Math.abs(x0));
    }

    /**
     * A bound on the rounding error of {@link #derivativeWithError} in x at env: the extrapolated
     * value (4d₂ − d₁)/3 of central differences at h/2 and h/4 adds up f's rounding error e as at most
     * (4 · 4e/h + 2e/h)/3 = 6e/h, with e bounded at the point by {@link #evalBounded}.
     */
    public static double differenceNoise(Expr f, Sym x, Env env) {
        Double x0 = env.value(concreteVariable(x, env));
        if (x0 == null) throw new EvalException("no value for " + describe(x));
        return 6 * evalBounded(f, env).error() / differenceStep(x0);
    }

    /** Central finite difference of f in the given variables (repeated for higher orders). */
    public static double derivative(Expr f, List<Expr> wrt, Env env) {
        if (wrt.isEmpty()) return eval(f, env);
        Sym x = concreteVariable(wrt.get(0), env);
        Double x0 = env.value(x);
        if (x0 == null) throw new EvalException("no value for " + describe(x));
        List<Expr> rest = wrt.subList(1, wrt.size());
        // Central differences: the error balance of order n is at h ≈ ε^(1/(n+2)).
        double h = Math.pow(1e-16, 1.0 / (wrt.size() + 2)) * Math.max(1, Math.abs(x0));
        double up = derivative(f, rest, env.with(x, x0 + h));
        double down = derivative(f, rest, env.with(x, x0 - h));
        return (up - down) / (2 * h);
    }
}
