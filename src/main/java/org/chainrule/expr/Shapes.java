package org.chainrule.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr.*;

/**
 * Shapes of expressions from declarations ({@code W \in \mathbb{R}^{m \times n}}): every symbol not
 * declared is a scalar (a bold letter too — declare vectors), products follow matrix multiplication
 * with scalars commuting, sums need equal shapes, elementwise functions keep their argument's shape, a
 * norm is a scalar, and ∂f/∂x of a scalar f has the shape of x (denominator layout). Dimensions are
 * expressions (numbers or symbols such as n); two differently written dimensions are different, so a
 * mismatch is reported in words naming the operands and their shapes.
 */
public final class Shapes {
    private Shapes() {}

    /** rows × cols. */
    public record Shape(Expr rows, Expr cols) {
        public static final Shape SCALAR = new Shape(Expr.num(1), Expr.num(1));

        public boolean isScalar() { return equals(SCALAR); }

        public Shape transposed() { return new Shape(cols, rows); }

        @Override
        public String toString() {
            return LatexPrinter.print(rows) + " \\times " + LatexPrinter.print(cols);
        }
    }

    /** The name of the zero matrix, printed \\mathbf{0}; no formula can spell it, so it meets no user's symbol. */
    public static final Sym ZERO = new Sym("0", List.of("bold"), List.of(), SupIndex.NONE);

    /**
     * The zero matrix of the given shape, {@code \mathbf{0}_{n \times 1}}: a gradient that is identically
     * zero keeps the shape of its variable, where the number 0 would be 1 × 1.
     */
    public static Expr zero(Shape s) {
        return new Apply(new Abstract(ZERO), List.of(s.rows(), s.cols()));
    }

    /** True for {@link #zero} of any shape. */
    public static boolean isZeroMatrix(Expr e) {
        return e instanceof Apply ap && ap.fn() instanceof Abstract ab && ab.name().equals(ZERO) && ap.args().size() == 2;
    }

    /** The matrix inverse M⁻¹ (printed M^{-1}); the parser's Σ^{-1} of a declared matrix becomes this in matrix form. */
    public static final Sym INVERSE = new Sym("inv", List.of("rm"), List.of(), SupIndex.NONE);

    public static Expr inverse(Expr m) {
        return new Apply(new Abstract(INVERSE), List.of(m));
    }

    /** The matrix inside {@link #inverse}, or null. */
    public static Expr inverted(Expr e) {
        return e instanceof Apply ap && ap.fn() instanceof Abstract ab && ab.name().equals(INVERSE) && ap.args().size() == 1
                ? ap.args().get(0) : null;
    }

    /** det(M), as the parser reads {@code \\det(M)}: the argument, or null. */
    public static Expr determinantOf(Expr e) {
        return e instanceof Apply ap && ap.fn() instanceof Abstract ab && ab.name().name().equals("det") && ab.name().sub().isEmpty()
                && ap.args().size() == 1 ? ap.args().get(0) : null;
    }

    /**
     * e_{k*} for k* = argmax_k |u_k|: the unit vector (or matrix) of u's shape with a 1 at the first
     * entry of largest magnitude, row-major — the first at a tie. ∂‖u‖_∞/∂u = sign(u) ⊙ e_{k*}.
     */
    public static final Sym LARGEST_ENTRY = new Sym("unit vector at the largest entry", List.of("rm"), List.of(), SupIndex.NONE);

    public static Expr largestEntry(Expr u) {
        return new Apply(new Abstract(LARGEST_ENTRY), List.of(u));
    }

    /** The u of {@link #largestEntry}, or null. */
    public static Expr largestEntryOf(Expr e) {
        return e instanceof Apply ap && ap.fn() instanceof Abstract ab && ab.name().equals(LARGEST_ENTRY) && ap.args().size() == 1
                ? ap.args().get(0) : null;
    }

    /** A shape error in plain words: "cannot multiply W (m × n) by \mathbf{y} (m × 1)". */
    public static final class ShapeException extends RuntimeException {
        public ShapeException(String message) {
            super(message);
        }
    }

    /** The declared shapes in the givens: {@code x \in \mathbb{R}^{n}} is n × 1, {@code \mathbb{R}} a scalar. */
    public static Map<Sym, Shape> declarations(List<Expr> given) {
        Map<Sym, Shape> out = new LinkedHashMap<>();
        for (Expr g : given) {
            if (!(g instanceof Rel r) || r.ops().size() != 1 || r.ops().get(0) != RelOp.IN) continue;
            if (!(r.operands().get(0) instanceof Sym s) || !(r.operands().get(1) instanceof Space sp)) continue;
            List<Expr> d = sp.dims();
            Shape shape = switch (d.size()) {
                case 0 -> Shape.SCALAR;
                case 1 -> new Shape(d.get(0), Expr.num(1));
                case 2 -> new Shape(d.get(0), d.get(1));
                default -> throw new ShapeException("a declaration with " + d.size() + " dimensions: chainrule handles vectors and matrices");
            };
            out.put(s, shape);
        }
        return out;
    }

