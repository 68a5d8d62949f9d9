package org.chainrule.derive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.simplify.Simplifier;

/**
 * The derivation engine: from a function, a variable and the user's givens, the derivation a careful
 * TA writes. With named intermediates it follows them (dl/dw = dl/dp · dp/da · da/dw, summing over
 * every path), derives each local derivative by rules, combines, simplifies and writes the answer with
 * the user's names. Every step and the answer are checked numerically.
 */
public final class Engine {

    /** What to derive. {@code inTermsOf}: names the answer should be written with (seed 004's "as a function of p"). */
    public record Problem(Expr expr, Sym var, List<Expr> given, boolean flat, List<Sym> inTermsOf, long seed) {
        public Problem {
            given = List.copyOf(given);
            inTermsOf = List.copyOf(inTermsOf);
        }
        public Problem(Expr expr, Sym var, List<Expr> given) {
            this(expr, var, given, false, List.of(), 20261122L);
        }
    }

    /** An optional independent check of the final answer (Symja); returns "agrees", "disagrees: …" or "skipped: …". */
    public interface Oracle {
        String check(Expr f, Sym x, Expr answer, List<Expr> assumptions);
    }

    private final Oracle oracle;

    public Engine() {
        this((f, x, a, as) -> "skipped: no oracle");
    }

    public Engine(Oracle oracle) {
        this.oracle = oracle;
    }

    public Derivation derive(Problem p) {
        List<Expr> given = new ArrayList<>(p.given());
        Expr expr = p.expr();
        Sym x = p.var();
        // "L = …" as the expression: differentiate L with that definition.
        if (expr instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                && r.operands().get(0) instanceof Sym) {
            given.add(r);
            expr = r.operands().get(0);
        }
        // \frac{\partial L}{\partial w_i} as the expression: the question itself.
        if (expr instanceof Deriv d && d.wrt().size() == 1 && d.wrt().get(0) instanceof Sym v && v.equals(x)) expr = d.f();
        if (expr instanceof Rel || expr instanceof Space)
            throw new DeriveException("differentiate an expression or a defined name, not a relation");
        Definitions defs = Definitions.of(given);
        if (defs.isDefined(x)) throw new DeriveException("the variable " + "is defined by a given; differentiate by an input, not an intermediate");

        Expr function = expr instanceof Sym s && defs.isDefined(s) ? defs.definition(s) : expr;
        Expr flat = defs.inline(function);
        Differentiator d = new Differentiator();
        List<String> warnings = new ArrayList<>();

        Graph g = new Graph(defs, x);
        List<List<Expr>> paths = p.flat() ? List.of() : g.paths(expr);
        boolean chain = !paths.isEmpty() && paths.stream().anyMatch(path -> path.size() > 2);

        List<Derivation.Local> locals = new ArrayList<>();
        Optional<Step> direct = Optional.empty();
        Expr combined;
        if (chain) {
            Map<List<Expr>, Step> memo = new LinkedHashMap<>();
            List<Expr> sum = new ArrayList<>();
            for (List<Expr> path : paths) {
                List<Expr> product = new ArrayList<>();
                for (int k = 0; k + 1 < path.size(); k++) {
                    Expr node = path.get(k);
                    Sym wrt = (Sym) path.get(k + 1);
                    List<Expr> key = List.of(node, wrt);
                    Step s = memo.get(key);
                    if (s == null) {
                        Expr def = node.equals(expr) ? function : defs.definition((Sym) node);
                        s = d.diff(defs.inlineInstances(def), wrt);
                        Verifier.Report rep = Verifier.verify(s, defs.inlineInstances(def), wrt, s.result(), defs.sampling(), p.seed());
                        s = humanizeStep(s, defs, p.seed(), warnings);
                        memo.put(key, s);
                        locals.add(new Derivation.Local(node, def, wrt, s, rep));
                    }
                    product.add(s.result());
                }
                sum.add(Expr.mul(product));
            }
            combined = Expr.add(sum);
        } else {
            // No intermediate leads to x (or --flat): one derivation; names that do not lead to x are constants.
            Expr toDiff = p.flat() ? flat : defs.inlineInstances(function);
            Step s = d.diff(toDiff, x);
            direct = Optional.of(s);
            combined = s.result();
        }

        Expr answer = humanize(defs.applyFacts(combined), defs, !p.flat());
        Expr answerFlat = humanize(defs.applyFacts(defs.inline(answer)), defs, false);
        Optional<Expr> inTermsOf = Optional.empty();
        if (!p.inTermsOf().isEmpty()) {
            Expr t = Simplifier.simplify(defs.backSubstitute(answerFlat, new LinkedHashSet<>(p.inTermsOf())));
            inTermsOf = Optional.of(t);
        }

        List<Expr> assumptions = defs.sampling();
        Verifier.Report report;
        if (direct.isPresent()) {
            report = Verifier.verify(direct.get(), flat, x, answerFlat, assumptions, p.seed());
        } else {
            report = Verifier.verifyAnswer(flat, x, answerFlat, assumptions, p.seed());
        }
        // The answer in the user's names must equal the flat answer (back-substitution is checked too).
        Verifier.Report named = Verifier.verifyEqual(defs.inline(answer), answerFlat, assumptions, p.seed());
        if (!named.verified() && !named.failures().isEmpty()) report = merge(report, named);
        String oracleVerdict = oracle.check(flat, x, answerFlat, assumptions);

        List<String> conventions = new ArrayList<>();
        collectConventions(direct.orElse(null), conventions);
        for (Derivation.Local l : locals) collectConventions(l.step(), conventions);
        return new Derivation(expr, function, x, defs.map(), assumptions, chain ? paths : List.of(), locals, direct,
                combined, answer, answerFlat, inTermsOf, report, oracleVerdict, conventions, warnings);
    }

