package org.chainrule.derive.core;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * Whether an expression can change with a variable, index families included: w_i may be w_j (they
 * are the same exactly when i = j), w_1 is never w_2, and x_i never depends on w_j.
 */
public final class Dependence {
    private Dependence() {}

    public static boolean dependsOn(Expr f, Sym x) {
        for (Sym s : Exprs.valueSymbols(f)) if (mayEqual(s, x)) return true;
        return false;
    }

    /** True when the two symbols are the same family and their indices can coincide. */
    public static boolean mayEqual(Sym s, Sym x) {
        if (s.equals(x)) return true;
        if (Components.isComponentOf(x, s)) return true; // x_i is part of the vector \mathbf{x}
        if (!sameFamily(s, x)) return false;
        for (int k = 0; k < s.sub().size(); k++) {
            Expr a = s.sub().get(k), b = x.sub().get(k);
            if (a instanceof Num && b instanceof Num && !a.equals(b)) return false;
        }
        List<Expr> sa = s.sup().items(), sb = x.sup().items();
        for (int k = 0; k < sa.size(); k++) {
            Expr a = sa.get(k), b = sb.get(k);
            if (a instanceof Num && b instanceof Num && !a.equals(b)) return false;
        }
        return true;
    }

    public static boolean sameFamily(Sym s, Sym x) {
        return s.name().equals(x.name()) && s.styles().equals(x.styles())
                && s.sub().size() == x.sub().size()
                && s.sup().kind() == x.sup().kind() && s.sup().items().size() == x.sup().items().size()
                && !s.sub().stream().anyMatch(Dependence::isLabel) && !x.sub().stream().anyMatch(Dependence::isLabel);
    }

    /** x_{\text{max}}: a label, not an index. */
    private static boolean isLabel(Expr index) {
        return index instanceof Sym s && s.styles().contains("rm");
    }

    /**
     * ∂s/∂x for two symbols of one family: the product of Kronecker deltas of the indices that differ
     * (∂w_i/∂w_j = δ_{ij}); 1 when equal; 0 when they cannot coincide.
     */
    public static Expr partial(Sym s, Sym x) {
        if (s.equals(x)) return Expr.num(1);
        if (!mayEqual(s, x)) return Expr.num(0);
        List<Expr> deltas = new ArrayList<>();
        addDeltas(s.sub(), x.sub(), deltas);
        addDeltas(s.sup().items(), x.sup().items(), deltas);
        return Expr.mul(deltas);
    }

    private static void addDeltas(List<Expr> a, List<Expr> b, List<Expr> out) {
        for (int k = 0; k < a.size(); k++)
            if (!a.get(k).equals(b.get(k))) out.add(kronecker(a.get(k), b.get(k)));
    }

    public static Kronecker kronecker(Expr i, Expr j) {
        return new Kronecker(i, j);
    }
}
