package org.chainrule.derive.rules;

import java.util.List;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.Step;
import org.chainrule.expr.Budget;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Exprs;
import org.chainrule.simplify.Simplifier;

/**
 * Differentiates an expression by rules and returns the tree of steps. The rules for f's shape are
 * tried in order; the first that applies wins. A shape no rule handles is an error naming it, never
 * a guess.
 */
public final class Differentiator {

    private final List<DiffRule> rules;
    private int depth;

    public Differentiator() {
        this(Rules.ALL);
    }

    public Differentiator(List<DiffRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Step diff(Expr f, Sym x) {
        if (++depth > 400) throw new DeriveException("expression too deeply nested to differentiate");
        try {
            Budget.check();
            if (!Dependence.dependsOn(f, x))
                return new Step.Constant(f, x);
            for (DiffRule r : rules) {
                Step s = r.apply(f, x, this);
                if (s != null) return showKnown(s);
            }
            throw new DeriveException("chainrule has no rule to differentiate " + describe(f));
        } finally {
            depth--;
        }
    }

    /** The everyday simplification applied to every rule's result (δ_{12} is left to {@link #showKnown}). */
    public Expr tidy(Expr e) {
        return Simplifier.simplifyKeepingNumberedDeltas(e);
    }

    /**
     * A rule's result with a known value in it gets a step of its own that shows the value: a
     * numbered Kronecker delta (δ_{12} = 0, δ_{11} = 1) or a primed built-in written out by its
     * identity (tanh''(x) = −2 tanh(x)(1 − tanh(x)²)).
     */
    private Step showKnown(Step s) {
        boolean deltas = hasNumberedDelta(s.result());
        Expr expanded = BuiltinPrimes.expand(s.result(), this);
        if (!deltas && (expanded == s.result() || expanded.equals(s.result()))) return s;
        return new Step.Simplified(s, Simplifier.simplify(expanded),
                deltas ? VariableRule.KRONECKER_DELTA.name() : "derivative of a built-in");
    }

    private static boolean hasNumberedDelta(Expr e) {
        if (e instanceof Expr.Kronecker k && Simplifier.isNumbered(k)) return true;
        for (Expr c : Exprs.children(e)) if (hasNumberedDelta(c)) return true;
        return false;
    }

    private static String describe(Expr f) {
        return switch (f) {
            case Expr.Matrix m -> "a matrix literal (declare vectors and matrices, x \\in \\mathbb{R}^{n}, and differentiate by the declared symbol)";
            case Expr.Transpose t -> "a transpose (declare the vector or matrix, x \\in \\mathbb{R}^{n}, for matrix calculus)";
            case Expr.Norm n -> "a norm (declare the vector or matrix, x \\in \\mathbb{R}^{n}, for matrix calculus)";
            case Expr.Rel r -> "a relation (differentiate an expression, not an equation)";
            case Expr.Dots d -> "elided terms (\\dots); write the sum with \\sum";
            case Expr.Limit l -> "a limit";
            case Expr.Space s -> "a space";
            default -> "this " + f.getClass().getSimpleName() + " expression";
        };
    }
}
