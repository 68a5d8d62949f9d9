package org.chainrule.derive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.chainrule.cas.CasVerdict;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.Dependence;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.core.Verifier;
import org.chainrule.derive.matrix.MatrixCalculus;
import org.chainrule.derive.matrix.MatrixEngine;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.Budget;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.numeric.Draw;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.simplify.Expand;
import org.chainrule.simplify.Factor;
import org.chainrule.simplify.Identities;
import org.chainrule.simplify.Indices;
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
            this(expr, var, given, false, List.of(), Draw.SEED);
        }
        /** The same problem with the component view of a matrix derivation asked for (∂L/∂w_{ij} reassembled). */
        public Problem withComponents(boolean on) {
            return new Problem(expr, var, given, flat, inTermsOf, seed, on);
        }
    }

    /** An optional independent check of the final answer (Symja). */
    public interface Oracle {
        CasVerdict check(Expr f, Sym x, Expr answer, List<Expr> assumptions);
    }

    private final Oracle oracle;

    public Engine() {
        this((f, x, a, as) -> CasVerdict.skipped("no oracle"));
    }

    public Engine(Oracle oracle) {
        this.oracle = oracle;
    }

    /** A derivation stops after this long (verification included) or past this many nodes in one expression. */
    public static final long TIME_LIMIT_MILLIS = 10_000;
    public static final int SIZE_LIMIT_NODES = 2_000_000;

    /**
     * The derivation of {@code p}, within {@link #TIME_LIMIT_MILLIS} and {@link #SIZE_LIMIT_NODES} (an
     * enclosing {@link Budget} may be tighter).
     *
     * @throws DeriveException when it cannot be derived, or is too large to derive within the limits
     */
    public Derivation derive(Problem p) {
        try {
            return Budget.within(TIME_LIMIT_MILLIS, SIZE_LIMIT_NODES, () -> deriveWithinBudget(p));
        } catch (Budget.Exceeded e) {
            throw new DeriveException("this derivation is too large: " + e.getMessage());
        }
    }

    private Derivation deriveWithinBudget(Problem p) {
        List<Expr> given = new ArrayList<>(p.given());
        Expr expr = p.expr();
        Sym x = p.var();
        // "L = …" as the expression: differentiate L with that definition.
        if (expr instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                && (r.operands().get(0) instanceof Sym || r.operands().get(0) instanceof Apply ap && ap.fn() instanceof Abstract)) {
            // g(x) = w x^2 + b as the expression: differentiate g(x) with that definition.
            given.add(r);
            expr = r.operands().get(0);
        }
        // \frac{\partial L}{\partial w_i} as the expression: the question itself.
        if (expr instanceof Deriv d && d.wrt().size() == 1 && d.wrt().get(0) instanceof Sym v && v.equals(x)) expr = d.f();
        if (expr instanceof Rel || expr instanceof Space)
            throw new DeriveException("differentiate an expression or a defined name, not a relation");
        // Differentiating by a named intermediate (dp/da with a = w x given): it is the variable here.
        // By a member of a defined family (∂L/∂s_j with s_i = … given), every member that may be s_j is a variable.
        given.removeIf(g -> g instanceof Rel r && r.ops().size() == 1 && r.operands().get(0) instanceof Sym s
                && (s.equals(x) || Dependence.sameFamily(s, x) && Dependence.mayEqual(s, x))
                && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF));
        Definitions defs = Definitions.of(given);

        // A defined name or a member of a defined family (s_1 with s_i = … given), with defined functions applied.
        Expr function = defs.resolve(expr instanceof Sym s && defs.instantiate(s) != null ? defs.instantiate(s) : expr);
        Expr flat = defs.inline(function);
        refuseProductDefinitions(defs, expr, flat);
        Map<Sym, Shapes.Shape> declared = Shapes.declarations(given);
        checkShapes(declared, defs, flat);
        if (MatrixEngine.applies(declared, x, flat)) {
            // matrix calculus refuses a variable the function does not contain; say what was probably meant
            Optional<String> absent = NearMiss.error(x, flat, function);
            if (absent.isPresent()) throw new DeriveException(absent.get());
            return matrix(p, expr, function, x, defs, declared);
        }
        Differentiator d = new Differentiator();
        List<String> warnings = new ArrayList<>(defs.notes());
        NearMiss.warning(x, flat, function).ifPresent(warnings::add);
        unknownFunctions(flat, new LinkedHashSet<>()).forEach(name -> warnings.add(name
                + " has no formula here, so its derivative stays symbolic; define it (" + name + "(t) = …) for an explicit answer"));

        Graph g = new Graph(defs, x);
        List<List<Graph.Edge>> paths = p.flat() ? List.of() : g.paths(expr, function);
        boolean chain = paths.stream().anyMatch(path -> path.size() > 1);

        List<Derivation.Local> locals = new ArrayList<>();
        Step direct = null; // the one derivation when there is no chain
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
                    List<Verifier.Report> rewrite = new ArrayList<>();
                    s = humanizeStep(s, defs, p.seed(), warnings, rewrite);
                    // The rewrite into the TA's form is a claim of its own, step 1 of the local; the steps it wraps move under it.
                    for (Verifier.Report r : rewrite) rep = r.named("1", Step.Simplified.RULE.name()).plus(rep.nestedUnder("1"));
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
                    for (BigOp b : e.sums().reversed()) {
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
            direct = s;
            combined = s.result();
        }
        List<List<Expr>> nodePaths = new ArrayList<>();
        if (chain) for (List<Graph.Edge> path : paths) {
            List<Expr> nodes = new ArrayList<>();
            for (Graph.Edge e : path) nodes.add(e.from());
            nodes.add(path.get(path.size() - 1).to());
            nodePaths.add(nodes);
        }

        Budget.checkSize(Exprs.size(combined));
        Expr answer = humanize(defs.applyFacts(combined), defs, !p.flat());
        // ∂s/∂x = ∂s/∂x (s = swish(x), kept symbolic) restates the question: keep the target's name out.
        if (expr instanceof Sym target && derivativeOf(answer, target)) {
            Set<Sym> others = new LinkedHashSet<>();
            for (Sym n : defs.map().keySet()) if (!n.name().equals(target.name()) || !n.styles().equals(target.styles())) others.add(n);
            answer = humanize(defs.applyFacts(combined), defs, p.flat() ? Set.of() : others);
        }
        Expr answerFlat = humanize(defs.applyFacts(defs.inline(answer)), defs, false);
        Optional<Expr> inTermsOf = Optional.empty();
        if (!p.inTermsOf().isEmpty()) {
            Expr t = Simplifier.simplify(defs.backSubstitute(answerFlat, new LinkedHashSet<>(p.inTermsOf())), defs.shapes());
            inTermsOf = Optional.of(t);
        }

        List<Expr> assumptions = defs.sampling();
        // The oracle (Symja, a few ms a problem) works on another thread while this one verifies the steps.
        final Expr checkedAnswer = answerFlat;
        Future<CasVerdict> oracleVerdict = ORACLE.submit(() -> oracle.check(flat, x, checkedAnswer, assumptions));
        Verifier.Report report;
        if (direct != null) {
            report = Verifier.verify(direct, flat, x, answerFlat, assumptions, p.seed());
        } else {
            report = Verifier.verifyAnswer(flat, x, answerFlat, assumptions, p.seed());
        }
        // Every "=" the derivation prints after the steps is a claim: the combination of the local
        // derivatives and the answer in the user's names equal the flat answer, and so does the
        // answer in the requested names (back-substitution).
        if (chain)
            report = report.plus(Verifier.verifyEqual(defs.inline(combined), answerFlat, assumptions, p.seed())
                    .named("combine", Step.Chain.RULE.name()));
        report = report.plus(Verifier.verifyEqual(defs.inline(answer), answerFlat, assumptions, p.seed())
                .named("answer in the given names", Step.Simplified.RULE.name()));
        if (inTermsOf.isPresent())
            report = report.plus(Verifier.verifyEqual(defs.inline(inTermsOf.get()), answerFlat, assumptions, p.seed())
                    .named("answer in terms of the given names", "back-substitution"));

        List<String> conventions = new ArrayList<>();
        collectConventions(direct, conventions);
        for (Derivation.Local l : locals) collectConventions(l.step(), conventions);
        CasVerdict verdict = verdict(oracleVerdict);
        if (direct != null)
            return new Derivation.Direct(expr, function, x, defs.map(), assumptions, direct, answer, answerFlat, inTermsOf, report,
                    verdict, conventions, warnings);
        return new Derivation.Chain(expr, function, x, defs.map(), assumptions, nodePaths, chainForm, locals, combined,
                answer, answerFlat, inTermsOf, report, verdict, conventions, warnings);
    }

    /** Threads for oracle checks, made as needed (one per engine working at the same time), daemons. */
    private static final ExecutorService ORACLE = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "oracle");
        t.setDaemon(true);
        return t;
    });

    /** The oracle's verdict; what it threw is thrown here, as if it had run on this thread. */
    private static CasVerdict verdict(Future<CasVerdict> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return CasVerdict.skipped("interrupted");
        }
    }

    /**
     * J(θ) = ½(θx − y)² reads as the product J·θ = … (only f, g, h and declared names are functions), a
     * fact that says nothing chainrule differentiates through: with J in the function, the answer would
     * treat J as a constant. Refused, saying how to write it.
     */
    /** Named functions without a formula (\\operatorname{swish}); f, g and h are unknown on purpose in exercises. */
    private static Set<String> unknownFunctions(Expr e, Set<String> out) {
        if (e instanceof Apply ap && ap.fn() instanceof Abstract ab && ab.name().styles().contains("rm") && ab.name().name().length() > 1)
            out.add(LatexPrinter.print(ab.name()));
        for (Expr c : Exprs.children(e)) unknownFunctions(c, out);
        return out;
    }

    private static void refuseProductDefinitions(Definitions defs, Expr expr, Expr flat) {
        Set<Sym> used = new LinkedHashSet<>(Exprs.valueSymbols(flat));
        if (expr instanceof Sym s) used.add(s);
        for (Rel f : defs.facts()) {
            if (!(f.operands().get(0) instanceof Mul m) || m.factors().size() != 2 || !(m.factors().get(0) instanceof Sym name)
                    || !used.contains(name) || defs.isDefined(name)) continue;
            String n = LatexPrinter.print(name);
            throw new DeriveException(LatexPrinter.print(f) + " reads as a product of " + n
                    + " and " + LatexPrinter.print(m.factors().get(1)) + ", not as a definition of " + n
                    + ": write " + n + " = … , or name the function f, g or h (or declare it with \\function in a sheet)");
        }
    }

    /** Declared vectors or matrices: matrix calculus in denominator layout, checked on random matrices. */
    private static Derivation matrix(Problem p, Expr expr, Expr function, Sym x, Definitions defs,
                                     Map<Sym, Shapes.Shape> declared) {
        if (!p.inTermsOf().isEmpty()) throw new DeriveException("'in terms of' is not available for matrix derivations yet");
        Sym target = expr instanceof Sym s && defs.isDefined(s) ? s : null;
        Map<Sym, Expr> others = new LinkedHashMap<>(defs.map());
        if (target != null) others.remove(target);
        MatrixEngine.Result r = MatrixEngine.derive(
                target, function, x, others, declared, defs.sampling(), p.seed());
        Optional<ComponentView> components = Optional.empty();
        if (p.components()) {
            List<Expr> conditions = new ArrayList<>(defs.sampling());
            Engine scalar = new Engine();
            components = Optional.of(ComponentView.of(r, defs.inline(function), x, declared, conditions, p.seed(),
                    (f, v) -> scalar.derive(new Problem(f, v, conditions, true, List.of(), p.seed()))));
        }
        List<String> conventions = new ArrayList<>();
        for (MatrixCalculus.Gradient g : r.calculus().gradients())
            for (MatrixCalculus.Term t : g.terms())
                for (MatrixCalculus.RuleUse u : t.rules()) {
                    switch (u) {
                        case MatrixCalculus.RuleUse.Scalar sc -> collectConventions(sc.step(), conventions);
                        case MatrixCalculus.RuleUse.Identity id -> addConventions(id.rule().conventions(), conventions);
                        case MatrixCalculus.RuleUse.Structural st -> addConventions(st.rule().conventions(), conventions);
                    }
                }
        CasVerdict oracle = CasVerdict.skipped("matrix derivatives are checked numerically on random matrices, not by Symja");
        Map<Sym, Expr> definitions = new LinkedHashMap<>(defs.map());
        definitions.putAll(r.calculus().introduced());
        Expr targetExpr = target != null ? target : r.calculus().target();
        return new Derivation.Matrix(targetExpr, function, x, definitions, defs.sampling(), r.calculus(), components, r.answer(), r.answerFlat(),
                r.report(), oracle, conventions, List.of());
    }

    /**
     * With declarations (x ∈ ℝ^{n×1}), every definition and the function must have consistent shapes,
     * and the function must be a scalar: a mismatch is an error naming the operands and their shapes.
     */
    private static void checkShapes(Map<Sym, Shapes.Shape> declared, Definitions defs, Expr flat) {
        if (declared.isEmpty()) return;
        try {
            for (Map.Entry<Sym, Expr> def : defs.map().entrySet()) {
                Shapes.Shape s = Shapes.of(defs.inline(def.getValue()), declared);
                Shapes.Shape d = declared.get(def.getKey());
                if (d != null && !d.equals(s))
                    throw new DeriveException(LatexPrinter.print(def.getKey()) + " is declared " + d
                            + " but its definition has shape " + s);
            }
            Shapes.Shape f = Shapes.of(flat, declared);
            if (!f.isScalar())
                throw new DeriveException("the function has shape " + f + "; chainrule differentiates scalar functions "
                        + "(a loss), by scalars, vectors or matrices");
        } catch (Shapes.ShapeException e) {
            throw new DeriveException(e.getMessage());
        }
    }

    /**
     * The form a TA writes: the smaller of the simplified and the expanded-then-simplified forms, with
     * the user's names put back, common factors pulled out (s_i(δ_ij − s_j), p(1 − p), a₁(ŷ − y) + λW₁₄)
     * and the factors of a product in a TA's order.
     */
    static final int EXPAND_LIMIT = 160;

    static Expr humanize(Expr e, Definitions defs, boolean useNames) {
        return humanize(e, defs, useNames ? null : Set.of());
    }

    /** True when e holds a derivative of the target itself (the question, not an answer). */
    private static boolean derivativeOf(Expr e, Sym target) {
        if (e instanceof Deriv d && d.f() instanceof Sym s && s.name().equals(target.name()) && s.styles().equals(target.styles())) return true;
        for (Expr c : Exprs.children(e)) if (derivativeOf(c, target)) return true;
        return false;
    }

    /** {@code names}: the names to write back (null: every name). */
    static Expr humanize(Expr e, Definitions defs, Set<Sym> names) {
        boolean useNames = names == null || !names.isEmpty();
        // declared shapes decide what commutes: a bold scalar folds, a declared matrix keeps its order
        UnaryOperator<Expr> simplify = x -> Simplifier.simplify(x, defs.shapes());
        Expr best = null;
        // Expansion can expose new sums (a Kronecker delta collapsing inside Σ), so repeat it a few times.
        // Past a size, multiplying out costs far more than it can save (measured: nested trees of 40
        // leaves took seconds), so large answers keep their factored form.
        Expr expanded = e;
        for (int round = 0; round < 4 && Exprs.size(expanded) <= EXPAND_LIMIT; round++) {
            Expr next = simplify.apply(Expand.expand(defs.applyFacts(expanded)));
            if (next.equals(expanded)) break;
            expanded = next;
        }
        for (Expr candidate : List.of(simplify.apply(e), expanded)) {
            Expr c = defs.applyFacts(candidate);
            if (useNames) c = defs.backSubstitute(c, names);
            c = simplify.apply(defs.applyFacts(simplify.apply(c)));
            c = Indices.distinctBound(Factor.common(c));
            if (best == null || Exprs.size(c) < Exprs.size(best)) best = c;
            // the logistic identities (e^v/(1 + e^v) = σ(v), …): the form a TA writes, when it is shorter
            Expr s = simplify.apply(Identities.sigmoid(c));
            if (Exprs.size(s) < Exprs.size(best)) best = s;
        }
        if (useNames) {
            // f = 1/(1 + e^{-x}) is σ(x): the answer reads f(1 − f), in the author's name
            Expr s = simplify.apply(Identities.sigmoid(simplify.apply(defs.inline(e))));
            boolean named = false;
            for (Map.Entry<Sym, Expr> def : defs.map().entrySet()) {
                if (names != null && !names.contains(def.getKey())) continue;
                Expr v = simplify.apply(Identities.sigmoid(simplify.apply(def.getValue())));
                if (v instanceof Expr.Apply a && a.fn() instanceof Expr.Builtin b && b.op() == BuiltinFn.SIGMOID
                        && Exprs.contains(s, v)) {
                    s = Exprs.substitute(s, v, def.getKey());
                    named = true;
                }
            }
            if (named) {
                s = simplify.apply(s);
                if (Exprs.size(s) < Exprs.size(best)) best = s;
            }
        }
        // A factor shared by some of the terms, ŷa₁ − ya₁ + λW₁₄ → a₁(ŷ − y) + λW₁₄, taken out of the form
        // chosen above, not used to choose it: regrouping an expansion by w, a₁²w − ya₁ + λw →
        // w(a₁² + λ) − ya₁, is smaller than a₁(a₁w − y) + λw but no TA writes it. collect never makes a
        // sum larger; the TA's order of factors, a₁(a₁w − y) and (p − y)x_j, does not change the size.
        return Factor.order(Factor.collect(best));
    }

    /**
     * Wraps a local step's result in its human form, after checking numerically that the two are equal;
     * the check of a rewrite that is used goes to {@code checks}.
     */
    private static Step humanizeStep(Step s, Definitions defs, long seed, List<String> warnings, List<Verifier.Report> checks) {
        Expr nice = humanize(s.result(), defs, true);
        if (nice.equals(s.result())) return s;
        Verifier.Report eq = Verifier.verifyEqual(defs.inline(s.result()), defs.inline(nice), defs.sampling(), seed);
        if (!eq.failures().isEmpty()) {
            warnings.add("internal: a simplification did not check out and was not used");
            return s;
        }
        checks.add(eq);
        return new Step.Simplified(s, nice, Step.Simplified.RULE.name());
    }

    /** The conventions the steps of s record, each once, in the order the tree is read. */
    private static void collectConventions(Step s, List<String> out) {
        if (s == null) return;
        for (String c : s.conventions()) if (!out.contains(c)) out.add(c);
        for (Step sub : s.substeps()) collectConventions(sub, out);
    }

    private static void addConventions(List<Convention> cs, List<String> out) {
        for (Convention c : cs) if (!out.contains(c.key())) out.add(c.key());
    }

    /**
     * The graph of named intermediates that lead to the variable. A node is a defined name (ŷ) or an
     * instance of an indexed definition (p_i from p_i = σ(a_i)). An instance whose index is bound by a
     * sum in the parent (Σ_k y_k log s_k) is a family edge: the chain rule sums over it,
     * ∂J/∂a_j = Σ_m ∂J/∂s_m ∂s_m/∂a_j. Members of one family that may coincide (e_i and the e_j of
     * Σ_j e^{e_j} in a softmax) are one family edge over every member, so no path is counted twice.
     */
    static final class Graph {
        /** One link of a chain: ∂from/∂to, inside Σ over each of {@code sums}' indices (outermost first). */
        record Edge(Expr from, Sym to, List<BigOp> sums) {}

        /** A child of a node: the member to differentiate by and the sums over it. */
        private record Link(Sym child, List<BigOp> sums) {}

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
            Map<Sym, List<BigOp>> children = new LinkedHashMap<>();
            collectChildren(def, new ArrayList<>(), children);
            for (Link link : links(node, def, children, path)) {
                List<Edge> next = new ArrayList<>(path);
                next.add(new Edge(node, link.child(), link.sums()));
                walk(link.child(), defs.instantiate(link.child()), next, out);
            }
            if (Dependence.dependsOn(def, x)) {
                List<Edge> done = new ArrayList<>(path);
                done.add(new Edge(node, x, List.of()));
                out.add(done);
            }
        }

        /**
         * The children grouped by family. A lone member is its own link (summed when a sum binds its
         * index); members that can never coincide (s_1, s_2) are separate links; members that may
         * (e_i and e_j, or s_i and s_j) are one link to a member with fresh indices, summed over them.
         */
        private List<Link> links(Expr node, Expr def, Map<Sym, List<BigOp>> children, List<Edge> path) {
            Set<Sym> avoid = new LinkedHashSet<>(Exprs.symbols(x));
            avoid.addAll(Exprs.symbols(node));
            for (Edge e : path) {
                avoid.addAll(Exprs.symbols(e.from()));
                for (BigOp b : e.sums()) avoid.add(b.index());
            }
            Map<List<Object>, List<Sym>> families = new LinkedHashMap<>();
            for (Sym c : children.keySet())
                families.computeIfAbsent(List.of(c.name(), c.styles(), c.sub().size(), c.sup().kind(), c.sup().items().size()),
                        k -> new ArrayList<>()).add(c);
            List<Link> out = new ArrayList<>();
            for (List<Sym> members : families.values()) {
                boolean apart = true;
                for (Sym a : members) {
                    if (!children.get(a).isEmpty()) apart = false;
                    for (Sym b : members) if (a != b && Dependence.mayEqual(a, b)) apart = false;
                }
                if (members.size() == 1 || apart) {
                    for (Sym m : members) out.add(single(m, children.get(m), def, avoid));
                } else {
                    out.add(family(members, children, def, avoid));
                }
            }
            return out;
        }

        /**
         * One member: as it is, or (indices bound by sums) each bound index renamed to a letter free in the
         * chain and summed: s_k^{(i)} in Σ_i Σ_k is summed over both.
         */
        private Link single(Sym child, List<BigOp> binders, Expr def, Set<Sym> avoid) {
            List<BigOp> sums = new ArrayList<>();
            for (BigOp b : binders) {
                Sym m = avoid.contains(b.index()) ? fresh(avoid, def) : b.index();
                avoid.add(m);
                child = (Sym) Exprs.substitute(child, b.index(), m);
                sums.add(new BigOp(BigOpKind.SUM, m, b.from(), b.to(), Expr.num(0)));
            }
            return new Link(child, sums);
        }

        /**
         * Several members of one family that may coincide: one member whose differing (or bound) index
         * places get fresh letters, summed over each — with the bounds of the sums that bind those places
         * when they agree, otherwise without bounds (every member).
         */
        private Link family(List<Sym> members, Map<Sym, List<BigOp>> children, Expr def, Set<Sym> avoid) {
            Sym first = members.get(0);
            List<Expr> items = Definitions.indexItems(first);
            List<Expr> chosen = new ArrayList<>();
            List<BigOp> sums = new ArrayList<>();
            for (int k = 0; k < items.size(); k++) {
                Expr item = items.get(k);
                boolean same = true;
                Set<List<Optional<Expr>>> ranges = new LinkedHashSet<>();
                boolean bound = false;
                for (Sym m : members) {
                    Expr mi = Definitions.indexItems(m).get(k);
                    if (!mi.equals(item)) same = false;
                    for (BigOp b : children.get(m)) {
                        if (!Exprs.symbols(mi).contains(b.index())) continue;
                        bound = true;
                        if (mi.equals(b.index())) ranges.add(List.of(b.from(), b.to()));
                        else ranges.add(List.of(Optional.empty(), Optional.empty()));
                    }
                }
                if (same && !bound) {
                    chosen.add(item);
                    continue;
                }
                Sym letter = fresh(avoid, def);
                avoid.add(letter);
                chosen.add(letter);
                List<Optional<Expr>> range = ranges.size() == 1 ? ranges.iterator().next() : List.of(Optional.empty(), Optional.empty());
                sums.add(new BigOp(BigOpKind.SUM, letter, range.get(0), range.get(1), Expr.num(0)));
            }
            List<Expr> sub = chosen.subList(0, first.sub().size());
            List<Expr> sup = chosen.subList(first.sub().size(), chosen.size());
            return new Link(new Sym(first.name(), first.styles(), sub, new SupIndex(first.sup().kind(), sup)), sums);
        }

        /** A summation letter that is used neither in the chain so far nor in the definition. */
        private static Sym fresh(Set<Sym> avoid, Expr def) {
            Set<Sym> used = new LinkedHashSet<>(avoid);
            used.addAll(Exprs.symbols(def));
            return Exprs.freshLetter(used, "m", "k", "l", "p", "q", "r", "t", "u")
                    .orElseThrow(() -> new DeriveException("no free letter for a summation index"));
        }

        /** Names and instances in e that lead to x, each with the sum that binds its index (if any). */
        private void collectChildren(Expr e, List<BigOp> binders, Map<Sym, List<BigOp>> out) {
            if (e instanceof Sym s) {
                if (!isNode(s) || !leadsTo(s)) return; // its indices are names, not values
                // every sum binding one of its indices, outermost first: s_k^{(i)} in Σ_i Σ_k has two
                List<BigOp> binder = new ArrayList<>();
                Set<Sym> idx = new LinkedHashSet<>();
                for (Expr i : Definitions.indexItems(s)) idx.addAll(Exprs.symbols(i));
                for (BigOp b : binders) if (idx.contains(b.index())) binder.add(b);
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
    }
}
