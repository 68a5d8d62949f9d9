package org.chainrule.simplify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Shapes.Shape;

/**
 * A canonical text key for comparing expressions up to the order of terms and (scalar) factors:
 * x·y and y·x get the same key, so like terms can be collected without reordering the output.
 */
public final class Canon {
    private Canon() {}

    public static String key(Expr e) {
        return key(e, Map.of());
    }

    /** As {@link #key(Expr)}, with declared shapes deciding which products commute (see {@link Simplifier#isScalarLike(Expr, Map)}). */
    public static String key(Expr e, Map<Sym, Shape> declared) {
        return switch (e) {
            // Bound indices are renamed canonically: Σ_k e^{a_k} and Σ_l e^{a_l} are the same sum.
            case BigOp b -> {
                Sym bound = new Sym("#" + depth(b), List.of("rm"), List.of(), SupIndex.NONE);
                Expr body = Exprs.substitute(b.body(), b.index(), bound);
                yield "(big " + b.kind() + " " + b.from().map(f -> key(f, declared)).orElse("_") + " " + b.to().map(t -> key(t, declared)).orElse("_") + " " + key(body, declared) + ")";
            }
            case Add a -> "(+ " + sorted(a.terms(), declared) + ")";
            case Mul m -> Simplifier.isScalarLike(m, declared) ? "(* " + sorted(m.factors(), declared) + ")" : "(*o " + ordered(m.factors(), declared) + ")";
            // The commonest leaves get short keys of their own ('#' starts no other key): the record
            // text of a number or symbol is long and slow to build, and keys are built at every pass.
            case Num n -> n.decimal() ? "#d" + n.value() : "#n" + n.value();
            case Sym s when s.sub().isEmpty() && s.sup().items().isEmpty() && s.sup().kind() == SupKind.NONE && s.styles().isEmpty() -> "#s" + s.name();
            default -> {
                List<Expr> cs = Exprs.children(e);
                if (cs.isEmpty()) yield e.toString();
                yield "(" + head(e) + " " + ordered(cs, declared) + ")";
            }
        };
    }

    private static int depth(Expr e) {
        int d = 0;
        for (Expr c : Exprs.children(e)) d = Math.max(d, depth(c));
        return e instanceof BigOp ? d + 1 : d;
    }

    private static String head(Expr e) {
        return switch (e) {
            case Apply ap -> "apply " + ap.fn().getClass().getSimpleName() + ":" + fnName(ap.fn());
            case Sym s -> "sym " + s.name() + s.styles() + s.sup().kind();
            case Kronecker k -> "kronecker";
            case Rel r -> "rel " + r.ops();
            case BigOp b -> "big " + b.kind() + " " + b.index() + " " + b.from().isPresent() + b.to().isPresent();
            case Deriv d -> "deriv " + d.partial();
            case Piecewise p -> "pw " + p.cases().size() + " " + p.otherwise().isPresent();
            case Limit l -> "lim " + l.var() + " " + l.side();
            case Space s -> "space " + s.field();
            default -> e.getClass().getSimpleName();
        };
    }

    private static String fnName(Fn fn) {
        return switch (fn) {
            case Builtin b -> b.op().name();
            case LogBase lb -> "logb";
            case Abstract a -> a.name().toString();
            case Prime p -> fnName(p.fn()) + "'" + p.order();
        };
    }

    private static String sorted(List<Expr> xs, Map<Sym, Shape> declared) {
        String[] ks = new String[xs.size()];
        for (int i = 0; i < ks.length; i++) ks[i] = key(xs.get(i), declared);
        Arrays.sort(ks);
        return String.join(" ", ks);
    }

    private static String ordered(List<Expr> xs, Map<Sym, Shape> declared) {
        String[] ks = new String[xs.size()];
        for (int i = 0; i < ks.length; i++) ks[i] = key(xs.get(i), declared);
        return String.join(" ", ks);
    }
}