    /** The shape of e, or a {@link ShapeException} naming the operands that do not fit. */
    public static Shape of(Expr e, Map<Sym, Shape> declared) {
        return switch (e) {
            case Num n -> Shape.SCALAR;
            case Const c -> Shape.SCALAR;
            case Kronecker k -> Shape.SCALAR;
            case Sym s -> declared.getOrDefault(s, Shape.SCALAR);
            case Add a -> {
                Shape first = of(a.terms().get(0), declared);
                for (Expr t : a.terms().subList(1, a.terms().size())) {
                    Shape st = of(t, declared);
                    if (!st.equals(first)) throw new ShapeException("cannot add " + show(a.terms().get(0), first) + " and " + show(t, st));
                }
                yield first;
            }
            case Mul m -> {
                List<Expr> fs = m.factors();
                List<Shape> ss = new ArrayList<>();
                for (Expr f : fs) ss.add(of(f, declared));
                yield switch (group(ss)) {
                    case Grouping.Units u -> u.shape();
                    case Grouping.Misfit(List<Integer> chain, Shape acc, int next) -> throw new ShapeException("cannot multiply " + show(Expr.mul(chain.stream().map(fs::get).toList()), acc)
                            + " by " + show(fs.get(next), ss.get(next)) + ": the columns of the first ("
                            + LatexPrinter.print(acc.cols()) + ") must match the rows of the second ("
                            + LatexPrinter.print(ss.get(next).rows()) + ")");
                };
            }
            case Pow p -> {
                Shape b = of(p.base(), declared);
                if (!of(p.exponent(), declared).isScalar()) throw new ShapeException("an exponent must be a scalar: " + LatexPrinter.print(p.exponent()));
                if (!b.isScalar() && Expr.num(-1).equals(p.exponent())) yield invertible(p.base(), b);
                if (!b.isScalar()) throw new ShapeException("cannot raise " + show(p.base(), b) + " to a power; write the product or a norm");
                yield b;
            }
            case Hadamard h -> {
                Shape l = of(h.left(), declared), r = of(h.right(), declared);
                if (!l.equals(r)) throw new ShapeException("an elementwise product needs equal shapes: " + show(h.left(), l) + " and " + show(h.right(), r));
                yield l;
            }
            case Apply ap -> {
                if (ap.fn() instanceof Builtin b && ap.args().size() == 1) {
                    Shape a = of(ap.args().get(0), declared);
                    // softmax and the elementwise activations keep the shape; the rest need scalars
                    yield a;
                }
                if (isZeroMatrix(ap)) yield new Shape(ap.args().get(0), ap.args().get(1));
                if (largestEntryOf(ap) != null) yield of(largestEntryOf(ap), declared);
                if (inverted(ap) != null) yield invertible(inverted(ap), of(inverted(ap), declared));
                if (determinantOf(ap) != null) {
                    Shape m = of(determinantOf(ap), declared);
                    if (!m.isScalar()) invertible(determinantOf(ap), m);
                    yield Shape.SCALAR;
                }
                // f'(u) of an elementwise f keeps u's shape (σ'(z) ⊙ G in a matrix derivation).
                if (ap.fn() instanceof Prime pr && pr.fn() instanceof Builtin && ap.args().size() == 1) yield of(ap.args().get(0), declared);
                for (Expr arg : ap.args()) of(arg, declared);
                yield Shape.SCALAR;
            }
            case Indicator i -> Shape.SCALAR;
            case Abs a -> of(a.arg(), declared);
            case Norm n -> {
                of(n.arg(), declared);
                yield Shape.SCALAR;
            }
            case Piecewise pw -> {
                Shape first = of(pw.cases().get(0).value(), declared);
                for (Case c : pw.cases()) requireSame(first, c.value(), declared, pw.cases().get(0).value());
                pw.otherwise().ifPresent(o -> requireSame(first, o, declared, pw.cases().get(0).value()));
                yield first;
            }
            case Rel r -> {
                for (Expr o : r.operands()) if (!(o instanceof Space)) of(o, declared);
                yield Shape.SCALAR;
            }
            case BigOp b -> of(b.body(), declared);
            case Deriv d -> {
                Shape f = of(d.f(), declared);
                Shape x = of(d.wrt().get(d.wrt().size() - 1), declared);
                // Denominator layout: ∂(scalar)/∂x has x's shape; ∂y/∂x for vectors y (m×1), x (n×1) is n × m.
                if (f.isScalar()) yield x;
                if (x.isScalar()) yield f;
                yield new Shape(x.rows(), f.rows());
            }
            case Matrix mx -> {
                for (List<Expr> row : mx.rows())
                    for (Expr c : row) if (!of(c, declared).isScalar()) throw new ShapeException("a matrix entry must be a scalar: " + LatexPrinter.print(c));
                yield new Shape(Expr.num(mx.rows().size()), Expr.num(mx.rows().get(0).size()));
            }
            case Transpose t -> of(t.arg(), declared).transposed();
            case Index ix -> Shape.SCALAR;
            case EvalAt at -> of(at.body(), declared);
            case Limit l -> of(l.body(), declared);
            case Space sp -> throw new ShapeException("a space is not a value");
            case Dots d -> Shape.SCALAR;
        };
    }

