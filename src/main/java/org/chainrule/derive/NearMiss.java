package org.chainrule.derive;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Num;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;

/**
 * A variable the function does not contain gives the derivative 0, which is right but rarely what was
 * meant: --wrt W for an expression in w, w for \mathbf{w}, w_1 for w_{11}. The warning says so and
 * names the symbols that nearly match.
 */
final class NearMiss {
    private NearMiss() {}

    /** A warning when x does not occur in the function (flat, with every definition substituted), else empty. */
    static Optional<String> warning(Sym x, Expr flat, Expr function) {
        return absent(x, flat, function).map(near -> LatexPrinter.print(x) + " does not occur in the function, so the derivative is 0" + near);
    }

    /** The error when x does not occur in the function and matrix calculus would refuse it, else empty. */
    static Optional<String> error(Sym x, Expr flat, Expr function) {
        return absent(x, flat, function).map(near -> "the function does not depend on " + LatexPrinter.print(x) + near);
    }

    /** Empty when x occurs in the function; else "; did you mean …?" naming near misses, or "" when there are none. */
    private static Optional<String> absent(Sym x, Expr flat, Expr function) {
        Set<Sym> symbols = new LinkedHashSet<>(Exprs.symbols(flat));
        symbols.addAll(Exprs.symbols(function));
        for (Sym s : symbols) if (couldBe(s, x)) return Optional.empty();
        List<String> near = new ArrayList<>();
        for (Sym s : symbols) if (near(s, x)) near.add(LatexPrinter.print(s));
        return Optional.of(near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
    }

    /**
     * s may stand for x: it is x, a family member with symbolic indices (w_i for w_2), the vector or
     * matrix x is a component of (\mathbf{a} for a_j, W for w_{ij}), or a component of x.
     */
    private static boolean couldBe(Sym s, Sym x) {
        if (s.equals(x)) return true;
        if (s.base().equals(x.base()) && s.sub().size() == x.sub().size() && !x.sub().isEmpty()) {
            boolean fits = true;
            for (int k = 0; k < s.sub().size(); k++) {
                Expr a = s.sub().get(k), b = x.sub().get(k);
                if (!a.equals(b) && a instanceof Num && b instanceof Num) fits = false;
            }
            if (fits) return true;
        }
        if (x.sub().size() == 1 && Components.isVectorSymbol(s) && Components.component(s, x.sub()).equals(x)) return true;
        // and the other way round: the function names x's components (w_{ij} of W, x_k of \mathbf{x})
        if (x.sub().isEmpty() && s.sub().size() == 1 && Components.component(x, s.sub()).equals(s)) return true;
        if (x.sub().isEmpty() && s.sub().size() == 2 && Components.matrixComponent(x, s.sub().get(0), s.sub().get(1)).equals(s)) return true;
        return x.sub().size() == 2 && s.sub().isEmpty()
                && Components.matrixComponent(s, x.sub().get(0), x.sub().get(1)).equals(x);
    }

    /** The same letter written differently: another case, style (bold, hat) or indices. */
    private static boolean near(Sym s, Sym x) {
        return s.name().equalsIgnoreCase(x.name()) && !s.equals(x);
    }
}
