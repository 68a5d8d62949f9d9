package org.chainrule.derive.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.simplify.Simplifier;

/**
 * Simplification that respects matrix products: factors are never reordered except scalars (1 × 1
 * values, which commute with everything), transposes are pushed to the leaves ((AB)ᵀ = BᵀAᵀ), like
 * terms are collected and terms sharing their last factor are grouped (Ax + Aᵀx = (A + Aᵀ)x). The
 * scalar simplifier cannot be used here: it sorts factors, which is wrong for X and w.
 */
final class MatrixAlgebra {
    private final Map<Sym, Shape> shapes;

    MatrixAlgebra(Map<Sym, Shape> shapes) {
        this.shapes = shapes;
    }

    Map<Sym, Shape> shapes() {
        return shapes;
    }

    Shape shape(Expr e) {
        return Shapes.of(e, shapes);
    }

    boolean isScalar(Expr e) {
        return shape(e).isScalar();
    }

    Expr simplify(Expr e) {
        Expr cur = e;
        for (int i = 0; i < 10; i++) {
            Expr next = once(cur);
            if (next.equals(cur)) return next;
            cur = next;
        }
        return cur;
    }

    private Expr once(Expr e) {
        // A product is rebuilt by product(), which keeps 1 × 1 factors whole: the Mul constructor would splice them.
        if (e instanceof Mul m) return product(m.factors().stream().map(f -> asRun(f).map(this::once).orElseGet(() -> once(f))).toList());
        if (asRun(e).isPresent()) return once(asRun(e).get()); // alone, a run needs no brackets
        Expr inner = Exprs.mapChildren(e, this::once);
        return switch (inner) {
            case Transpose t -> transpose(t.arg());
            case Add a -> sum(a.terms());
            case Pow p -> power(p);
            case Hadamard h -> isZero(h.left()) || isZero(h.right()) ? Expr.num(0) : h;
            default -> inner;
        };
    }

    /**
     * A 1 × 1 product of vectors or matrices kept as one scalar factor of a larger product, as in
     * (aᵀx)Bx: a 1 × 1 matrix whose entry is the product (printed in brackets). Flattening it into the
     * outer product would make a product that does not multiply (x B).
     */
    static Expr run(Expr product) {
        return new Matrix(List.of(List.of(product)));
    }

    /** The product inside a {@link #run}. */
    static Optional<Expr> asRun(Expr e) {
        return e instanceof Matrix mx && mx.rows().size() == 1 && mx.rows().get(0).size() == 1 && mx.rows().get(0).get(0) instanceof Mul m
                ? Optional.of(m) : Optional.empty();
    }

    /** True for a product with a vector or matrix factor whose value is 1 × 1 (wᵀx). */
    private boolean isScalarChain(Expr e) {
        if (!(e instanceof Mul m) || !isScalar(m)) return false;
        for (Expr f : m.factors()) if (!isScalar(f)) return true;
        return false;
    }

    /**
     * Every product regrouped by {@link Shapes#group}: the products the parser flattened, (aᵀx)Bx read
     * as aᵀxBx, get their 1 × 1 runs back as scalar factors.
     */
    Expr group(Expr e) {
        if (e instanceof Mul m) {
            List<Expr> fs = m.factors().stream().map(this::group).toList();
            List<Shape> ss = fs.stream().map(this::shape).toList();
            if (!(Shapes.group(ss) instanceof Shapes.Grouping.Units u)) return Expr.mul(fs);
            // scalars first, then runs, then the chain; numbers are not multiplied, so 0.5 stays 0.5
            List<Expr> out = new ArrayList<>();
            for (int k = 0; k < fs.size(); k++) if (ss.get(k).isScalar()) out.add(fs.get(k));
            for (List<Integer> r : u.runs()) out.add(run(Expr.mul(r.stream().map(fs::get).toList())));
            for (int k : u.chain()) out.add(fs.get(k));
            return Expr.mul(out);
        }
        Expr g = Exprs.mapChildren(e, this::group);
        // Σ^{-1} of a matrix is its inverse, not a reciprocal
        if (g instanceof Pow p && Exprs.isNum(p.exponent(), -1) && !isScalar(p.base())) return Shapes.inverse(p.base());
        return g;
    }

