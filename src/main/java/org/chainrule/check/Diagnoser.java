package org.chainrule.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.chainrule.simplify.Conditions;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.Mat;

/**
 * Looks for a small change to a wrong claim that makes it right at every sample point, trying the
 * changes from the most specific to the least: the whole claim negated, a condition inverted (an
 * indicator's condition negated, two cases' values or two indicators' conditions exchanged), a
 * transpose toggled, two symbols swapped, one term's sign flipped, one number changed, a term too many,
 * a term missing, a constant factor. A change counts only when it agrees with the right value at all
 * points where the claim was compared. The search is bounded: at most {@link #MAX_EVALS} evaluations.
 */
final class Diagnoser {

    /** Evaluations of candidate corrections allowed for one claim. */
    static final int MAX_EVALS = 400;
    /** Symbols considered for a renaming. */
    static final int MAX_NAMES = 8;

    /** A candidate as written turned into what the evaluators take (derivatives taken, names inlined), or empty. */
    interface Flattener extends Function<Expr, Optional<Expr>> {}

    private final Points points;
    private final int bad;
    private final Expr claim;
    private final Flattener flatten;
    private final List<Expr> rightTerms;
    private final Set<Sym> otherNames;
    private final boolean matrix;
    private int evals;

    /**
     * @param claim      the claim as written (derivatives unevaluated, names as the student used them)
     * @param rightTerms the additive terms of the right answer in the user's names (for a missing term)
     * @param otherNames symbols of the left side a renaming may turn a symbol of the claim into
     */
    Diagnoser(Points points, Expr claim, Flattener flatten, List<Expr> rightTerms, Set<Sym> otherNames, boolean matrix) {
        this.points = points;
        this.bad = Math.max(0, points.firstMismatch());
        this.claim = claim;
        this.flatten = flatten;
        this.rightTerms = rightTerms;
        this.otherNames = otherNames;
        this.matrix = matrix;
    }

    /** At most this many diagnoses per line: the most specific first. */
    static final int MAX_DIAGNOSES = 3;

    /**
     * Every diagnosis that holds at every point, most specific first (at most {@link #MAX_DIAGNOSES}). A
     * factor and a coefficient may say the same thing two ways (3x for 2x: a factor 3/2, the 3 should be
     * 2); both are kept, the factor first, as a TA might say either.
     */
    List<Diagnosis> find() {
        List<Diagnosis> out = new ArrayList<>();
        List<Supplier<Optional<Diagnosis>>> tries = new ArrayList<>();
        tries.add(this::signFlipped);
        tries.add(this::conditionInverted);
        if (matrix) tries.add(this::missingTranspose);
        tries.add(this::constantFactor);
        tries.add(this::termSign);
        tries.add(this::renaming);
        tries.add(this::wrongCoefficient);
        tries.add(this::extraTerm);
        tries.add(this::missingTerm);
        for (var t : tries) {
            if (out.size() >= MAX_DIAGNOSES) break;
            Optional<Diagnosis> d = t.get();
            if (d.isEmpty()) continue;
            out.add(d.get());
            if (d.get() instanceof Diagnosis.SignFlipped) break; // nothing more specific to say
        }
        return out;
    }

    // ------------------------------------------------------------------ from the values alone

    private boolean claimValued() {
        for (Points.Sample s : points.samples) if (s.claim() == null) return false;
        return true;
    }

    private Optional<Diagnosis> signFlipped() {
        if (!claimValued()) return Optional.empty();
        for (Points.Sample s : points.samples) if (!points.close(s.claim(), s.truth().scale(-1))) return Optional.empty();
        return Optional.of(new Diagnosis.SignFlipped());
    }

    private Optional<Diagnosis> constantFactor() {
        if (!claimValued()) return Optional.empty();
        double best = 0, ratio = Double.NaN;
        for (Points.Sample s : points.samples) {
            if (!s.claim().sameShape(s.truth())) return Optional.empty();
            double[] t = s.truth().data(), c = s.claim().data();
            for (int i = 0; i < t.length; i++)
                if (Math.abs(t[i]) > best) {
                    best = Math.abs(t[i]);
                    ratio = c[i] / t[i];
                }
        }
        if (best < 1e-6) return Optional.empty();
        Optional<Rational> r = Rewrites.simpleRational(ratio);
        if (r.isEmpty() || r.get().isZero() || r.get().abs().isOne()) return Optional.empty();
        double k = r.get().doubleValue();
        for (Points.Sample s : points.samples) if (!points.close(s.claim(), s.truth().scale(k))) return Optional.empty();
        return Optional.of(new Diagnosis.ConstantFactor(r.get()));
    }

    // ------------------------------------------------------------------ rewrites of the claim