    /**
     * How the factors of a product group, by their shapes: scalar factors commute, and a run of
     * vectors or matrices whose product is 1 × 1 (the aᵀx of (aᵀx)Bx, after the product was
     * flattened) is a scalar too. {@link Grouping.Units} lists the runs (factor indices, two or more
     * non-scalar factors with a 1 × 1 product) and the chain that remains (indices); a run closes as
     * soon as it is 1 × 1 and another non-scalar factor follows, and where the chain does not fit the
     * next factor, the shortest 1 × 1 run starting there is taken out (B(xᵀa)x). Where a product is
     * an ordinary matrix product, grouping a 1 × 1 run is associativity, so the value is the same.
     */
    public static Grouping group(List<Shape> shapes) {
        List<List<Integer>> runs = new ArrayList<>();
        List<Integer> chain = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        Shape acc = null;
        int k = 0, n = shapes.size();
        while (k < n) {
            Shape s = shapes.get(k);
            if (s.isScalar()) { k++; continue; }
            if (acc == null) { acc = s; open.add(k); k++; continue; }
            if (acc.isScalar()) { // a finished 1 × 1 run, and more factors follow
                runs.add(List.copyOf(open));
                open.clear();
                acc = s;
                open.add(k);
                k++;
                continue;
            }
            if (acc.cols().equals(s.rows())) { acc = new Shape(acc.rows(), s.cols()); open.add(k); k++; continue; }
            int end = scalarRunFrom(shapes, k);
            if (end < 0) return new Grouping.Misfit(List.copyOf(open), acc, k);
            List<Integer> run = new ArrayList<>();
            for (int j = k; j < end; j++) run.add(j);
            runs.add(run);
            k = end;
        }
        if (acc != null && acc.isScalar() && open.size() > 1 && !runs.isEmpty()) runs.add(List.copyOf(open));
        else chain.addAll(open);
        return new Grouping.Units(runs, chain, acc == null ? Shape.SCALAR : acc);
    }

    /** The end (exclusive) of the shortest run from k of non-scalar factors whose product is 1 × 1, or -1. */
    private static int scalarRunFrom(List<Shape> shapes, int k) {
        Shape acc = shapes.get(k);
        if (!Expr.num(1).equals(acc.rows())) return -1;
        for (int j = k + 1; j < shapes.size(); j++) {
            Shape s = shapes.get(j);
            if (s.isScalar()) return -1; // keep runs contiguous
            if (!acc.cols().equals(s.rows())) return -1;
            acc = new Shape(acc.rows(), s.cols());
            if (acc.isScalar()) return j + 1;
        }
        return -1;
    }

    /** The result of {@link #group}. */
    public sealed interface Grouping {
        /** The 1 × 1 runs and the remaining chain (factor indices in order), and the product's shape. */
        record Units(List<List<Integer>> runs, List<Integer> chain, Shape shape) implements Grouping {}

        /** The chain so far (indices, product {@code acc}) does not fit factor {@code next}. */
        record Misfit(List<Integer> chain, Shape acc, int next) implements Grouping {}
    }

    /** The shape of M⁻¹: M's, when M is square. */
    private static Shape invertible(Expr m, Shape s) {
        if (!s.rows().equals(s.cols()))
            throw new ShapeException("cannot invert " + show(m, s) + ": only a square matrix has an inverse or a determinant");
        return s;
    }

    private static void requireSame(Shape first, Expr other, Map<Sym, Shape> declared, Expr firstExpr) {
        Shape s = of(other, declared);
        if (!s.equals(first)) throw new ShapeException("the cases have different shapes: " + show(firstExpr, first) + " and " + show(other, s));
    }

    private static String show(Expr e, Shape s) {
        return LatexPrinter.print(e) + " (" + s + ")";
    }
}
