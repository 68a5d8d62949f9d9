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
    public record Problem(Expr expr, Sym var, List<Expr> given, boolean flat, List<Sym> inTermsOf, long seed, boolean components) {
        public Problem {
            given = List.copyOf(given);
            inTermsOf = List.copyOf(inTermsOf);
        }
        public Problem(Expr expr, Sym var, List<Expr> given, boolean flat, List<Sym> inTermsOf, long seed) {
            this(expr, var, given, flat, inTermsOf, seed, false);
        }
        public Problem(Expr expr, Sym var, List<Expr> given) {
            this(expr, var, given, false, List.of(), 20261122L);
        }
        /** The same problem with the component view of a matrix derivation asked for (∂L/∂w_{ij} reassembled). */
        public Problem withComponents(boolean on) {
            return new Problem(expr, var, given, flat, inTermsOf, seed, on);
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
        // Differentiating by a named intermediate (dp/da with a = w x given): it is the variable here.
        given.removeIf(g -> g instanceof Rel r && r.ops().size() == 1 && r.operands().get(0).equals(x)
                && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF));
        Definitions defs = Definitions.of(given);

        Expr function = expr instanceof Sym s && defs.isDefined(s) ? defs.definition(s) : expr;
        Expr flat = defs.inline(function);
        Map<Sym, org.chainrule.expr.Shapes.Shape> declared = org.chainrule.expr.Shapes.declarations(given);
        checkShapes(declared, defs, flat);
        if (org.chainrule.derive.matrix.MatrixEngine.applies(declared, x, flat)) return matrix(p, expr, function, x, defs, declared);
        Differentiator d = new Differentiator();
        List<String> warnings = new ArrayList<>();

        Graph g = new Graph(defs, x);
        List<List<Graph.Edge>> paths = p.flat() ? List.of() : g.paths(expr, function);
        boolean chain = paths.stream().anyMatch(path -> path.size() > 1);

        List<Derivation.Local> locals = new ArrayList<>();
        Optional<Step> direct = Optional.empty();
        Expr combined;
        Expr chainForm = null;
        if (chain) {
            Map<List<Expr>, Step> memo = new LinkedHashMap<>();
            // Local derivatives in reading order: from the target down each path.
            for (List<Graph.Edge> path : paths)
                for (Graph.Edge e : path) {
                    List<Expr> key = List.of(e.from(), e.to());
                    if (memo.containsKey(key)) continue;
                    Expr def = e.from().equals(expr) ? function : defs.instantiate((Sym) e.from());
                    Step s = d.diff(def, e.to());
                    Verifier.Report rep = Verifier.verify(s, def, e.to(), s.result(), defs.sampling(), p.seed());
                    s = humanizeStep(s, defs, p.seed(), warnings);
                    memo.put(key, s);
                    locals.add(new Derivation.Local(e.from(), def, e.to(), s, rep));
                }
            List<Expr> sum = new ArrayList<>(), form = new ArrayList<>();
            for (List<Graph.Edge> path : paths) {
                // Built from the end: a family edge wraps everything after it in Σ_m.
                Expr acc = Expr.num(1), accForm = Expr.num(1);
                for (int k = path.size() - 1; k >= 0; k--) {
                    Graph.Edge e = path.get(k);
                    Step s = memo.get(List.of(e.from(), e.to()));
                    acc = k == path.size() - 1 ? s.result() : Expr.mul(s.result(), acc);
                    Expr dform = new Deriv(e.from(), List.of(e.to()), true);
                    accForm = k == path.size() - 1 ? dform : Expr.mul(dform, accForm);
                    if (e.sum().isPresent()) {
                        BigOp b = e.sum().get();
                        acc = new BigOp(BigOpKind.SUM, b.index(), b.from(), b.to(), acc);
                        accForm = new BigOp(BigOpKind.SUM, b.index(), b.from(), b.to(), accForm);
                    }
                }
                sum.add(acc);
                form.add(accForm);
            }
            combined = Expr.add(sum);
            chainForm = Expr.add(form);
        } else {
            // No intermediate leads to x (or --flat): one derivation; names that do not lead to x are constants.
            Expr toDiff = p.flat() ? flat : defs.inlineInstances(function);
            Step s = d.diff(toDiff, x);
            direct = Optional.of(s);
            combined = s.result();
        }
        List<List<Expr>> nodePaths = new ArrayList<>();
        if (chain) for (List<Graph.Edge> path : paths) {
            List<Expr> nodes = new ArrayList<>();
            for (Graph.Edge e : path) nodes.add(e.from());
            nodes.add(path.get(path.size() - 1).to());
            nodePaths.add(nodes);
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
        return new Derivation(expr, function, x, defs.map(), assumptions, nodePaths, Optional.ofNullable(chainForm), locals,
                direct, combined, answer, answerFlat, inTermsOf, report, oracleVerdict, conventions, warnings, Optional.empty());
    }

    /** Declared vectors or matrices: matrix calculus in denominator layout, checked on random matrices. */
    private static Derivation matrix(Problem p, Expr expr, Expr function, Sym x, Definitions defs,
                                     Map<Sym, org.chainrule.expr.Shapes.Shape> declared) {
        if (!p.inTermsOf().isEmpty()) throw new DeriveException("'in terms of' is not available for matrix derivations yet");
        Sym target = expr instanceof Sym s && defs.isDefined(s) ? s : null;
        Map<Sym, Expr> others = new LinkedHashMap<>(defs.map());
        if (target != null) others.remove(target);
        org.chainrule.derive.matrix.MatrixEngine.Result r = org.chainrule.derive.matrix.MatrixEngine.derive(
                target, function, x, others, declared, defs.sampling(), p.seed());
        if (p.components()) {
            List<Expr> conditions = new ArrayList<>(defs.sampling());
            Engine scalar = new Engine();
            r = r.withComponents(org.chainrule.derive.matrix.ComponentView.of(r, defs.inline(function), x, declared, conditions, p.seed(),
                    (f, v) -> scalar.derive(new Problem(f, v, conditions, true, List.of(), p.seed()))));
        }
        List<String> conventions = new ArrayList<>();
        for (org.chainrule.derive.matrix.MatrixCalculus.Gradient g : r.calculus().gradients())
            for (org.chainrule.derive.matrix.MatrixCalculus.Term t : g.terms())
                for (org.chainrule.derive.matrix.MatrixCalculus.RuleUse u : t.rules()) {
                    u.scalar().ifPresent(s -> collectConventions(s, conventions));
                    String c = switch (u.rule()) { // the matrix rules at kinks
                        case "l1-norm-rule" -> "abs-at-zero";
                        case "max-norm-rule" -> "max-norm-at-tie";
                        default -> null;
                    };
                    if (c != null && !conventions.contains(c)) conventions.add(c);
                }
        String oracle = "skipped: matrix derivatives are checked numerically on random matrices, not by Symja";
        Map<Sym, Expr> definitions = new LinkedHashMap<>(defs.map());
        definitions.putAll(r.calculus().introduced());
        Expr targetExpr = target != null ? target : r.calculus().target();
        return new Derivation(targetExpr, function, x, definitions, defs.sampling(), List.of(), Optional.empty(), List.of(),
                Optional.empty(), r.answer(), r.answer(), r.answerFlat(), Optional.empty(), r.report(), oracle, conventions,
                List.of(), Optional.of(r.calculus()));
    }

    /**
     * With declarations (x ∈ ℝ^{n×1}), every definition and the function must have consistent shapes,
     * and the function must be a scalar: a mismatch is an error naming the operands and their shapes.
     */
    private static void checkShapes(Map<Sym, org.chainrule.expr.Shapes.Shape> declared, Definitions defs, Expr flat) {
        if (declared.isEmpty()) return;
        try {
            for (Map.Entry<Sym, Expr> def : defs.map().entrySet()) {
                org.chainrule.expr.Shapes.Shape s = org.chainrule.expr.Shapes.of(defs.inline(def.getValue()), declared);
                org.chainrule.expr.Shapes.Shape d = declared.get(def.getKey());
                if (d != null && !d.equals(s))
                    throw new DeriveException(org.chainrule.expr.LatexPrinter.print(def.getKey()) + " is declared " + d
                            + " but its definition has shape " + s);
            }
            org.chainrule.expr.Shapes.Shape f = org.chainrule.expr.Shapes.of(flat, declared);
            if (!f.isScalar())
                throw new DeriveException("the function has shape " + f + "; chainrule differentiates scalar functions "
                        + "(a loss), by scalars, vectors or matrices");
        } catch (org.chainrule.expr.Shapes.ShapeException e) {
            throw new DeriveException(e.getMessage());
        }
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
    static final int EXPAND_LIMIT = 160;

    static Expr humanize(Expr e, Definitions defs, boolean useNames) {
        Expr best = null;
        // Expansion can expose new sums (a Kronecker delta collapsing inside Σ), so repeat it a few times.
        // Past a size, multiplying out costs far more than it can save (measured: nested trees of 40
        // leaves took seconds), so large answers keep their factored form.
        Expr expanded = e;
        for (int round = 0; round < 4 && Exprs.size(expanded) <= EXPAND_LIMIT; round++) {
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

    /**
     * The graph of named intermediates that lead to the variable. A node is a defined name (ŷ) or an
     * instance of an indexed definition (p_i from p_i = σ(a_i)). An instance whose index is bound by a
     * sum in the parent (Σ_k y_k log s_k) is a family edge: the chain rule sums over it,
     * ∂J/∂a_j = Σ_m ∂J/∂s_m ∂s_m/∂a_j.
     */
    static final class Graph {
        /** One link of a chain: ∂from/∂to, inside Σ over {@code sum}'s index when present. */
        record Edge(Expr from, Sym to, Optional<BigOp> sum) {}

        private final Definitions defs;
        private final Sym x;
        private final Map<Sym, Boolean> leads = new HashMap<>();

        Graph(Definitions defs, Sym x) {
            this.defs = defs;
            this.x = x;
        }

        /** True when e contains a defined name or instance whose definition depends on x. */
        boolean reaches(Expr e) {
            for (Sym s : Exprs.valueSymbols(e)) if (isNode(s) && leadsTo(s)) return true;
            return false;
        }

        private boolean isNode(Sym s) {
            return !s.equals(x) && defs.instantiate(s) != null;
        }

        boolean leadsTo(Sym s) {
            Boolean known = leads.get(s);
            if (known != null) return known;
            leads.put(s, false); // definitions are acyclic; this only guards re-entry
            Expr def = defs.instantiate(s);
            boolean r = Dependence.dependsOn(def, x) || reaches(def);
            leads.put(s, r);
            return r;
        }

        /** Every path from the target to x through named intermediates. */
        List<List<Edge>> paths(Expr target, Expr function) {
            List<List<Edge>> out = new ArrayList<>();
            walk(target, function, new ArrayList<>(), out);
            return out;
        }

        private void walk(Expr node, Expr def, List<Edge> path, List<List<Edge>> out) {
            if (out.size() > 256) throw new DeriveException("too many chain-rule paths; use --flat");
            if (path.size() > 64) throw new DeriveException("definitions nest too deeply");
            Map<Sym, Optional<BigOp>> children = new LinkedHashMap<>();
            collectChildren(def, new ArrayList<>(), children);
            for (Map.Entry<Sym, Optional<BigOp>> c : children.entrySet()) {
                Sym child = c.getKey();
                Optional<BigOp> sum = Optional.empty();
                if (c.getValue().isPresent()) {
                    // Σ over the family: a fresh index so the chain does not capture the variable's.
                    BigOp b = c.getValue().get();
                    Sym m = freshIndex(b.index(), def);
                    child = (Sym) Exprs.substitute(child, b.index(), m);
                    sum = Optional.of(new BigOp(BigOpKind.SUM, m, b.from(), b.to(), Expr.num(0)));
                }
                List<Edge> next = new ArrayList<>(path);
                next.add(new Edge(node, child, sum));
                walk(child, defs.instantiate(child), next, out);
            }
            if (Dependence.dependsOn(def, x)) {
                List<Edge> done = new ArrayList<>(path);
                done.add(new Edge(node, x, Optional.empty()));
                out.add(done);
            }
        }

        /** Names and instances in e that lead to x, each with the sum that binds its index (if any). */
        private void collectChildren(Expr e, List<BigOp> binders, Map<Sym, Optional<BigOp>> out) {
            if (e instanceof Sym s) {
                if (!isNode(s) || !leadsTo(s)) return; // its indices are names, not values
                Optional<BigOp> binder = Optional.empty();
                Set<Sym> idx = new LinkedHashSet<>();
                for (Expr i : s.sub()) idx.addAll(Exprs.symbols(i));
                for (BigOp b : binders) if (idx.contains(b.index())) binder = Optional.of(b);
                out.putIfAbsent(s, binder);
                return;
            }
            if (e instanceof BigOp b) {
                b.from().ifPresent(f -> collectChildren(f, binders, out));
                b.to().ifPresent(t -> collectChildren(t, binders, out));
                List<BigOp> inner = new ArrayList<>(binders);
                inner.add(b);
                collectChildren(b.body(), inner, out);
                return;
            }
            for (Expr c : Exprs.children(e)) collectChildren(c, binders, out);
        }

        /** The bound letter itself when it does not clash with the variable, else a fresh one. */
        private Sym freshIndex(Sym bound, Expr context) {
            Set<Sym> avoid = Exprs.symbols(x);
            if (!avoid.contains(bound)) return bound;
            avoid.addAll(Exprs.symbols(context));
            return Exprs.freshLetter(avoid, "m", "k", "l", "p", "q", "r")
                    .orElseThrow(() -> new DeriveException("no free letter for a summation index"));
        }
    }
}