    /** True when the candidate (as written) equals the right value at every point; the mismatching point first. */
    private boolean fixes(Expr candidate) {
        if (evals >= MAX_EVALS || candidate.equals(claim)) return false;
        Optional<Expr> flat = flatten.apply(candidate);
        if (flat.isEmpty()) return false;
        List<Points.Sample> order = new ArrayList<>(points.samples);
        order.addFirst(order.remove(bad));
        for (Points.Sample s : order) {
            if (evals++ >= MAX_EVALS) return false;
            Optional<Mat> v = Points.value(s, flat.get());
            if (v.isEmpty() || !points.close(v.get(), s.truth())) return false;
        }
        return true;
    }

    private Optional<Diagnosis> conditionInverted() {
        List<Expr> sites = Rewrites.sites(claim);
        for (int k = 0; k < sites.size(); k++) {
            Expr site = sites.get(k);
            if (site instanceof Indicator ind) {
                Optional<Expr> neg = Conditions.negate(ind.condition());
                if (neg.isPresent() && fixes(Rewrites.rewriteAt(claim, k, x -> new Indicator(neg.get()))))
                    return Optional.of(new Diagnosis.ConditionInverted(ind.condition(), neg.get()));
            }
            if (site instanceof Piecewise pw) {
                // two branches: swapping their values is inverting the condition
                List<Expr> values = new ArrayList<>();
                for (Case c : pw.cases()) values.add(c.value());
                pw.otherwise().ifPresent(values::add);
                for (int a = 0; a < values.size(); a++)
                    for (int b = a + 1; b < values.size() && b < a + 4; b++) {
                        List<Expr> swapped = new ArrayList<>(values);
                        swapped.set(a, values.get(b));
                        swapped.set(b, values.get(a));
                        List<Case> cases = new ArrayList<>();
                        for (int c = 0; c < pw.cases().size(); c++) cases.add(new Case(swapped.get(c), pw.cases().get(c).condition()));
                        Optional<Expr> otherwise = pw.otherwise().isPresent() ? Optional.of(swapped.getLast()) : Optional.empty();
                        Piecewise fixed = new Piecewise(cases, otherwise);
                        if (!fixes(Rewrites.rewriteAt(claim, k, x -> fixed))) continue;
                        Expr written = pw.cases().get(a).condition();
                        Expr right = b < pw.cases().size() ? pw.cases().get(b).condition()
                                : Conditions.negate(written).orElse(written);
                        return Optional.of(new Diagnosis.ConditionInverted(written, right));
                    }
            }
        }
        // two indicators' conditions exchanged (the cases of a piecewise derivative written as a sum)
        List<Indicator> indicators = new ArrayList<>();
        for (Expr site : sites) if (site instanceof Indicator ind && !indicators.contains(ind) && indicators.size() < 6) indicators.add(ind);
        Sym hold = new Sym("\\hold", List.of("rm"), List.of(), SupIndex.NONE);
        for (int a = 0; a < indicators.size(); a++)
            for (int b = a + 1; b < indicators.size(); b++) {
                Indicator x = indicators.get(a), y = indicators.get(b);
                Expr swapped = Exprs.substitute(Exprs.substitute(Exprs.substitute(claim, x, hold), y, x), hold, y);
                if (fixes(swapped)) return Optional.of(new Diagnosis.ConditionInverted(x.condition(), y.condition()));
            }
        return Optional.empty();
    }

    private Optional<Diagnosis> missingTranspose() {
        List<Expr> sites = Rewrites.sites(claim);
        for (int k = 1; k < sites.size(); k++) {
            Expr site = sites.get(k);
            if (!(site instanceof Sym || site instanceof Transpose || site instanceof Add)) continue;
            if (fixes(Rewrites.rewriteAt(claim, k, Rewrites::toggleTranspose))) return Optional.of(new Diagnosis.MissingTranspose(site));
        }
        if (fixes(Rewrites.toggleTranspose(claim))) return Optional.of(new Diagnosis.MissingTranspose(claim));
        return Optional.empty();
    }

    private Optional<Diagnosis> renaming() {
        Set<Sym> bound = new LinkedHashSet<>();
        boundIndices(claim, bound);
        List<Sym> mine = names(Exprs.symbols(claim), bound);
        List<Sym> others = names(otherNames, bound);
        others.removeAll(mine);
        for (int a = 0; a < mine.size(); a++)
            for (int b = a + 1; b < mine.size(); b++) {
                Sym x = mine.get(a), y = mine.get(b);
                if (related(x, y) || plain(x) != plain(y)) continue;
                if (fixes(Rewrites.swap(claim, x, y))) return Optional.of(new Diagnosis.Renaming(x, y));
            }
        for (Sym x : mine)
            for (Sym y : others) {
                if (related(x, y) || plain(x) != plain(y)) continue;
                if (fixes(Exprs.substitute(claim, x, y))) return Optional.of(new Diagnosis.Renaming(x, y));
            }
        return Optional.empty();
    }

