package org.chainrule.parse;

import java.util.List;
import java.util.stream.Collectors;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;

/**
 * One canonical, readable text form of an {@link Expr} for golden files: an S-expression with the
 * record name first, e.g. {@code (Add (Sym x) (Mul (Num -1) (Sym y)))}. Symbols show their parts
 * only when present: {@code (Sym w styles=[hat] sub=[(Num 1) (Sym i)] sup=PAREN[(Sym i)])}.
 */
final class TreeText {
    private TreeText() {}

    static String of(Expr e) {
        return switch (e) {
            case Num n -> "(Num " + (n.decimal() ? n.value().toDecimalString() : n.value().toString()) + ")";
            case Sym s -> sym(s);
            case Kronecker k -> "(Kronecker " + of(k.i()) + " " + of(k.j()) + ")";
            case Const c -> "(Const " + c.kind() + ")";
            case Add a -> "(Add " + all(a.terms()) + ")";
            case Mul m -> "(Mul " + all(m.factors()) + ")";
            case Pow p -> "(Pow " + of(p.base()) + " " + of(p.exponent()) + ")";
            case Hadamard h -> "(Hadamard " + of(h.left()) + " " + of(h.right()) + ")";
            case Apply a -> "(Apply " + fn(a.fn()) + " " + all(a.args()) + ")";
            case Indicator i -> "(Indicator " + of(i.condition()) + ")";
            case Abs a -> "(Abs " + of(a.arg()) + ")";
            case Norm n -> "(Norm " + of(n.arg()) + " " + of(n.p()) + ")";
            case Piecewise p -> "(Piecewise " + p.cases().stream().map(c -> "(Case " + of(c.value()) + " " + of(c.condition()) + ")")
                    .collect(Collectors.joining(" ")) + p.otherwise().map(o -> " (Otherwise " + of(o) + ")").orElse("") + ")";
            case Rel r -> rel(r);
            case BigOp b -> "(" + (b.kind() == BigOpKind.SUM ? "Sum" : "Prod") + " " + sym(b.index())
                    + b.from().map(f -> " from=" + of(f)).orElse("") + b.to().map(t -> " to=" + of(t)).orElse("")
                    + " " + of(b.body()) + ")";
            case Deriv d -> "(Deriv" + (d.partial() ? " partial " : " ") + of(d.f()) + " wrt=[" + all(d.wrt()) + "])";
            case Matrix m -> "(Matrix " + m.rows().stream().map(r -> "(Row " + all(r) + ")").collect(Collectors.joining(" ")) + ")";
            case Transpose t -> "(Transpose " + of(t.arg()) + ")";
            case Index i -> "(Index " + of(i.base()) + " [" + all(i.indices()) + "])";
            case EvalAt v -> "(EvalAt " + of(v.body()) + " at=[" + all(v.at()) + "])";
            case Limit l -> "(Limit " + of(l.body()) + " " + sym(l.var()) + " to=" + of(l.to())
                    + (l.side() > 0 ? " side=+" : l.side() < 0 ? " side=-" : "") + ")";
            case Space s -> "(Space " + s.field() + (s.dims().isEmpty() ? "" : " " + all(s.dims())) + ")";
            case Dots d -> "(Dots " + d.kind() + ")";
        };
    }

    private static String all(List<Expr> xs) {
        return xs.stream().map(TreeText::of).collect(Collectors.joining(" "));
    }

    private static String sym(Sym s) {
        StringBuilder b = new StringBuilder("(Sym ").append(s.name());
        if (!s.styles().isEmpty()) b.append(" styles=[").append(String.join(",", s.styles())).append(']');
        if (!s.sub().isEmpty()) b.append(" sub=[").append(all(s.sub())).append(']');
        if (s.sup().kind() != SupKind.NONE) b.append(" sup=").append(s.sup().kind()).append('[').append(all(s.sup().items())).append(']');
        return b.append(')').toString();
    }

    private static String fn(Fn f) {
        return switch (f) {
            case Builtin b -> b.op().name();
            case LogBase l -> "(LogBase " + of(l.base()) + ")";
            case Abstract a -> "(Abstract " + sym(a.name()) + ")";
            case Prime p -> "(Prime " + fn(p.fn()) + " " + p.order() + ")";
        };
    }

    private static String rel(Rel r) {
        StringBuilder b = new StringBuilder("(Rel ").append(of(r.operands().get(0)));
        for (int i = 0; i < r.ops().size(); i++) b.append(' ').append(r.ops().get(i)).append(' ').append(of(r.operands().get(i + 1)));
        return b.append(')').toString();
    }

    /** The whole result: one statement per line, then annotations and warnings. */
    static String of(Parsed p) {
        StringBuilder b = new StringBuilder();
        p.continues().ifPresent(op -> b.append("; continues the previous formula with ").append(op).append('\n'));
        for (Expr e : p.statements()) b.append(of(e)).append('\n');
        for (String a : p.annotations()) b.append("; annotation: ").append(a).append('\n');
        for (Diagnostic d : p.warnings()) b.append("; ").append(d).append('\n');
        return b.toString();
    }
}
