package org.chainrule.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.chainrule.expr.Expr.*;

/**
 * An indented, human-readable view of an {@link Expr} for {@code chainrule parse --tree}:
 * <pre>
 * Add
 * ├─ Sym x
 * └─ Mul
 *    ├─ Num -1
 *    └─ Sym y
 * </pre>
 * Every field that makes up identity is shown: a symbol's name, styles, subscript and superscript
 * index; whether a number is exact or was written as a decimal; the kind of function; relation
 * operators. Children whose role is not obvious from their position carry a label ({@code base:},
 * {@code to:}).
 */
public final class TreePrinter {

    private TreePrinter() {}

    public static String print(Expr e) {
        StringBuilder out = new StringBuilder();
        render(node(e), "", "", out);
        return out.toString();
    }

    private record Node(String label, List<Node> kids) {
        Node(String label) { this(label, List.of()); }
        Node role(String role) { return new Node(role + ": " + label, kids); }
    }

    private static void render(Node n, String firstPrefix, String restPrefix, StringBuilder out) {
        out.append(firstPrefix).append(n.label()).append('\n');
        for (int i = 0; i < n.kids().size(); i++) {
            boolean last = i == n.kids().size() - 1;
            render(n.kids().get(i), restPrefix + (last ? "└─ " : "├─ "), restPrefix + (last ? "   " : "│  "), out);
        }
    }

    private static List<Node> nodes(List<Expr> es) {
        return es.stream().map(TreePrinter::node).toList();
    }

    private static Node node(Expr e) {
        return switch (e) {
            case Num n -> new Node("Num " + n.value() + (n.decimal() ? " (decimal)" : ""));
            case Sym s -> symNode(s);
            case Kronecker k -> {
                List<Node> kids = new ArrayList<>();
                String label = "Kronecker delta [" + inline(List.of(k.i(), k.j()), kids, "index") + "]";
                yield new Node(label, kids);
            }
            case Const c -> new Node("Const " + c.kind());
            case Add a -> new Node("Add", nodes(a.terms()));
            case Mul m -> new Node("Mul", nodes(m.factors()));
            case Pow p -> new Node("Pow", List.of(node(p.base()).role("base"), node(p.exponent()).role("exponent")));
            case Hadamard h -> new Node("Hadamard", List.of(node(h.left()), node(h.right())));
            case Apply a -> {
                List<Node> kids = new ArrayList<>(fnKids(a.fn()));
                for (Expr arg : a.args()) kids.add(node(arg).role("arg"));
                yield new Node("Apply " + fnLabel(a.fn()), kids);
            }
            case Indicator i -> new Node("Indicator", List.of(node(i.condition())));
            case Abs a -> new Node("Abs", List.of(node(a.arg())));
            case Norm n -> new Node("Norm", List.of(node(n.arg()), node(n.p()).role("p")));
            case Piecewise p -> {
                List<Node> kids = new ArrayList<>();
                for (Case c : p.cases())
                    kids.add(new Node("Case", List.of(node(c.value()).role("value"), node(c.condition()).role("if"))));
                p.otherwise().ifPresent(o -> kids.add(node(o).role("otherwise")));
                yield new Node("Piecewise", kids);
            }
            case Rel r -> new Node("Rel " + r.ops().stream().map(RelOp::name).collect(Collectors.joining(" ")),
                    nodes(r.operands()));
            case BigOp b -> {
                List<Node> kids = new ArrayList<>();
                kids.add(symNode(b.index()).role("index"));
                b.from().ifPresent(f -> kids.add(node(f).role("from")));
                b.to().ifPresent(t -> kids.add(node(t).role("to")));
                kids.add(node(b.body()).role("body"));
                yield new Node("BigOp " + b.kind(), kids);
            }
            case Deriv d -> {
                List<Node> kids = new ArrayList<>();
                kids.add(node(d.f()).role("f"));
                for (Expr w : d.wrt()) kids.add(node(w).role("wrt"));
                yield new Node("Deriv " + (d.partial() ? "partial" : "total"), kids);
            }
            case Matrix m -> {
                List<Node> rows = new ArrayList<>();
                for (int i = 0; i < m.rows().size(); i++) rows.add(new Node("row " + (i + 1), nodes(m.rows().get(i))));
                yield new Node("Matrix " + m.rows().size() + "×" + m.rows().get(0).size(), rows);
            }
            case Transpose t -> new Node("Transpose", List.of(node(t.arg())));
            case Index i -> {
                List<Node> kids = new ArrayList<>();
                kids.add(node(i.base()).role("base"));
                for (Expr x : i.indices()) kids.add(node(x).role("index"));
                yield new Node("Index", kids);
            }
            case EvalAt ev -> {
                List<Node> kids = new ArrayList<>();
                kids.add(node(ev.body()).role("body"));
                for (Expr x : ev.at()) kids.add(node(x).role("at"));
                yield new Node("EvalAt", kids);
            }
            case Limit l -> new Node("Limit " + switch (l.side()) {
                case 1 -> "from above";
                case -1 -> "from below";
                default -> "two-sided"; // side is an int, not a node kind
            }, List.of(symNode(l.var()).role("var"), node(l.to()).role("to"), node(l.body()).role("body")));
            case Space s -> new Node("Space " + s.field(), nodes(s.dims()).stream().map(n -> n.role("dim")).toList());
            case Dots d -> new Node("Dots " + d.kind());
        };
    }

    /** A symbol on one line when its indices are simple; compound indices become labelled children. */
    private static Node symNode(Sym s) {
        StringBuilder label = new StringBuilder("Sym ").append(s.name());
        if (!s.styles().isEmpty()) label.append(" styles=").append(s.styles());
        List<Node> kids = new ArrayList<>();
        if (!s.sub().isEmpty()) {
            label.append(" sub=[").append(inline(s.sub(), kids, "sub")).append(']');
        }
        switch (s.sup().kind()) {
            case NONE -> {}
            case PAREN -> label.append(" sup=(").append(inline(s.sup().items(), kids, "sup")).append(')');
            case BRACKET -> label.append(" sup=[").append(inline(s.sup().items(), kids, "sup")).append(']');
            case STAR -> label.append(" sup=*");
        }
        return new Node(label.toString(), kids);
    }

    /** Indices that are atoms are written inline; others are written as #k and shown as children. */
    private static String inline(List<Expr> items, List<Node> kids, String role) {
        List<String> parts = new ArrayList<>();
        for (Expr x : items) {
            if (x instanceof Sym s && s.sub().isEmpty() && s.sup().kind() == SupKind.NONE && s.styles().isEmpty()) {
                parts.add(s.name());
            } else if (x instanceof Num n && !n.decimal()) {
                parts.add(n.value().toString());
            } else {
                kids.add(node(x).role(role + " #" + (kids.size() + 1)));
                parts.add("#" + kids.size());
            }
        }
        return String.join(", ", parts);
    }

    private static String fnLabel(Fn fn) {
        return switch (fn) {
            case Builtin b -> b.op().name();
            case LogBase l -> "log with base";
            case Abstract a -> "abstract " + symNode(a.name()).label().substring("Sym ".length());
            case Prime p -> fnLabel(p.fn()) + " " + "'".repeat(Math.max(0, p.order())) + " (derivative order " + p.order() + ")";
        };
    }

    private static List<Node> fnKids(Fn fn) {
        return switch (fn) {
            case Builtin b -> List.of();
            case LogBase l -> List.of(node(l.base()).role("log base"));
            case Abstract a -> symNode(a.name()).kids();
            case Prime p -> fnKids(p.fn());
        };
    }
}
