package org.chainrule.check;

import java.util.List;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;

/** PLACEHOLDER (being written): judges LHS = RHS under a problem's givens. */
public final class Judge {
    public Judge(Engine engine, List<Expr> given, long seed) {}

    public Judgement judge(Expr lhs, Expr rhs) {
        return Judgement.unverifiable("not written yet");
    }
}
