package org.chainrule.derive.rules;

import java.util.List;
import java.util.Optional;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * A derivative of a smooth built-in written with primes ({@code \tanh'(x)}, {@code \exp'(x)},
 * {@code \sigma''(z)}) replaced by what it equals: the built-in's own rule applied k times,
 * F^{(k)}(u) = [d^k/dt^k F(t)] at t = u. So an answer reads 1 − tanh(x)², never tanh'(x).
 */
public final class BuiltinPrimes {
    private BuiltinPrimes() {}

    /** e with every primed smooth built-in written out; e itself when there is none. */
    public static Expr expand(Expr e, Differentiator d) {
        if (!hasPrimedSmooth(e)) return e; // the common case: no tree is rebuilt
        Expr inner = Exprs.mapChildren(e, c -> expand(c, d));
        Expr closed = closedForm(inner, d);
        return closed != null ? closed : inner;
    }

    /** F^{(k)}(u) written out when e is a primed smooth built-in, else null. */
    public static Expr closedForm(Expr e, Differentiator d) {
        if (e instanceof Apply ap && ap.fn() instanceof Prime p && ap.args().size() == 1 && isSmooth(p.fn()))
            return closedForm(p.fn(), p.order(), ap.args().get(0), d);
        return null;
    }

    /** The rule whose identity writes F' out: tanh-rule for \\tanh'. */
    static RuleDescriptor rule(Fn fn) {
        return switch (fn) {
            case Builtin b -> b.op().spec.smooth() ? FunctionRule.of(b.op()) : AbstractFunctionRule.PRIME;
            case LogBase lb -> LogBaseRule.RULE;
            case Abstract a -> AbstractFunctionRule.PRIME;
            case Prime p -> rule(p.fn());
        };
    }

    private static boolean hasPrimedSmooth(Expr e) {
        if (e instanceof Apply ap && ap.fn() instanceof Prime p && isSmooth(p.fn())) return true;
        for (Expr c : Exprs.children(e)) if (hasPrimedSmooth(c)) return true;
        return false;
    }

    private static boolean isSmooth(Fn fn) {
        return switch (fn) {
            case Builtin b -> b.op().spec.smooth();
            case LogBase lb -> true;
            case Abstract a -> false;
            case Prime p -> false; // the parser and prime-rule keep one Prime with an order
        };
    }

    /** F^{(k)}(u) by differentiating F(t) k times, or null if the result still has a derivative in it. */
    private static Expr closedForm(Fn fn, int k, Expr u, Differentiator d) {
        Optional<Sym> fresh = Exprs.freshLetter(Exprs.symbols(new Apply(fn, List.of(u))), "t", "s", "r", "q", "p");
        if (fresh.isEmpty()) return null;
        Sym t = fresh.get();
        Expr g = new Apply(fn, List.of(t));
        for (int i = 0; i < k; i++) g = d.diff(g, t).result();
        if (hasDerivative(g)) return null;
        return d.tidy(Exprs.substitute(g, t, u));
    }

    private static boolean hasDerivative(Expr e) {
        if (e instanceof Deriv || e instanceof Apply ap && ap.fn() instanceof Prime) return true;
        for (Expr c : Exprs.children(e)) if (hasDerivative(c)) return true;
        return false;
    }
}