    /** Plain names first (i, j, x), then indexed ones (s_i), at most {@link #MAX_NAMES}, without bound indices. */
    private static List<Sym> names(Set<Sym> all, Set<Sym> bound) {
        List<Sym> out = new ArrayList<>();
        for (Sym s : all) if (plain(s) && !bound.contains(s)) out.add(s);
        for (Sym s : all) if (!plain(s) && !bound.contains(s)) out.add(s);
        return out.size() > MAX_NAMES ? new ArrayList<>(out.subList(0, MAX_NAMES)) : out;
    }

    private static boolean plain(Sym s) {
        return s.sub().isEmpty() && s.sup().items().isEmpty();
    }

    /** One symbol inside the other's indices (s_i and i): swapping them means nothing. */
    private static boolean related(Sym a, Sym b) {
        return Exprs.symbols(a).contains(b) || Exprs.symbols(b).contains(a);
    }

    private static void boundIndices(Expr e, Set<Sym> out) {
        if (e instanceof BigOp b) out.add(b.index());
        for (Expr c : Exprs.children(e)) boundIndices(c, out);
    }

    private Optional<Diagnosis> termSign() {
        List<Expr> sites = Rewrites.sites(claim);
        for (int[] kt : Rewrites.termSites(claim)) {
            Add sum = (Add) sites.get(kt[0]);
            if (fixes(Rewrites.rewriteAt(claim, kt[0], x -> Rewrites.negateTerm((Add) x, kt[1]))))
                return Optional.of(new Diagnosis.TermSign(sum.terms().get(kt[1])));
        }
        return Optional.empty();
    }

    /**
     * One number literal changed: the claim is affine in a coefficient, so its value with the literal
     * c and c + 1 at the mismatching point gives the value that would be right there; that value must
     * be a simple rational, and the claim with it must be right everywhere.
     */
    private Optional<Diagnosis> wrongCoefficient() {
        if (!claimValued()) return Optional.empty();
        Points.Sample at = points.samples.get(bad);
        List<Expr> sites = Rewrites.sites(claim);
        for (int k = 0; k < sites.size(); k++) {
            if (!(sites.get(k) instanceof Num n) || evals >= MAX_EVALS) continue;
            Rational c = n.value();
            Optional<Expr> shifted = flatten.apply(Rewrites.rewriteAt(claim, k, x -> new Num(c.add(Rational.ONE), false)));
            if (shifted.isEmpty()) continue;
            evals++;
            Optional<Mat> v1 = Points.value(at, shifted.get());
            if (v1.isEmpty() || !v1.get().sameShape(at.claim()) || !at.claim().sameShape(at.truth())) continue;
            double[] c0 = at.claim().data(), c1 = v1.get().data(), t = at.truth().data();
            int idx = 0;
            for (int i = 1; i < t.length; i++) if (Math.abs(c1[i] - c0[i]) > Math.abs(c1[idx] - c0[idx])) idx = i;
            double slope = c1[idx] - c0[idx];
            if (Math.abs(slope) < 1e-9 * (1 + Math.abs(c0[idx]))) continue;
            Optional<Rational> right = Rewrites.simpleRational(c.doubleValue() + (t[idx] - c0[idx]) / slope);
            if (right.isEmpty() || right.get().equals(c)) continue;
            Num fixed = new Num(right.get(), n.decimal());
            if (!fixes(Rewrites.rewriteAt(claim, k, x -> fixed))) continue;
            // −3 in a − 3b is the 3 the student wrote after a minus sign: report 3 → 2, not −3 → −2
            if (c.signum() < 0 && right.get().signum() < 0)
                return Optional.of(new Diagnosis.WrongCoefficient(new Num(c.negate(), n.decimal()), new Num(right.get().negate(), n.decimal())));
            return Optional.of(new Diagnosis.WrongCoefficient(n, fixed));
        }
        return Optional.empty();
    }

    private Optional<Diagnosis> extraTerm() {
        if (!(claim instanceof Add sum)) return Optional.empty();
        for (int t = 0; t < sum.terms().size(); t++)
            if (fixes(Rewrites.dropTerm(sum, t))) return Optional.of(new Diagnosis.ExtraTerm(sum.terms().get(t)));
        return Optional.empty();
    }

    private Optional<Diagnosis> missingTerm() {
        if (rightTerms.size() < 2) return Optional.empty();
        for (Expr t : rightTerms)
            if (fixes(Expr.add(claim, t))) return Optional.of(new Diagnosis.MissingTerm(t));
        return Optional.empty();
    }
}