    /**
     * e with each name replaced by its definition; a 1 × 1 product goes in as a {@link #run}, so
     * that z = (wᵀx) substituted into zBx stays (wᵀx)Bx. Not simplified.
     */
    Expr inline(Expr e, Map<Sym, Expr> defs) {
        Expr cur = e;
        for (int round = 0; round < 64; round++) {
            Expr next = inlineOnce(cur, defs);
            if (next.equals(cur)) return cur;
            cur = next;
        }
        throw new org.chainrule.derive.DeriveException("definitions nest too deeply to substitute");
    }

    private Expr inlineOnce(Expr e, Map<Sym, Expr> defs) {
        if (e instanceof Sym s && defs.containsKey(s)) return keepWhole(defs.get(s));
        return Exprs.mapChildren(e, c -> inlineOnce(c, defs));
    }

    /** e with {@code from} replaced by {@code to} (kept whole when it is a 1 × 1 product), simplified. */
    Expr substitute(Expr e, Expr from, Expr to) {
        return simplify(Exprs.substitute(e, from, keepWhole(to)));
    }

    private Expr keepWhole(Expr e) {
        return isScalarChain(e) ? run(e) : e;
    }

    /** The number 0 or a zero matrix. */
    static boolean isZero(Expr e) {
        return Exprs.isNum(e, 0) || Shapes.isZeroMatrix(e);
    }

    private Expr power(Pow p) {
        if (Exprs.isNum(p.exponent(), 1)) return p.base();
        if (Exprs.isNum(p.exponent(), 0)) return Expr.num(1);
        Expr folded = Simplifier.numberPower(p);
        return folded != p ? folded : Simplifier.powerOfPower(p);
    }

    /** aᵀ pushed inward: scalars are their own transpose, (aᵀ)ᵀ = a, (AB)ᵀ = BᵀAᵀ, (A + B)ᵀ = Aᵀ + Bᵀ. */
    Expr transpose(Expr a) {
        if (isScalar(a)) return a;
        return switch (a) {
            case Transpose t -> t.arg();
            case Mul m -> {
                List<Expr> fs = new ArrayList<>();
                for (int k = m.factors().size() - 1; k >= 0; k--) fs.add(transpose(m.factors().get(k)));
                yield product(fs);
            }
            case Add s -> sum(s.terms().stream().map(this::transpose).toList());
            case Hadamard h -> new Hadamard(transpose(h.left()), transpose(h.right()));
            default -> new Transpose(a);
        };
    }

    /**
     * An ordered product: numbers multiplied, other scalars moved to the front, matrices kept in order.
     * A factor that is a 1 × 1 product of vectors (wᵀx) stays one scalar factor when vectors or
     * matrices remain beside it; alone with scalars it is spliced back (2wᵀx needs no brackets).
     */
    Expr product(List<Expr> factors) {
        if (factors.stream().anyMatch(Shapes::isZeroMatrix)) return zeroLike(Expr.mul(factors));
        List<Expr> flat = new ArrayList<>();
        for (Expr f : factors) {
            if (f instanceof Mul m && isScalarChain(m)) {
                List<Expr> chain = new ArrayList<>();
                for (Expr g : m.factors()) {
                    if (isScalar(g)) flat.add(g);
                    else chain.add(g);
                }
                flat.add(run(Expr.mul(chain)));
            } else if (f instanceof Mul m) flat.addAll(m.factors());
            else flat.add(f);
        }
        Rational c = Rational.ONE;
        List<Expr> scalars = new ArrayList<>(), rest = new ArrayList<>();
        for (Expr f : flat) {
            if (f instanceof Num n) {
                c = c.multiply(n.value());
                continue;
            }
            if (isScalar(f)) scalars.add(f);
            else rest.add(f);
        }
        if (c.isZero()) return Expr.num(0);
        cancelReciprocals(scalars);
        List<Expr> runs = scalars.stream().filter(f -> asRun(f).isPresent()).toList();
        if (rest.isEmpty() && runs.size() == 1) { // (wᵀx) times scalars: the run goes last, unbracketed
            scalars.remove(runs.get(0));
            rest.add(asRun(runs.get(0)).get());
        }
        List<Expr> out = new ArrayList<>();
        if (!c.equals(Rational.ONE) || (scalars.isEmpty() && rest.isEmpty())) out.add(Expr.num(c));
        out.addAll(scalars);
        out.addAll(rest);
        return Expr.mul(out);
    }

