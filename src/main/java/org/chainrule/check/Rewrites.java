package org.chainrule.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;

/**
 * Small changes to a claim as written, each a candidate explanation of why it is wrong: a term's sign
 * flipped, a number literal changed, a condition negated, two symbols swapped, a transpose toggled.
 * Pure functions over the tree; the judge decides which candidate (if any) makes the claim right.
 *
 * <p>A <em>site</em> is a node of the claim that is part of its value: the walk does not enter the
 * indices of symbols and Kronecker deltas, the bounds of sums or the variables of derivatives, which
 * are names (w_1, δ_{12}, Σ_{i=1}^{n}), not numbers a student computed.
 */
final class Rewrites {
    private Rewrites() {}

    /** The value sites of e in preorder. */
    static List<Expr> sites(Expr e) {
        List<Expr> out = new ArrayList<>();
        walk(e, out);
        return out;
    }

    private static void walk(Expr e, List<Expr> out) {
        out.add(e);
        for (Expr c : valueChildren(e)) walk(c, out);
    }

    /** The children of e that are part of its value, in the order {@link #rewriteAt} counts them. */
    private static List<Expr> valueChildren(Expr e) {
        return switch (e) {
            case Sym s -> List.of();
            case Kronecker k -> List.of();
            case BigOp b -> List.of(b.body());
            case Deriv d -> List.of(d.f());
            case Norm n -> List.of(n.arg());
            case Index ix -> List.of(ix.base());
            default -> Exprs.children(e).stream().filter(c -> !(e instanceof Apply ap && ap.fn() instanceof LogBase lb && c == lb.base())).toList();
        };
    }

    /** e with the site at preorder position {@code target} (as {@link #sites} numbers them) replaced by {@code by(site)}. */
    static Expr rewriteAt(Expr e, int target, UnaryOperator<Expr> by) {
        return new Object() {
            int next = 0;

            Expr go(Expr node) {
                int me = next++;
                if (me == target) {
                    next += sites(node).size() - 1; // skip the replaced subtree's sites
                    return by.apply(node);
                }
                return switch (node) {
                    case Sym s -> s;
                    case Kronecker k -> k;
                    case BigOp b -> new BigOp(b.kind(), b.index(), b.from(), b.to(), go(b.body()));
                    case Deriv d -> new Deriv(go(d.f()), d.wrt(), d.partial());
                    case Norm n -> new Norm(go(n.arg()), n.p());
                    case Index ix -> new Index(go(ix.base()), ix.indices());
                    case Apply ap -> new Apply(ap.fn(), ap.args().stream().map(this::go).toList());
                    default -> Exprs.mapChildren(node, this::go);
                };
            }
        }.go(e);
    }

    /** The claim with one term of one sum negated, for each term of each sum: {site, term index} pairs. */
    static List<int[]> termSites(Expr e) {
        List<int[]> out = new ArrayList<>();
        List<Expr> all = sites(e);
        for (int k = 0; k < all.size(); k++)
            if (all.get(k) instanceof Add a) for (int t = 0; t < a.terms().size(); t++) out.add(new int[] {k, t});
        return out;
    }

    /** The sum with its term {@code t} negated. */
    static Expr negateTerm(Add a, int t) {
        List<Expr> terms = new ArrayList<>(a.terms());
        terms.set(t, Expr.neg(terms.get(t)));
        return Expr.add(terms);
    }

    /** The sum without its term {@code t}. */
    static Expr dropTerm(Add a, int t) {
        List<Expr> terms = new ArrayList<>(a.terms());
        terms.remove(t);
        return Expr.add(terms);
    }

    /** The additive terms of e: its terms when it is a sum, else e itself. */
    static List<Expr> terms(Expr e) {
        return e instanceof Add a ? a.terms() : List.of(e);
    }

    /** e with every occurrence of a and b exchanged (also inside indices: i ↔ j turns s_i into s_j). */
    static Expr swap(Expr e, Sym a, Sym b) {
        Sym hold = new Sym("\\swap", List.of("rm"), List.of(), SupIndex.NONE);
        return Exprs.substitute(Exprs.substitute(Exprs.substitute(e, a, hold), b, a), hold, b);
    }

    /** The transpose of e, removing one where e is already a transpose. */
    static Expr toggleTranspose(Expr e) {
        return e instanceof Transpose t ? t.arg() : new Transpose(e);
    }

    /** Largest denominator and numerator of a "simple" rational: what a slip in a hand derivation gives. */
    static final int MAX_DENOMINATOR = 12, MAX_NUMERATOR = 100;

    /**
     * The simple rational p/q (q ≤ 12, |p| ≤ 100) within a relative 10⁻⁶ of x, the one with the smallest
     * denominator; empty when there is none (x irrational, or not finite).
     */
    static Optional<Rational> simpleRational(double x) {
        if (!Double.isFinite(x)) return Optional.empty();
        for (int q = 1; q <= MAX_DENOMINATOR; q++) {
            long p = Math.round(x * q);
            if (Math.abs(p) > MAX_NUMERATOR) continue;
            if (Math.abs((double) p / q - x) <= 1e-6 * Math.max(1, Math.abs(x)))
                return Optional.of(new Rational(BigInteger.valueOf(p), BigInteger.valueOf(q)));
        }
        return Optional.empty();
    }
}
