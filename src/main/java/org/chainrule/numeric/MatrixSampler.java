package org.chainrule.numeric;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;

/**
 * Random points of the declared shapes for checking matrix calculus by finite differences.
 *
 * <p><b>Sizes.</b> Each symbolic dimension (n, m, d_1 …) gets a concrete size: the symbols are sorted
 * by their LaTeX spelling and given 3, 2, 4, 5, 6 … in that order (so with m and n, m = 3 and n = 2).
 * Distinct symbols get distinct sizes, so a product whose shapes only fit because m = n, or a missing
 * transpose, shows up as a mismatch or a wrong value; and no size is 1, where a vector and a scalar
 * could be confused. The first size is 3, the size the scalar checks use ({@link Sampler#DIM}).
 * Numeric dimensions are used as written; a dimension above {@value #MAX_DIM} is refused. A compound
 * dimension such as n + 1 is evaluated with those sizes.
 *
 * <p><b>Values.</b> A declared symbol gets a matrix of its shape; every other symbol whose value the
 * expressions use gets a 1×1 value; a dimension symbol is bound to its size (so Σ_{i=1}^{n} works);
 * a symbol used as the index of a component, {@code (W x)_i}, gets an integer within range. Entries are
 * uniform in [−2, 2], avoiding |v| < 0.05 (where 1/v and log|v| make finite differences unreliable),
 * and rounded to 6 decimals so a reported point can be typed back in.
 *
 * <p><b>Assumptions.</b> Scalar conditions such as β > 0 are met by rejection; conditions that are not
 * scalar (A = Aᵀ, x ∈ ℝⁿ) constrain nothing. A sum over a declared vector, Σ_i y_i = c, is met by
 * construction (positive entries scaled to sum to c), since rejection would never hit it.
 */
public final class MatrixSampler {

    /** The largest dimension accepted: points are dense and finite differences cost one evaluation per entry. */
    public static final int MAX_DIM = 64;

    /** Rejection draws per point: two conditions that each hold 1 time in 6 still fail only 10⁻¹² of the time. */
    private static final int TRIES = 1000;

    private final Map<Sym, Integer> sizes = new LinkedHashMap<>();
    private final Map<Sym, int[]> shapes = new LinkedHashMap<>();
    private final Set<Sym> scalars;
    private final Map<Sym, Integer> indexBounds = new LinkedHashMap<>();
    private final List<Expr> conditions = new ArrayList<>();
    private final Map<Sym, Expr> sumTargets = new LinkedHashMap<>();
    /** Square matrices that are inverted (or have a determinant taken): sampled well conditioned. */
    private final Set<Sym> inverted = new LinkedHashSet<>();
    private final long seed;

    public MatrixSampler(Map<Sym, Shape> declared, List<Expr> exprs, List<Expr> assumptions, long seed) {
        this.seed = seed;
        Set<Sym> dimensionSymbols = sorted(new ArrayList<>());
        for (Shape s : declared.values()) {
            dimensionSymbols.addAll(Exprs.valueSymbols(s.rows()));
            dimensionSymbols.addAll(Exprs.valueSymbols(s.cols()));
        }
        int rank = 0;
        for (Sym d : dimensionSymbols) sizes.put(d, sizeOfRank(rank++));
        for (Sym s : sorted(declared.keySet())) if (!sizes.containsKey(s)) shapes.put(s, dims(declared.get(s)));

        for (Expr a : assumptions) {
            if (a instanceof Rel r && r.ops().contains(RelOp.IN)) continue; // a declaration, not a condition
            if (!sumFact(a)) conditions.add(a);
        }
        for (Expr e : exprs) collectIndexBounds(e, declared);
        for (Expr e : exprs) collectInverted(e);
        inverted.removeIf(m -> !shapes.containsKey(m) || shapes.get(m)[0] != shapes.get(m)[1]);
        List<Expr> used = new ArrayList<>(exprs);
        used.addAll(conditions);
        for (Expr e : sumTargets.values()) used.add(e);
        Set<Sym> rest = new LinkedHashSet<>();
        for (Expr e : used) collectValueSymbols(e, rest);
        rest.removeAll(sizes.keySet());
        rest.removeAll(shapes.keySet());
        rest.removeAll(indexBounds.keySet());
        rest.removeIf(MatrixSampler::hasSymbolicIndex);
        this.scalars = sorted(rest);
    }

    /** The size for the symbol at this place in LaTeX order: 3, 2, 4, 5, 6 … */
    static int sizeOfRank(int rank) {
        int size = rank == 0 ? 3 : rank == 1 ? 2 : rank + 2;
        if (size > MAX_DIM) throw new EvalException("more than " + (MAX_DIM - 1) + " dimension symbols");
        return size;
    }

