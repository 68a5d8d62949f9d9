package org.chainrule.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.cas.CasVerdict;
import org.chainrule.derive.core.Check;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.derive.matrix.MatrixCalculus;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * A finished derivation: what was asked, how it was taken, the answer in the user's names and fully
 * substituted, and how it was verified. It was taken one of three ways, each a record: through the
 * user's named intermediates ({@link Chain}), in one derivation ({@link Direct}: no intermediate on the
 * way, or --flat), or by matrix calculus ({@link Matrix}: declared vectors or matrices).
 *
 * <p>The shared parts: {@code target} the function differentiated (the user's name L, or an
 * expression); {@code function} its expression as given; {@code var} the variable; {@code definitions}
 * and {@code assumptions} the givens; {@code answer} the simplified answer in the user's names;
 * {@code answerFlat} with every definition substituted; {@code report} the numeric verification of the
 * steps and the answer; {@code oracle} the independent symbolic check (Symja); {@code conventions} the
 * keys of conventions used at kinks; {@code warnings} notes about the input.
 */
public sealed interface Derivation {
    Expr target();

    Expr function();

    Sym var();

    Map<Sym, Expr> definitions();

    List<Expr> assumptions();

    Expr answer();

    Expr answerFlat();

    /** The answer rewritten in terms of the requested names, when asked (never for matrices). */
    Optional<Expr> inTermsOf();

    Verifier.Report report();

    CasVerdict oracle();

    List<String> conventions();

    List<String> warnings();

    /**
     * Through named intermediates.
     *
     * @param paths     chain paths from target to var, each a list of nodes from the target to var
     * @param chainForm the chain rule written out: Σ over paths of products of ∂node/∂next, with Σ_m
     *                  where a path goes through a family of indexed intermediates
     * @param locals    the local derivatives on the paths, each derived by rules
     * @param combined  Σ over paths of the product of local derivatives, before simplification
     */
    record Chain(Expr target, Expr function, Sym var, Map<Sym, Expr> definitions, List<Expr> assumptions,
                 List<List<Expr>> paths, Expr chainForm, List<Local> locals, Expr combined,
                 Expr answer, Expr answerFlat, Optional<Expr> inTermsOf, Verifier.Report report,
                 CasVerdict oracle, List<String> conventions, List<String> warnings) implements Derivation {}

    /** One derivation by rules, {@code step}, when no intermediate is on the way (or --flat). */
    record Direct(Expr target, Expr function, Sym var, Map<Sym, Expr> definitions, List<Expr> assumptions,
                  Step step, Expr answer, Expr answerFlat, Optional<Expr> inTermsOf, Verifier.Report report,
                  CasVerdict oracle, List<String> conventions, List<String> warnings) implements Derivation {}

    /**
     * Matrix calculus in denominator layout; the steps live in {@code calculus}. {@code components} is the
     * derivation by components, reassembled, when asked for.
     */
    record Matrix(Expr target, Expr function, Sym var, Map<Sym, Expr> definitions, List<Expr> assumptions,
                  MatrixCalculus calculus, Optional<ComponentView> components, Expr answer, Expr answerFlat, Verifier.Report report,
                  CasVerdict oracle, List<String> conventions, List<String> warnings) implements Derivation {
        @Override
        public Optional<Expr> inTermsOf() {
            return Optional.empty();
        }
    }

    /** ∂node/∂wrt derived by rules, with the node's definition. */
    record Local(Expr node, Expr definition, Sym wrt, Step step, Verifier.Report report) {}

    /**
     * Every claim the derivation makes, with its check: the steps and the answer, each local
     * derivative's steps (paths prefixed "(k) "), each matrix gradient, and the component view's.
     */
    default List<Verifier.Entry> checks() {
        List<Verifier.Entry> out = new ArrayList<>(report().entries());
        switch (this) {
            case Chain c -> {
                int k = 1;
                for (Local l : c.locals()) {
                    String at = "(" + k++ + ") ";
                    for (Verifier.Entry e : l.report().entries()) out.add(new Verifier.Entry(at + e.path(), e.rule(), e.check()));
                }
            }
            case Direct d -> { }
            case Matrix m -> {
                for (MatrixCalculus.Gradient g : m.calculus().gradients()) out.addAll(g.report().entries());
                m.components().ifPresent(v -> {
                    for (Verifier.Entry e : v.derivation().checks())
                        out.add(new Verifier.Entry("components " + e.path(), e.rule(), e.check()));
                });
            }
        }
        return out;
    }

    /**
     * True only when every claim was checked and agreed (none unchecked, none failed), the component
     * view (if any) reassembles the answer, and the independent symbolic check does not disagree.
     */
    default boolean verified() {
        List<Verifier.Entry> all = checks();
        if (all.isEmpty() || !all.stream().allMatch(e -> e.check() instanceof Check.Checked)) return false;
        if (this instanceof Matrix m && m.components().isPresent() && !m.components().get().reassembled())
            return false;
        return !oracle().disagrees();
    }

    /** The claims that were not checked or failed, for "verified NO" messages. */
    default List<Verifier.Entry> problems() {
        return checks().stream().filter(e -> !(e.check() instanceof Check.Checked)).toList();
    }

    /** Random points checked in all, over every claim. */
    default int checkedPoints() {
        int n = 0;
        for (Verifier.Entry e : checks()) if (e.check() instanceof Check.Checked c) n += c.points();
        return n;
    }

    /** Points drawn for checked claims but refused because double precision lost too many digits there. */
    default int refusedPoints() {
        int n = 0;
        for (Verifier.Entry e : checks()) if (e.check() instanceof Check.Checked c) n += c.refused();
        return n;
    }

    /** The number of rule steps in the derivation, for summaries. */
    default int stepCount() {
        return switch (this) {
            case Chain c -> c.locals().stream().mapToInt(l -> count(l.step())).sum();
            case Direct d -> count(d.step());
            case Matrix m -> m.calculus().gradients().stream()
                    .mapToInt(g -> g.terms().stream().mapToInt(t -> t.rules().size()).sum()).sum();
        };
    }

    private static int count(Step s) {
        int n = 1;
        for (Step c : s.substeps()) n += count(c);
        return n;
    }
}