    private static Verifier.Report merge(Verifier.Report a, Verifier.Report b) {
        List<Verifier.Failure> f = new ArrayList<>(a.failures());
        f.addAll(b.failures());
        List<String> n = new ArrayList<>(a.notes());
        n.addAll(b.notes());
        return new Verifier.Report(false, a.checks() + b.checks(), a.points() + b.points(), f, n);
    }

    /**
     * The form a TA writes: the smaller of the simplified and the expanded-then-simplified forms, with
     * the user's names put back and common factors pulled out (s_i(δ_ij − s_j), p(1 − p)).
     */
    static Expr humanize(Expr e, Definitions defs, boolean useNames) {
        Expr best = null;
        // Expansion can expose new sums (a Kronecker delta collapsing inside Σ), so repeat it a few times.
        Expr expanded = e;
        for (int round = 0; round < 4; round++) {
            Expr next = Simplifier.simplify(org.chainrule.simplify.Expand.expand(defs.applyFacts(expanded)));
            if (next.equals(expanded)) break;
            expanded = next;
        }
        for (Expr candidate : List.of(Simplifier.simplify(e), expanded)) {
            Expr c = defs.applyFacts(candidate);
            if (useNames) c = defs.backSubstitute(c, null);
            c = Simplifier.simplify(defs.applyFacts(Simplifier.simplify(c)));
            c = org.chainrule.simplify.Factor.common(c);
            if (best == null || Exprs.size(c) < Exprs.size(best)) best = c;
        }
        return best;
    }

    /** Wraps a local step's result in its human form, after checking numerically that the two are equal. */
    private static Step humanizeStep(Step s, Definitions defs, long seed, List<String> warnings) {
        Expr nice = humanize(s.result(), defs, true);
        if (nice.equals(s.result())) return s;
        Verifier.Report eq = Verifier.verifyEqual(defs.inline(s.result()), defs.inline(nice), defs.sampling(), seed);
        if (!eq.failures().isEmpty()) {
            warnings.add("internal: a simplification did not check out and was not used");
            return s;
        }
        return new Step.Simplified(s, nice, "simplify");
    }

    private static void collectConventions(Step s, List<String> out) {
        if (s == null) return;
        String rule = s instanceof Step.ChainStep cs ? cs.outerRule() : s.rule();
        String c = switch (rule) {
            case "relu-rule" -> "relu-at-zero";
            case "abs-rule" -> "abs-at-zero";
            case "sign-rule", "indicator-rule" -> "step-almost-everywhere";
            case "max-rule", "min-rule" -> "max-at-tie";
            case "piecewise-rule" -> "boundary-uses-holding-case";
            default -> null;
        };
        if (c != null && !out.contains(c)) out.add(c);
        for (Step sub : s.substeps()) collectConventions(sub, out);
    }

    /** The graph of named intermediates that lead to the variable. */
    static final class Graph {
        private final Definitions defs;
        private final Sym x;
        private final Map<Sym, Boolean> leads = new HashMap<>();

        Graph(Definitions defs, Sym x) {
            this.defs = defs;
            this.x = x;
        }

        /** True when e contains a defined name whose definition depends on x. */
        boolean reaches(Expr e) {
            for (Sym s : Exprs.symbols(e)) if (defs.isDefined(s) && leadsTo(s)) return true;
            return false;
        }

        boolean leadsTo(Sym s) {
            Boolean known = leads.get(s);
            if (known != null) return known;
            leads.put(s, false); // definitions are acyclic; this only guards re-entry
            Expr def = defs.inlineInstances(defs.definition(s));
            boolean r = Dependence.dependsOn(def, x) || reaches(def);
            leads.put(s, r);
            return r;
        }

        /** Every path from the target to x, through defined names (a name is a node; x is last). */
        List<List<Expr>> paths(Expr target) {
            List<List<Expr>> out = new ArrayList<>();
            Expr def = target instanceof Sym s && defs.isDefined(s) ? defs.definition(s) : target;
            List<Expr> start = new ArrayList<>();
            start.add(target);
            walk(defs.inlineInstances(def), start, out);
            return out;
        }

        private void walk(Expr def, List<Expr> path, List<List<Expr>> out) {
            if (out.size() > 256) throw new DeriveException("too many chain-rule paths; use --flat");
            Set<Sym> children = new LinkedHashSet<>();
            for (Sym s : Exprs.symbols(def)) if (defs.isDefined(s) && leadsTo(s)) children.add(s);
            for (Sym c : children) {
                List<Expr> next = new ArrayList<>(path);
                next.add(c);
                walk(defs.inlineInstances(defs.definition(c)), next, out);
            }
            if (Dependence.dependsOn(def, x)) {
                List<Expr> done = new ArrayList<>(path);
                done.add(x);
                out.add(done);
            }
        }
    }
}
