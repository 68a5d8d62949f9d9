package org.chainrule.derive.core;

import java.util.ArrayList;
import java.util.List;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.BigOp;
import org.chainrule.expr.Expr.Sym;

/**
 * One step of a derivation: {@code d f / d var = result}, justified by a rule and by the steps it
 * needed. The engine builds these trees; the renderer decides how much of a tree to show and in what
 * words, by the step's type. A type that is one rule's own shape (a sum, a product, a chain …)
 * declares that rule's {@link RuleDescriptor} as {@code RULE}; the others carry the descriptor of the
 * rule that made them.
 */
public sealed interface Step {

    Expr f();

    Sym var();

    Expr result();

    /** The rule that produced this step. */
    RuleDescriptor rule();

    /** The derivatives this step needed, in the order the verifier numbers them (1.1, 1.2 …). */
    List<Step> substeps();

    /** The keys of the conventions at kinks this step itself relies on (not its substeps'). */
    default List<String> conventions() {
        return keys(rule().conventions());
    }

    private static List<String> keys(List<Convention> cs) {
        List<String> out = new ArrayList<>();
        for (Convention c : cs) out.add(c.key());
        return out;
    }

    /** f does not depend on the variable: df/dx = 0. */
    record Constant(Expr f, Sym var) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("constant-rule", "constant",
                "\\frac{\\partial c}{\\partial x} = 0");
        public Expr result() { return Expr.num(0); }
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(); }
    }

    /** f is the variable itself: dx/dx = 1. */
    record Variable(Expr f, Sym var) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("variable-rule", "variable",
                "\\frac{\\partial x}{\\partial x} = 1");
        public Expr result() { return Expr.num(1); }
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(); }
    }

    /** (u + v)' = u' + v', one part per term. */
    record Sum(Expr f, Sym var, Expr result, List<Step> parts) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("sum-rule", "sum rule",
                "\\frac{d}{dx}(u + v) = \\frac{du}{dx} + \\frac{dv}{dx}");
        public Sum { parts = List.copyOf(parts); }
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return parts; }
    }

    /** ∂/∂w_j Σ_i u_i = Σ_i ∂u_i/∂w_j; {@code f} is the sum with its index renamed away from the variable. */
    record IndexedSum(BigOp f, Sym var, Expr result, Step body) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("indexed-sum-rule", "differentiate under the sum",
                "\\frac{\\partial}{\\partial w_{j}} \\sum_{i} u_{i} = \\sum_{i} \\frac{\\partial u_{i}}{\\partial w_{j}}");
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(body); }
    }

    /** (c·u)' = c·u' when exactly one factor depends on the variable. */
    record ConstantMultiple(Expr f, Sym var, Expr result, Step inner) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("constant-multiple-rule", "constant multiple",
                "\\frac{d}{dx}(c u) = c \\frac{du}{dx}");
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(inner); }
    }

    /** (uv)' = u'v + uv', one part per varying factor. */
    record Product(Expr f, Sym var, Expr result, List<Step> parts) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("product-rule", "product rule",
                "\\frac{d}{dx}(u v) = \\frac{du}{dx} v + u \\frac{dv}{dx}");
        public Product { parts = List.copyOf(parts); }
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return parts; }
    }

    /** (u/v)' = (u'v − uv')/v², with the derivatives of the numerator and the denominator. */
    record Quotient(Expr f, Sym var, Expr result, Step numerator, Step denominator) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("quotient-rule", "quotient rule",
                "\\frac{d}{dx} \\frac{u}{v} = \\frac{\\frac{du}{dx} v - u \\frac{dv}{dx}}{v^{2}}");
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(numerator, denominator); }
    }

    /**
     * The chain rule through an inner expression: f = outer(inner), df/dx = outer'(inner) · d inner/dx,
     * with {@code outer} the rule for outer'. {@code outerDerivative} is outer' evaluated at inner
     * (σ(u)(1−σ(u)) with u = inner).
     */
    record Chain(RuleDescriptor outer, Expr f, Sym var, Expr result, Expr inner, Expr outerDerivative, Step innerStep)
            implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("chain-rule", "chain rule",
                "\\frac{d}{dx} F(u) = F'(u) \\frac{du}{dx}");
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(innerStep); }
        /** The outer rule's conventions: the chain rule has none of its own. */
        public List<String> conventions() { return keys(outer.conventions()); }
    }

    /**
     * A piecewise function differentiated case by case: {@code branches.get(i)} is the derivative of
     * case i on its region, and {@code result} recombines them with indicators 𝟏(condition). On a
     * boundary the step uses {@code convention}.
     */
    record Cases(Expr f, Sym var, Expr result, List<Expr> conditions, List<Step> branches, Expr casesForm,
                 Convention convention) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("piecewise-rule", "case by case",
                "\\frac{d}{dx} \\begin{cases} u & c \\\\ v & \\text{otherwise} \\end{cases} = \\frac{du}{dx} \\mathbf{1}(c) "
                        + "+ \\frac{dv}{dx} \\mathbf{1}(\\lnot c)",
                List.of(Convention.BOUNDARY_USES_HOLDING_CASE));
        public Cases { conditions = List.copyOf(conditions); branches = List.copyOf(branches); }
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return branches; }
        public List<String> conventions() { return List.of(convention.key()); }
    }

    /** max or min (by {@code rule}) written as cases, then differentiated case by case in {@code cases}. */
    record MaxMin(RuleDescriptor rule, Expr f, Sym var, Expr result, Step cases) implements Step {
        public List<Step> substeps() { return List.of(cases); }
    }

    /**
     * A primed built-in written out by its rule's identity (\tanh'(u) = 1 − tanh(u)², by tanh-rule),
     * then differentiated in {@code of}.
     */
    record WrittenOut(RuleDescriptor rule, Expr f, Sym var, Expr result, Step of) implements Step {
        public List<Step> substeps() { return List.of(of); }
    }

    /** A derivative the engine keeps symbolic (∂g/∂w for an abstract g) or cannot take; result is that Deriv. */
    record Opaque(RuleDescriptor rule, Expr f, Sym var, Expr result, String why) implements Step {
        public List<Step> substeps() { return List.of(); }
    }

    /**
     * The result of a step rewritten into an equal, simpler form (collecting terms, σ(1−σ) …);
     * {@code how} names the rewrite in the step's check ("simplify", "kronecker-delta" …).
     */
    record Simplified(Step of, Expr result, String how) implements Step {
        public static final RuleDescriptor RULE = new RuleDescriptor("simplify", "simplify",
                "u \\longrightarrow v \\quad (v = u)");
        public Expr f() { return of.f(); }
        public Sym var() { return of.var(); }
        public RuleDescriptor rule() { return RULE; }
        public List<Step> substeps() { return List.of(of); }
    }

    /** Any other rule applied to f, with the derivatives of f's parts as substeps (a leaf, or a general power). */
    record Applied(RuleDescriptor rule, Expr f, Sym var, Expr result, List<Step> substeps) implements Step {
        public Applied { substeps = List.copyOf(substeps); }
    }
}
