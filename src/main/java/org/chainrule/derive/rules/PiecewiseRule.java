package org.chainrule.derive.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.simplify.Conditions;

/**
 * piecewise-rule: differentiate each case on its region, then recombine as Σ caseᵢ · 𝟏(conditionᵢ).
 * Cases are read first-match, so case k's indicator is 𝟏(c_k) times 𝟏(not c_j) for earlier j; for
 * two cases that is just 𝟏(c) and 𝟏(not c). On a boundary the case whose condition holds is used.
 */
final class PiecewiseRule implements DiffRule {
    @Override public List<RuleDescriptor> descriptors() { return List.of(Step.Cases.RULE); }

    @Override
    public Step apply(Expr f, Sym x, Differentiator d) {
        if (!(f instanceof Piecewise pw)) return null;
        List<Step> branches = new ArrayList<>();
        List<Expr> conditions = new ArrayList<>();
        List<Case> derivCases = new ArrayList<>();
        List<Expr> terms = new ArrayList<>();
        List<Expr> earlierNot = new ArrayList<>();
        for (Case c : pw.cases()) {
            Step s = d.diff(c.value(), x);
            branches.add(s);
            Expr cond = Conditions.tidy(c.condition());
            conditions.add(cond);
            derivCases.add(new Case(s.result(), cond));
            List<Expr> ind = new ArrayList<>(earlierNot);
            ind.add(new Indicator(cond));
            terms.add(Expr.mul(s.result(), Expr.mul(ind)));
            earlierNot.add(not(cond));
        }
        Optional<Expr> otherwise = Optional.empty();
        if (pw.otherwise().isPresent()) {
            Step s = d.diff(pw.otherwise().get(), x);
            branches.add(s);
            Expr region = Expr.mul(earlierNot);
            conditions.add(region);
            otherwise = Optional.of(s.result());
            terms.add(Expr.mul(s.result(), region));
        }
        Expr casesForm = new Piecewise(derivCases, otherwise);
        return new Step.Cases(f, x, d.tidy(Expr.add(terms)), conditions, branches, d.tidy(casesForm),
                Convention.BOUNDARY_USES_HOLDING_CASE);
    }

    /** 𝟏(not c): the negated comparison where there is one, else 1 − 𝟏(c). */
    private static Expr not(Expr cond) {
        return Conditions.negate(cond).<Expr>map(n -> new Indicator(Conditions.tidy(n)))
                .orElse(Expr.sub(Expr.num(1), new Indicator(cond)));
    }
}
