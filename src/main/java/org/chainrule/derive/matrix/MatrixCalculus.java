package org.chainrule.derive.matrix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Shapes.Shape;

/**
 * A derivation by matrix calculus in denominator layout: the shapes, the names chainrule introduced
 * (u = Xw − y, as a TA writes), and the gradient of the target by every intermediate on the way to
 * the variable, each from its parents by the vector chain rule. No English or LaTeX lives here.
 *
 * @param target     the scalar differentiated, as a name (L, or f when the input was an expression)
 * @param shapes     the shape of every symbol (declared, defined, introduced)
 * @param introduced the names chainrule introduced, in order, with their definitions
 * @param expanded   the target's expression multiplied out, when that was done (xᵀ(Ax + z) = xᵀAx + xᵀz)
 * @param gradients  ∂target/∂node for each node from the target down, the variable last
 * @param sizes      the concrete sizes given to symbolic dimensions in the numeric checks
 */
public record MatrixCalculus(Sym target, Map<Sym, Shape> shapes, Map<Sym, Expr> introduced, Optional<Expr> expanded,
                             List<Gradient> gradients, Map<Sym, Integer> sizes) {

    public MatrixCalculus {
        shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
        introduced = Collections.unmodifiableMap(new LinkedHashMap<>(introduced));
        gradients = List.copyOf(gradients);
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    }

    /**
     * ∂target/∂node: the sum over the parents p of node of (∂p/∂node)(∂target/∂p), each a {@link Term};
     * {@code value} is that sum with the parents' gradients substituted and simplified.
     */
    public record Gradient(Sym node, Shape shape, List<Term> terms, Expr value, Verifier.Report report) {
        public Gradient { terms = List.copyOf(terms); }
    }

    /**
     * One parent's contribution: {@code definition} is the parent's expression, {@code adjoint} the
     * placeholder ∂target/∂parent (1 for the target itself), {@code jacobian} ∂parent/∂node when it can
     * be written as a matrix (Aᵀ, diag(σ'(z)), a gradient), and {@code result} the contribution itself,
     * written with the placeholder. {@code rules} are the rules used, outermost first.
     */
    public record Term(Expr parent, Expr definition, Expr adjoint, Optional<Expr> jacobian, Expr result,
                       List<RuleUse> rules) {
        public Term { rules = List.copyOf(rules); }
    }

    /** A rule used on a sub-expression {@code expr}, differentiated by {@code wrt}. */
    public sealed interface RuleUse {
        RuleDescriptor rule();

        Expr expr();

        Sym wrt();

        /** Bookkeeping a TA does not quote beside a term: a sum split, a constant factor, a transpose. */
        record Structural(RuleDescriptor rule, Expr expr, Sym wrt) implements RuleUse {}

        /** An identity of matrix calculus (∂(aᵀx)/∂x = a, the matrix product rule …). */
        record Identity(RuleDescriptor rule, Expr expr, Sym wrt) implements RuleUse {}

        /** A scalar by a scalar: the scalar engine's steps. */
        record Scalar(Step step) implements RuleUse {
            public RuleDescriptor rule() { return step.rule(); }
            public Expr expr() { return step.f(); }
            public Sym wrt() { return step.var(); }
        }
    }
}
