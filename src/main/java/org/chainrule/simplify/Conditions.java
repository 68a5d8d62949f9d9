package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Rational;

/** Conditions of piecewise functions and indicators: deciding constant ones, negating, tidying. */
public final class Conditions {
    private Conditions() {}

    /** The truth value of a condition whose operands are all numbers; empty otherwise. */
    public static Optional<Boolean> decide(Expr cond) {
        if (!(cond instanceof Rel r)) return Optional.empty();
        for (Expr o : r.operands()) if (!(o instanceof Num)) {
            // Equal operands decide = ≤ ≥ (true) and ≠ < > (false) even when symbolic.
            if (r.ops().size() == 1 && r.operands().get(0).equals(r.operands().get(1))) {
                return switch (r.ops().get(0)) {
                    case EQ, LE, GE, EQUIV, APPROX -> Optional.of(true);
                    case NE, LT, GT -> Optional.of(false);
                    default -> Optional.empty();
                };
            }
            return Optional.empty();
        }
        for (int i = 0; i < r.ops().size(); i++) {
            Rational a = ((Num) r.operands().get(i)).value(), b = ((Num) r.operands().get(i + 1)).value();
            int c = a.compareTo(b);
            boolean ok = switch (r.ops().get(i)) {
                case EQ, DEF, EQUIV, APPROX -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case IN -> true;
            };
            if (!ok) return Optional.of(false);
        }
        return Optional.of(true);
    }

    /** The complement of a single comparison: ≤ ↔ >, < ↔ ≥, = ↔ ≠; empty for chains. */
    public static Optional<Expr> negate(Expr cond) {
        if (!(cond instanceof Rel r) || r.ops().size() != 1) return Optional.empty();
        RelOp op = switch (r.ops().get(0)) {
            case LT -> RelOp.GE;
            case LE -> RelOp.GT;
            case GT -> RelOp.LE;
            case GE -> RelOp.LT;
            case EQ -> RelOp.NE;
            case NE -> RelOp.EQ;
            default -> null;
        };
        if (op == null) return Optional.empty();
        return Optional.of(Rel.of(r.operands().get(0), op, r.operands().get(1)));
    }

    /**
     * Tidies a comparison the way people write it: moves a constant to the right
     * ({@code 1 - y w x > 0} becomes {@code y w x < 1}) and prefers the variable side on the left.
     */
    public static Expr tidy(Expr cond) {
        if (!(cond instanceof Rel r) || r.ops().size() != 1) return cond;
        Expr l = Simplifier.simplify(r.operands().get(0)), rt = Simplifier.simplify(r.operands().get(1));
        RelOp op = r.ops().get(0);
        // 0 < u  →  u > 0
        if (l instanceof Num && !(rt instanceof Num)) {
            Expr t = l; l = rt; rt = t;
            op = flip(op);
        }
        // c − u ⋚ 0  →  u ⋛ c   and   u − c ⋚ 0  →  u ⋚ c
        if (rt instanceof Num zero && zero.value().isZero() && l instanceof Add a) {
            Rational c = Rational.ZERO;
            List<Expr> vars = new ArrayList<>();
            for (Expr t : a.terms()) {
                if (t instanceof Num n) c = c.add(n.value());
                else vars.add(t);
            }
            if (!c.isZero() && !vars.isEmpty()) {
                boolean allNegative = vars.stream().allMatch(t -> Simplifier.coefficient(t).signum() < 0);
                if (allNegative) {
                    List<Expr> pos = new ArrayList<>();
                    for (Expr t : vars) pos.add(Simplifier.times(Rational.MINUS_ONE, t));
                    return Rel.of(Simplifier.simplify(Expr.add(pos)), flip(op), Expr.num(c)); // c − u > 0 ⟺ u < c
                }
                return Rel.of(Simplifier.simplify(Expr.add(vars)), op, Expr.num(c.negate()));
            }
        }
        return Rel.of(l, op, rt);
    }

    public static RelOp flip(RelOp op) {
        return switch (op) {
            case LT -> RelOp.GT;
            case LE -> RelOp.GE;
            case GT -> RelOp.LT;
            case GE -> RelOp.LE;
            default -> op;
        };
    }
}
