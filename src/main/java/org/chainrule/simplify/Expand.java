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
        Expr inner = Exprs.mapChildren(e, Expand::expand);
        return switch (inner) {
            case Mul m when Simplifier.isScalarLike(m) -> distribute(m.factors());
            case Pow p when p.base() instanceof Mul m && p.exponent() instanceof Num n && n.value().isInteger()
                    && Simplifier.isScalarLike(m) -> {
                List<Expr> fs = new ArrayList<>();
                for (Expr f : m.factors()) fs.add(Expr.pow(f, p.exponent()));
                yield Expr.mul(fs);
            }
            default -> inner;
        };
    }

    private static Expr distribute(List<Expr> factors) {
        List<List<Expr>> terms = new ArrayList<>();
        terms.add(new ArrayList<>());
        for (Expr f : factors) {
            List<Expr> alts = f instanceof Add a ? a.terms() : List.of(f);
            if (terms.size() * alts.size() > LIMIT) return Expr.mul(factors);
            List<List<Expr>> next = new ArrayList<>();
            for (List<Expr> t : terms)
                for (Expr alt : alts) {
                    List<Expr> n = new ArrayList<>(t);
                    n.add(alt);
                    next.add(n);
                }
            terms = next;
        }
        List<Expr> sum = new ArrayList<>();
        for (List<Expr> t : terms) sum.add(Expr.mul(t));
        return Expr.add(sum);
    }
}