    /** s · s⁻¹ = 1 among scalar factors: (1/det Σ)·det Σ in ∂ log det Σ/∂Σ. */
    private static void cancelReciprocals(List<Expr> scalars) {
        for (int i = 0; i < scalars.size(); i++) {
            Expr f = scalars.get(i);
            Expr reciprocal = f instanceof Pow p && Exprs.isNum(p.exponent(), -1) ? p.base() : Expr.pow(f, -1);
            int j = scalars.indexOf(reciprocal);
            if (j >= 0 && j != i) {
                scalars.remove(Math.max(i, j));
                scalars.remove(Math.min(i, j));
                i = -1;
            }
        }
    }

    /** 0 with the shape of e: the number for a scalar, else the zero matrix. */
    Expr zeroLike(Expr e) {
        Shape s = shape(e);
        return s.isScalar() ? Expr.num(0) : Shapes.zero(s);
    }

    /** A sum with zero terms dropped, like terms collected and terms with a common last factor grouped. */
    Expr sum(List<Expr> terms) {
        List<Expr> flat = new ArrayList<>();
        for (Expr t : terms) {
            if (t instanceof Add a) flat.addAll(a.terms());
            else if (!isZero(t)) flat.add(t);
        }
        Map<Expr, Rational> coeff = new LinkedHashMap<>();
        for (Expr t : flat) {
            // numbers are like terms of one another: 2 and 3 are 2·1 and 3·1
            Expr body = t instanceof Num ? Expr.num(1) : Simplifier.withoutCoefficient(t);
            coeff.merge(body, Simplifier.coefficient(t), Rational::add);
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<Expr, Rational> en : coeff.entrySet()) {
            if (en.getValue().isZero()) continue;
            out.add(Simplifier.times(en.getValue(), en.getKey()));
        }
        return Expr.add(groupByLastFactor(out));
    }

    /** Ax + Aᵀx → (A + Aᵀ)x when the parts before the common last factor have one shape. */
    private List<Expr> groupByLastFactor(List<Expr> terms) {
        Map<Expr, List<Integer>> byLast = new LinkedHashMap<>();
        for (int k = 0; k < terms.size(); k++) {
            Expr t = terms.get(k);
            if (!(t instanceof Mul m)) continue;
            Expr last = m.factors().get(m.factors().size() - 1);
            if (isScalar(last)) continue;
            byLast.computeIfAbsent(last, x -> new ArrayList<>()).add(k);
        }
        for (Map.Entry<Expr, List<Integer>> en : byLast.entrySet()) {
            List<Integer> idx = en.getValue();
            if (idx.size() < 2) continue;
            List<Expr> lefts = new ArrayList<>();
            Shape first = null;
            boolean ok = true;
            for (int k : idx) {
                Mul m = (Mul) terms.get(k);
                Expr left = Expr.mul(m.factors().subList(0, m.factors().size() - 1));
                Shape s = shape(left);
                if (s.isScalar() || (first != null && !first.equals(s))) ok = false;
                first = first == null ? s : first;
                lefts.add(left);
            }
            if (!ok) continue;
            List<Expr> out = new ArrayList<>();
            for (int k = 0; k < terms.size(); k++) {
                if (k == idx.get(0)) out.add(Expr.mul(Expr.add(lefts), en.getKey()));
                else if (!idx.contains(k)) out.add(terms.get(k));
            }
            return groupByLastFactor(out);
        }
        return terms;
    }

    /**
     * Products multiplied out over sums, keeping the order of factors: xᵀ(Ax + z) = xᵀAx + xᵀz, the
     * form a TA writes before using the linear- and quadratic-form identities.
     */
    Expr distribute(Expr e) {
        if (e instanceof Add a) return sum(a.terms().stream().map(this::distribute).toList());
        if (!(e instanceof Mul m)) return e;
        List<List<Expr>> partial = new ArrayList<>();
        partial.add(new ArrayList<>());
        for (Expr f : m.factors()) {
            Expr df = distribute(f);
            List<Expr> alts = df instanceof Add s ? s.terms() : List.of(df);
            List<List<Expr>> next = new ArrayList<>();
            for (List<Expr> p : partial)
                for (Expr alt : alts) {
                    List<Expr> q = new ArrayList<>(p);
                    q.add(alt);
                    next.add(q);
                }
            partial = next;
            if (partial.size() > 16) return e;
        }
        List<Expr> terms = new ArrayList<>();
        for (List<Expr> p : partial) terms.add(product(p));
        return sum(terms);
    }
}
