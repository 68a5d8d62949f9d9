package org.chainrule.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.chainrule.expr.Expr.*;

/** Structural utilities over the tree: mapping children, substitution, free symbols. */
public final class Exprs {
    private Exprs() {}

    /** Rebuilds e with f applied to each direct child expression (indices of symbols included). */
    public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
        return switch (e) {
            case Num n -> n;
            case Const c -> c;
            case Dots d -> d;
            case Kronecker k -> new Kronecker(f.apply(k.i()), f.apply(k.j()));
            case Sym s -> s.sub().isEmpty() && s.sup().items().isEmpty() ? s
                    : new Sym(s.name(), s.styles(), map(s.sub(), f), new SupIndex(s.sup().kind(), map(s.sup().items(), f)), s.joined());
            case Add a -> Expr.add(map(a.terms(), f));
            case Mul m -> Expr.mul(map(m.factors(), f));
            case Pow p -> new Pow(f.apply(p.base()), f.apply(p.exponent()));
            case Hadamard h -> new Hadamard(f.apply(h.left()), f.apply(h.right()));
            case Apply ap -> new Apply(mapFn(ap.fn(), f), map(ap.args(), f));
            case Indicator i -> new Indicator(f.apply(i.condition()));
            case Abs a -> new Abs(f.apply(a.arg()));
            case Norm n -> new Norm(f.apply(n.arg()), f.apply(n.p()));
            case Piecewise pw -> {
                List<Case> cs = new ArrayList<>();
                for (Case c : pw.cases()) cs.add(new Case(f.apply(c.value()), f.apply(c.condition())));
                yield new Piecewise(cs, pw.otherwise().map(f));
            }
            case Rel r -> new Rel(map(r.operands(), f), r.ops());
            case BigOp b -> new BigOp(b.kind(), (Sym) mapSym(b.index(), f), b.from().map(f), b.to().map(f), f.apply(b.body()));
            case Deriv d -> new Deriv(f.apply(d.f()), map(d.wrt(), f), d.partial());
            case Matrix m -> {
                List<List<Expr>> rows = new ArrayList<>();
                for (List<Expr> r : m.rows()) rows.add(map(r, f));
                yield new Matrix(rows);
            }
            case Transpose t -> new Transpose(f.apply(t.arg()));
            case Index ix -> new Index(f.apply(ix.base()), map(ix.indices(), f));
            case EvalAt at -> new EvalAt(f.apply(at.body()), map(at.at(), f));
            case Limit l -> new Limit(f.apply(l.body()), l.var(), f.apply(l.to()), l.side());
            case Space sp -> new Space(sp.field(), map(sp.dims(), f));
        };
    }

    private static Expr mapSym(Sym s, UnaryOperator<Expr> f) {
        return s; // a bound index is a name, not a value
    }

    private static Fn mapFn(Fn fn, UnaryOperator<Expr> f) {
        return switch (fn) {
            case Builtin b -> b;
            case LogBase lb -> new LogBase(f.apply(lb.base()));
            case Abstract ab -> ab;
            case Prime p -> new Prime(mapFn(p.fn(), f), p.order());
        };
    }

    private static List<Expr> map(List<Expr> xs, UnaryOperator<Expr> f) {
        List<Expr> out = new ArrayList<>(xs.size());
        for (Expr x : xs) out.add(f.apply(x));
        return out;
    }

    /** Direct children in order, including symbol indices and bound parts. */
    public static List<Expr> children(Expr e) {
        List<Expr> out = new ArrayList<>();
        mapChildren(e, c -> { out.add(c); return c; });
        if (e instanceof Apply ap) addFnChildren(ap.fn(), out);
        return out;
    }

    private static void addFnChildren(Fn fn, List<Expr> out) {
        switch (fn) {
            case LogBase lb -> out.add(lb.base());
            case Prime p -> addFnChildren(p.fn(), out);
            case Builtin b -> { }
            case Abstract a -> { }
        }
    }

    /** Replaces every occurrence of {@code from} (structurally equal) by {@code to}, also inside indices; respects bound sum indices. */
    public static Expr substitute(Expr e, Expr from, Expr to) {
        if (e.equals(from)) return to;
        if (e instanceof BigOp b && b.index().equals(from)) return e;
        return mapChildren(e, c -> substitute(c, from, to));
    }

    /** All symbols in e, including index symbols and function-argument symbols, in order of appearance. */
    public static Set<Sym> symbols(Expr e) {
        Set<Sym> out = new LinkedHashSet<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expr e, Set<Sym> out) {
        if (e instanceof Sym s) out.add(s);
        for (Expr c : children(e)) collect(c, out);
    }

    /**
     * The symbols e's value depends on: like {@link #symbols} but not looking inside subscripts and
     * superscript indices, which are names (z_{h_1} does not depend on h_1; w_k is one symbol).
     */
    public static Set<Sym> valueSymbols(Expr e) {
        Set<Sym> out = new LinkedHashSet<>();
        collectValues(e, out);
        return out;
    }

    private static void collectValues(Expr e, Set<Sym> out) {
        if (e instanceof Sym s) {
            out.add(s);
            return;
        }
        if (e instanceof Kronecker) return; // δ_{ij} is a constant; i and j are names
        for (Expr c : children(e)) collectValues(c, out);
    }

    /** True when s occurs in e as a value (not only inside another symbol's indices). */
    public static boolean occursAsValue(Expr e, Sym s) {
        return valueSymbols(e).contains(s);
    }

    /** The first candidate letter (in the caller's order of preference) that is not in {@code avoid}. */
    public static Optional<Sym> freshLetter(Set<Sym> avoid, String... candidates) {
        for (String c : candidates) {
            Sym s = Sym.of(c);
            if (!avoid.contains(s)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The same sum with its bound index renamed: Σ_i u_i becomes Σ_k u_k. */
    public static BigOp renameIndex(BigOp b, Sym fresh) {
        return new BigOp(b.kind(), fresh, b.from(), b.to(), substitute(b.body(), b.index(), fresh));
    }

    /** True if {@code needle} occurs in e as a sub-tree. */
    public static boolean contains(Expr e, Expr needle) {
        if (e.equals(needle)) return true;
        for (Expr c : children(e)) if (contains(c, needle)) return true;
        return false;
    }

    /** Number of nodes, a size measure for guards. */
    public static int size(Expr e) {
        int n = 1;
        for (Expr c : children(e)) n += size(c);
        return n;
    }

    public static boolean isNum(Expr e, long v) {
        // numbers are in lowest terms: an integer v has denominator 1 (no Rational built for the test)
        return e instanceof Num n && n.value().isInteger() && n.value().num().bitLength() < 64 && n.value().num().longValue() == v;
    }

    public static Optional<Rational> numValue(Expr e) {
        return e instanceof Num n ? Optional.of(n.value()) : Optional.empty();
    }
}
