package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * Distributes products over sums and integer powers over products, so that factors can cancel
 * across a quotient ((S/e^{a})·(e^{a}δS − e^{a}e^{b})/S² → δ − e^{b}/S). Powers of sums are left
 * alone ((a + b)² stays), and the expansion is abandoned past a size limit.
 */
public final class Expand {
    private Expand() {}

    static final int LIMIT = 4000;

    public static Expr expand(Expr e) {
        return expand(e, new int[] {LIMIT});
    }

    private static Expr expand(Expr e, int[] budget) {
        Expr inner = Exprs.mapChildren(e, c -> expand(c, budget));
        return switch (inner) {
            case Mul m when Simplifier.isScalarLike(m) -> distribute(m.factors(), budget);
            case Pow p when p.base() instanceof Mul m && p.exponent() instanceof Num n && n.value().isInteger()
                    && Simplifier.isScalarLike(m) -> {
                List<Expr> fs = new ArrayList<>();
                for (Expr f : m.factors()) fs.add(Expr.pow(f, p.exponent()));
                yield Expr.mul(fs);
            }
            default -> inner;
        };
    }

    /**
     * Distributes one sum at a time, the one holding fractions first, and simplifies each product
     * before going on, so that a factor cancels against its reciprocal before it could be split:
     * (−y/ŷ + (1−y)/(1−ŷ)) ŷ (1−ŷ) becomes −y(1−ŷ) + (1−y)ŷ, not a sum of uncancellable pieces.
     */
    private static Expr distribute(List<Expr> factors, int[] budget) {
        int pick = -1;
        for (int k = 0; k < factors.size(); k++) {
            if (!(factors.get(k) instanceof Add)) continue;
            if (pick < 0 || (hasReciprocal(factors.get(k)) && !hasReciprocal(factors.get(pick)))) pick = k;
        }
        if (pick < 0) return Expr.mul(factors);
        List<Expr> sum = new ArrayList<>();
        for (Expr t : ((Add) factors.get(pick)).terms()) {
            if (--budget[0] < 0) return Expr.mul(factors);
            List<Expr> nf = new ArrayList<>(factors);
            nf.set(pick, t);
            Expr term = Simplifier.simplify(Expr.mul(nf));
            sum.add(term instanceof Mul m && Simplifier.isScalarLike(m) ? distribute(m.factors(), budget) : term);
        }
        return Expr.add(sum);
    }

    private static boolean hasReciprocal(Expr e) {
        if (e instanceof Pow p && p.exponent() instanceof Num n && n.value().signum() < 0) return true;
        for (Expr c : Exprs.children(e)) if (hasReciprocal(c)) return true;
        return false;
    }
}
