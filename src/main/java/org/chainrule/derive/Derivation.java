package org.chainrule.derive;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * A finished derivation: what was asked, how it was taken (through the user's named intermediates or
 * flat), the answer in the user's names and fully substituted, and how it was verified.
 *
 * @param target       the function differentiated: the user's name (L) or an expression
 * @param function     its expression as given (the definition of the name, or the expression)
 * @param var          the variable
 * @param paths        chain paths from target to var through named intermediates, each a list of nodes
 *                     starting at the target and ending at var (empty when the derivation is flat)
 * @param chainForm    the chain rule written out: Σ over paths of products of ∂node/∂next, with Σ_m
 *                     where a path goes through a family of indexed intermediates
 * @param locals       the local derivatives on the paths, each derived by rules
 * @param direct       the single derivation when there are no intermediates on the way (or --flat)
 * @param combined     Σ over paths of the product of local derivatives, before simplification
 * @param answer       the simplified answer, written with the user's names where they fit
 * @param answerFlat   the answer with every definition substituted
 * @param inTermsOf    the answer rewritten in terms of the requested names, when asked
 * @param report       numeric verification of every step and of the answer
 * @param oracle       whether Symja's derivative agreed: "agrees", "disagrees", "skipped: …"
 * @param matrix       the matrix-calculus derivation, when the problem has declared vectors or matrices
 *                     (then {@code locals} and {@code direct} are empty and the steps live here)
 */
public record Derivation(Expr target, Expr function, Sym var, Map<Sym, Expr> definitions, List<Expr> assumptions,
                         List<List<Expr>> paths, Optional<Expr> chainForm, List<Local> locals, Optional<Step> direct, Expr combined,
                         Expr answer, Expr answerFlat, Optional<Expr> inTermsOf, Verifier.Report report,
                         String oracle, List<String> conventions, List<String> warnings,
                         Optional<org.chainrule.derive.matrix.MatrixCalculus> matrix) {

    /** ∂node/∂wrt derived by rules, with the node's definition. */
    public record Local(Expr node, Expr definition, Sym wrt, Step step, Verifier.Report report) {}

    public boolean verified() {
        if (!report.verified()) return false;
        for (Local l : locals) if (!l.report().verified()) return false;
        if (matrix.isPresent())
            for (org.chainrule.derive.matrix.MatrixCalculus.Gradient g : matrix.get().gradients()) if (!g.report().verified()) return false;
        if (matrix.isPresent() && matrix.get().components().isPresent()) {
            org.chainrule.derive.matrix.ComponentView v = matrix.get().components().get();
            if (!v.reassembled() || !v.derivation().verified()) return false;
        }
        return !oracle.startsWith("disagrees");
    }

    /** Random points checked in all: the answer's, each local derivative's and each matrix gradient's. */
    public int checkedPoints() {
        int n = report.points();
        for (Local l : locals) n += l.report().points();
        if (matrix.isPresent())
            for (org.chainrule.derive.matrix.MatrixCalculus.Gradient g : matrix.get().gradients()) n += g.report().points();
        return n;
    }

    /** The number of rule steps in the derivation, for summaries. */
    public int stepCount() {
        int n = 0;
        for (Local l : locals) n += count(l.step());
        if (direct.isPresent()) n += count(direct.get());
        if (matrix.isPresent())
            for (org.chainrule.derive.matrix.MatrixCalculus.Gradient g : matrix.get().gradients())
                for (org.chainrule.derive.matrix.MatrixCalculus.Term t : g.terms()) n += t.rules().size();
        return n;
    }

    private static int count(Step s) {
        int n = 1;
        for (Step c : s.substeps()) n += count(c);
        return n;
    }
}
