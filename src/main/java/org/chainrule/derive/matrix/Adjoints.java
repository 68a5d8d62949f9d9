package org.chainrule.derive.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.matrix.MatrixCalculus.RuleUse;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes.Shape;

/**
 * Reverse-mode differentiation of one definition by one symbol: {@link #vjp} pushes G = ∂f/∂e back
 * through e's tree by the rules of {@link MatrixRules}, recording which rules it used.
 */
final class Adjoints {

    private final MatrixAlgebra algebra;
    private final Map<Sym, Shape> shapes;
    private final Differentiator scalar = new Differentiator();
    private final Set<Sym> avoid;
    private final List<RuleUse> log = new ArrayList<>();
    private int depth;

    Adjoints(MatrixAlgebra algebra, Map<Sym, Shape> shapes, Set<Sym> avoid) {
        this.algebra = algebra;
        this.shapes = shapes;
        this.avoid = avoid;
    }

    MatrixAlgebra algebra() { return algebra; }

    /** The rules used since the last call, and a fresh log. */
    List<RuleUse> drainLog() {
        List<RuleUse> out = List.copyOf(log);
        log.clear();
        return out;
    }

    /** An identity used on e. */
    void log(RuleDescriptor rule, Expr e, Sym c) {
        log.add(new RuleUse.Identity(rule, e, c));
    }

    /** Bookkeeping used on e (a sum split, a constant factor, a transpose). */
    void logStructural(RuleDescriptor rule, Expr e, Sym c) {
        log.add(new RuleUse.Structural(rule, e, c));
    }

    void logStep(Step s) {
        log.add(new RuleUse.Scalar(s));
    }

    /** (∂e/∂c)G: G (the shape of e) pushed back to c (the result has c's shape). */
    Expr vjp(Expr e, Sym c, Expr g) {
        if (!dependsOn(e, c)) return Expr.num(0);
        if (++depth > 200) throw new DeriveException("expression too deeply nested to differentiate");
        try {
            for (MatrixRules.Rule r : MatrixRules.ALL) {
                Expr out = r.apply(e, c, g, this);
                if (out != null) return algebra.simplify(out);
            }
        } finally {
            depth--;
        }
        throw new DeriveException("chainrule has no matrix-calculus rule for " + LatexPrinter.print(e)
                + " with respect to " + LatexPrinter.print(c) + " (" + algebra.shape(c) + ")");
    }

    boolean dependsOn(Expr e, Sym c) {
        for (Sym s : Exprs.valueSymbols(e)) if (s.equals(c)) return true;
        return Dependence.dependsOn(e, c) && algebra.isScalar(c);
    }

    /** True when every value in e is a scalar (no declared vector or matrix symbol). */
    boolean allScalar(Expr e) {
        for (Sym s : Exprs.valueSymbols(e)) {
            Shape sh = shapes.get(s);
            if (sh != null && !sh.isScalar()) return false;
        }
        return !(e instanceof Deriv);
    }

    boolean isColumn(Expr c) {
        Shape s = algebra.shape(c);
        return !s.isScalar() && Exprs.isNum(s.cols(), 1);
    }

    Step scalarStep(Expr e, Sym c) {
        return scalar.diff(e, c);
    }

    /** ⟨G, M⟩ = Σ G_ij M_ij for equal shapes: GᵀM for column vectors, MGᵀ for rows, tr(GᵀM) otherwise. */
    Expr inner(Expr g, Expr m) {
        Shape s = algebra.shape(m);
        if (s.isScalar()) return algebra.product(List.of(g, m));
        if (Exprs.isNum(s.cols(), 1)) return algebra.product(List.of(algebra.transpose(g), m));
        if (Exprs.isNum(s.rows(), 1)) return algebra.product(List.of(m, algebra.transpose(g)));
        return new Apply(new Abstract(MatrixEngine.TRACE), List.of(algebra.product(List.of(algebra.transpose(g), m))));
    }

    private int fresh;

    Sym freshScalar() {
        while (true) {
            Sym t = new Sym("t", List.of(), List.of(Expr.num(++fresh)), SupIndex.NONE);
            if (!avoid.contains(t)) return t;
        }
    }
}
