package org.chainrule.derive.core;

import java.util.List;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;

/**
 * One step of a derivation: {@code d f / d var = result}, justified by a rule and by the steps it
 * needed. The engine builds these trees; the renderer decides how much of a tree to show and in what
 * words. No English or LaTeX lives here.
 */
public sealed interface Step {

    Expr f();

    Sym var();

    Expr result();

    /** The kebab-case name of the rule that produced this step. */
    String rule();

    List<Step> substeps();

    /** A rule applied to f, with the derivatives of f's parts as substeps (sum, product, power …). */
    record RuleStep(String rule, Expr f, Sym var, Expr result, List<Step> substeps) implements Step {
        public RuleStep { substeps = List.copyOf(substeps); }
    }

    /**
     * The chain rule through an inner expression: f = outer(inner), df/dx = outer'(inner) · d inner/dx.
     * {@code outerDerivative} is outer' evaluated at inner (σ(u)(1−σ(u)) with u = inner).
     */
    record ChainStep(Expr f, Sym var, Expr result, String outerRule, Expr inner, Expr outerDerivative, Step innerStep)
            implements Step {
        public String rule() { return "chain-rule"; }
        public List<Step> substeps() { return List.of(innerStep); }
    }

    /**
     * A piecewise function differentiated case by case: {@code branches.get(i)} is the derivative of
     * case i on its region, and {@code result} recombines them with indicators 𝟏(condition).
     */
    record CasesStep(String rule, Expr f, Sym var, Expr result, List<Expr> conditions, List<Step> branches,
                     Expr casesForm, String convention) implements Step {
        public CasesStep { conditions = List.copyOf(conditions); branches = List.copyOf(branches); }
        public List<Step> substeps() { return branches; }
    }

    /** A derivative the engine keeps symbolic (∂g/∂w for an abstract g) or cannot take; result is that Deriv. */
    record Opaque(String rule, Expr f, Sym var, Expr result, String why) implements Step {
        public List<Step> substeps() { return List.of(); }
    }

    /** The result of a step rewritten into an equal, simpler form (collecting terms, σ(1−σ) …). */
    record Simplified(Step of, Expr result, String how) implements Step {
        public Expr f() { return of.f(); }
        public Sym var() { return of.var(); }
        public String rule() { return "simplify"; }
        public List<Step> substeps() { return List.of(of); }
    }
}
