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

    /**
     * Every claim the derivation makes, with its check: the steps and the answer, each local
     * derivative's steps (paths prefixed "(k) "), each matrix gradient, and the component view's.
     */
    public List<Verifier.Entry> checks() {
        List<Verifier.Entry> out = new java.util.ArrayList<>(report.entries());
        int k = 1;
        for (Local l : locals) {
            String at = "(" + k++ + ") ";
            for (Verifier.Entry e : l.report().entries()) out.add(new Verifier.Entry(at + e.path(), e.rule(), e.check()));
        }
        if (matrix.isPresent()) {
            for (org.chainrule.derive.matrix.MatrixCalculus.Gradient g : matrix.get().gradients()) out.addAll(g.report().entries());
            if (matrix.get().components().isPresent())
                for (Verifier.Entry e : matrix.get().components().get().derivation().checks())
                    out.add(new Verifier.Entry("components " + e.path(), e.rule(), e.check()));
        }
        return out;
    }

    /**
     * True only when every claim was checked and agreed (none unchecked, none failed), the component
     * view (if any) reassembles the answer, and the independent symbolic check does not disagree.
     */
    public boolean verified() {
        List<Verifier.Entry> all = checks();
        if (all.isEmpty() || !all.stream().allMatch(e -> e.check() instanceof Check.Checked)) return false;
        if (matrix.isPresent() && matrix.get().components().isPresent() && !matrix.get().components().get().reassembled()) return false;
        return !oracle.startsWith("disagrees");
    }

    /** The claims that were not checked or failed, for "verified NO" messages. */
    public List<Verifier.Entry> problems() {
        return checks().stream().filter(e -> !(e.check() instanceof Check.Checked)).toList();
    }

    /** Random points checked in all, over every claim. */
    public int checkedPoints() {
        int n = 0;
        for (Verifier.Entry e : checks()) if (e.check() instanceof Check.Checked c) n += c.points();
        return n;
    }

    /** Points drawn for checked claims but refused because double precision lost too many digits there. */
    public int refusedPoints() {
        int n = 0;
        for (Verifier.Entry e : checks()) if (e.check() instanceof Check.Checked c) n += c.refused();
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