    /** The concrete size of each dimension symbol, in the order sizes were given. */
    public Map<Sym, Integer> sizes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    }

    /** {rows, cols} of a shape with the concrete sizes. */
    public int[] dims(Shape shape) {
        return new int[] {dimension(shape.rows()), dimension(shape.cols())};
    }

    /** {rows, cols} of a symbol: its declared shape, else 1×1. */
    public int[] dims(Sym s) {
        int[] d = shapes.get(s);
        return d == null ? new int[] {1, 1} : d.clone();
    }

    private int dimension(Expr d) {
        double v;
        if (d instanceof Num n) v = n.value().doubleValue();
        else {
            Map<Sym, Double> env = new HashMap<>();
            for (Map.Entry<Sym, Integer> s : sizes.entrySet()) env.put(s.getKey(), (double) s.getValue());
            v = Evaluator.eval(d, Env.of(env));
        }
        if (v != Math.rint(v) || v < 1 || v > MAX_DIM)
            throw new EvalException("a dimension must be a whole number from 1 to " + MAX_DIM + ": " + LatexPrinter.print(d) + " = " + v);
        return (int) v;
    }

    /**
     * Point number k: the same k gives the same point for the same seed, whatever was drawn before.
     * Null when the assumptions were not met after many tries (they may contradict each other).
     */
    public Map<Sym, Mat> point(int k) {
        Random random = new Random(mix(seed * 0x9E3779B97F4A7C15L + k));
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Map<Sym, Mat> p = new LinkedHashMap<>();
            for (Map.Entry<Sym, Integer> d : sizes.entrySet()) p.put(d.getKey(), Mat.scalar(d.getValue()));
            for (Map.Entry<Sym, Integer> i : indexBounds.entrySet()) p.put(i.getKey(), Mat.scalar(1 + random.nextInt(i.getValue())));
            for (Sym s : scalars) p.put(s, Mat.scalar(Draw.shortValue(random)));
            for (Map.Entry<Sym, int[]> s : shapes.entrySet()) {
                int[] d = s.getValue();
                double[] data = new double[d[0] * d[1]];
                for (int j = 0; j < data.length; j++) data[j] = Draw.shortValue(random);
                if (inverted.contains(s.getKey())) dominateDiagonal(data, d[0]);
                p.put(s.getKey(), new Mat(d[0], d[1], data));
            }
            if (meetSumFacts(p, random) && satisfies(p)) return p;
        }
        return null;
    }

    private void collectInverted(Expr e) {
        Expr m = Shapes.inverted(e);
        if (m == null) m = Shapes.determinantOf(e);
        if (m == null && e instanceof Pow p && Exprs.isNum(p.exponent(), -1)) m = p.base();
        if (m instanceof Sym s) inverted.add(s);
        for (Expr c : Exprs.children(e)) collectInverted(c);
    }

    /**
     * Each diagonal entry made positive and larger than the rest of its row: the matrix is strictly
     * diagonally dominant, so it is invertible, reasonably conditioned and has a positive determinant
     * (log det is defined). It is not made symmetric, so Σ⁻ᵀ and Σ⁻¹ still differ at the point.
     */
    private static void dominateDiagonal(double[] data, int n) {
        for (int i = 0; i < n; i++) {
            double off = 0;
            for (int j = 0; j < n; j++) if (j != i) off += Math.abs(data[i * n + j]);
            data[i * n + i] = Math.round((off + 0.5 + Math.abs(data[i * n + i])) * 1e6) / 1e6;
        }
    }

    /** True when no scalar condition is violated; a condition that cannot be evaluated here is no constraint. */
    public boolean satisfies(Map<Sym, Mat> p) {
        for (Expr c : conditions) {
            try {
                Mat v = MatrixEvaluator.eval(c, p);
                if (v.isScalar() && v.value() == 0) return false;
            } catch (EvalException ex) {
                // not a scalar condition (A = A^T), or it uses something without a value
            }
        }
        return true;
    }

    /** Σ_i y_i = c over a whole declared vector y: remembers the target c for y. */
    private boolean sumFact(Expr a) {
        if (!(a instanceof Rel r) || r.ops().size() != 1 || r.ops().get(0) != RelOp.EQ) return false;
        if (!(r.operands().get(0) instanceof BigOp b) || b.kind() != BigOpKind.SUM || !(b.body() instanceof Sym body)) return false;
        for (Map.Entry<Sym, int[]> s : shapes.entrySet()) {
            Sym v = s.getKey();
            int[] d = s.getValue();
            if (d[1] != 1 || !v.sub().isEmpty()) continue;
            List<Expr> i = List.of(b.index());
            if (!body.equals(Components.component(v, i)) && !body.equals(v.withSub(i))) continue;
            // the sum must run over the whole vector: no bounds, or 1 to its length
            boolean whole = b.from().isEmpty() && b.to().isEmpty()
                    || b.from().isPresent() && b.to().isPresent() && Exprs.isNum(b.from().get(), 1) && wholeLength(b.to().get(), d[0]);
            if (!whole) return false;
            sumTargets.put(v, r.operands().get(1));
            return true;
        }
        return false;
    }

    private boolean wholeLength(Expr to, int length) {
        try {
            return dimension(to) == length;
        } catch (EvalException ex) {
            return false;
        }
    }

    private boolean meetSumFacts(Map<Sym, Mat> p, Random random) {
        for (Map.Entry<Sym, Expr> f : sumTargets.entrySet()) {
            double target;
            try {
                Mat t = MatrixEvaluator.eval(f.getValue(), p);
                if (!t.isScalar()) return false;
                target = t.value();
            } catch (EvalException ex) {
                return false;
            }
            Mat old = p.get(f.getKey());
            double[] y = new double[old.rows()];
            double sum = 0;
            for (int i = 0; i < y.length; i++) sum += y[i] = 0.1 + random.nextDouble();
            for (int i = 0; i < y.length; i++) y[i] *= target / sum;
            p.put(f.getKey(), Mat.column(y));
        }
        return true;
    }

    /**
     * The largest valid value of each symbol used as a component index: (W x)_i with W x of length m,
     * or x_i of a declared \mathbf{x} ∈ ℝ^m (a component as {@link Components} names it), has i ≤ m.
     */
    private void collectIndexBounds(Expr e, Map<Sym, Shape> declared) {
        if (e instanceof Index ix) shapeOf(ix.base(), declared).ifPresent(d -> bound(ix.indices(), d));
        if (e instanceof Sym s && !s.sub().isEmpty()) {
            for (Map.Entry<Sym, int[]> v : shapes.entrySet())
                if (v.getKey().sub().isEmpty() && (s.equals(Components.component(v.getKey(), s.sub())) || s.equals(v.getKey().withSub(s.sub()))))
                    bound(s.sub(), v.getValue());
        }
        for (Expr c : Exprs.children(e)) collectIndexBounds(c, declared);
    }

    private void bound(List<Expr> indices, int[] d) {
        int[] bounds = indices.size() == 2 ? d : indices.size() == 1 && d[1] == 1 ? new int[] {d[0]}
                : indices.size() == 1 && d[0] == 1 ? new int[] {d[1]} : new int[0];
        for (int k = 0; k < bounds.length; k++)
            if (indices.get(k) instanceof Sym s && !s.styles().contains("rm") && !sizes.containsKey(s) && !shapes.containsKey(s))
                indexBounds.merge(s, bounds[k], Math::min);
    }

    /** Like {@link Exprs#valueSymbols}, but the F of \\|A\\|_F is a label, not a value. */
    private static void collectValueSymbols(Expr e, Set<Sym> out) {
        if (e instanceof Norm n && n.p() instanceof Sym p && p.name().equals("F") && p.sub().isEmpty()) {
            collectValueSymbols(n.arg(), out);
            return;
        }
        if (e instanceof Sym s) {
            out.add(s);
            return;
        }
        for (Expr c : Exprs.children(e)) collectValueSymbols(c, out);
    }

    /** x_i, w_{i-1}: resolved through the index at evaluation time, so it gets no value of its own. */
    private static boolean hasSymbolicIndex(Sym s) {
        for (Expr i : s.sub()) if (!Exprs.symbols(i).isEmpty() && !(i instanceof Sym l && l.styles().contains("rm"))) return true;
        for (Expr i : s.sup().items()) if (!Exprs.symbols(i).isEmpty()) return true;
        return false;
    }

    private Optional<int[]> shapeOf(Expr e, Map<Sym, Shape> declared) {
        try {
            return Optional.of(dims(Shapes.of(e, declared)));
        } catch (Shapes.ShapeException | EvalException ex) {
            return Optional.empty(); // evaluation will report it
        }
    }

    /** By LaTeX spelling, then by the record's text for two symbols that print alike: independent of map order. */
    private static Set<Sym> sorted(Collection<Sym> syms) {
        Set<Sym> out = new TreeSet<>(Comparator.comparing((Sym s) -> LatexPrinter.print(s)).thenComparing(Sym::toString));
        out.addAll(syms);
        return out;
    }

    /** SplitMix64's finaliser, so neighbouring (seed, k) give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
