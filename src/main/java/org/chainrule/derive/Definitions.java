package org.chainrule.derive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.rules.Differentiator;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.simplify.BackSubstitute;
import org.chainrule.simplify.Canon;

/**
 * What the user gave: definitions of named intermediates (ŷ = Wᵀx, p_i = σ(a_i)), assumptions
 * (β > 0) and facts (Σ_k y_k = 1). A definition whose name carries index letters is also a pattern:
 * s_i = e^{a_i}/Σ_k e^{a_k} defines s_j and s_k too.
 */
public final class Definitions {

    private final Map<Sym, Expr> defs = new LinkedHashMap<>();
    private final List<Expr> assumptions = new ArrayList<>();
    private final List<Rel> facts = new ArrayList<>();
    private final List<Rel> declarations = new ArrayList<>();
    /** Functions defined with arguments, g(x) = w x^2 + b, by name. */
    private final Map<Sym, Function> functions = new LinkedHashMap<>();
    /** What the reader should know about how a definition was read (a sum over numbered members). */
    private final List<String> notes = new ArrayList<>();

    /** The shapes the declarations give (x ∈ ℝ^{n×1}), for the simplifier; made on first use. */
    private Map<Sym, Shapes.Shape> shapes;

    /** A function the user defined with arguments: {@code h_\theta(x) = \sigma(\theta_0 + \theta_1 x)}. */
    public record Function(Sym name, List<Sym> params, Expr body) {}

    public static Definitions of(List<Expr> given) {
        Definitions d = new Definitions();
        for (Expr g : given) d.add(g);
        d.checkAcyclic();
        d.resolveDefinitions();
        return d;
    }

    /** The declared shapes: which names are vectors or matrices, and which bold or capital names are scalars. */
    public Map<Sym, Shapes.Shape> shapes() {
        if (shapes == null) shapes = Shapes.declarations(List.copyOf(declarations));
        return shapes;
    }

    private void add(Expr g) {
        if (g instanceof Rel r && r.ops().size() == 1) {
            RelOp op = r.ops().get(0);
            Expr l = r.operands().get(0), rt = r.operands().get(1);
            if ((op == RelOp.EQ || op == RelOp.DEF) && l instanceof Apply ap && ap.fn() instanceof Abstract ab) {
                addFunction(ab.name(), ap.args(), rt);
                return;
            }
            if ((op == RelOp.EQ || op == RelOp.DEF) && l instanceof Sym s) {
                if (defs.containsKey(s)) throw new DeriveException("two definitions of the same name");
                if (Exprs.occursAsValue(rt, s)) throw new DeriveException("a definition refers to itself");
                defs.put(s, rt);
                return;
            }
            if (op == RelOp.EQ || op == RelOp.DEF) {
                facts.add(r);
                return;
            }
            if (op == RelOp.IN) {
                declarations.add(r);
                return;
            }
        }
        if (g instanceof Rel r) {
            if (r.ops().contains(RelOp.IN)) declarations.add(r);
            else assumptions.add(r);
            return;
        }
        throw new DeriveException("a given must be a definition (a = …), a declaration (x \\in …) or a condition (\\beta > 0)");
    }

    private void addFunction(Sym name, List<Expr> args, Expr body) {
        String shown = LatexPrinter.print(name);
        List<Sym> params = new ArrayList<>();
        for (Expr a : args) {
            // g(2) = 5 or g(x, x) = … name values, not a rule: only distinct plain names are parameters.
            if (!(a instanceof Sym p) || params.contains(p))
                throw new DeriveException("the arguments in the definition of " + shown
                        + "(…) must be distinct names, as in " + shown + "(x) = …");
            params.add(p);
        }
        if (functions.containsKey(name)) throw new DeriveException("two definitions of the function " + shown);
        if (callsFunction(body, name)) throw new DeriveException("the definition of " + shown + " refers to itself");
        functions.put(name, new Function(name, List.copyOf(params), body));
    }

    private static boolean callsFunction(Expr e, Sym name) {
        if (e instanceof Apply ap && fnName(ap.fn()) instanceof Sym n && n.equals(name)) return true;
        for (Expr c : Exprs.children(e)) if (callsFunction(c, name)) return true;
        return false;
    }

    /** The abstract name under an application (g in g(x) and in g'(x)), or null for a built-in. */
    private static Sym fnName(Fn fn) {
        return switch (fn) {
            case Abstract a -> a.name();
            case Prime p -> fnName(p.fn());
            case Builtin b -> null;
            case LogBase lb -> null;
        };
    }

    /** Every definition with defined functions applied and sums over numbered members written out. */
    private void resolveDefinitions() {
        for (Map.Entry<Sym, Expr> en : defs.entrySet()) en.setValue(resolve(en.getValue()));
    }

    /**
     * e with every call of a defined function replaced by the function's body at the call's arguments
     * (g(2) with g(x) = w x^2 + b is 4w + b), and every sum over a family defined only by numbered
     * members (s_1, s_2) written out over those members.
     */
    public Expr resolve(Expr e) {
        return expandNumbered(applyFunctions(e, 0));
    }

    public Map<Sym, Function> functions() { return functions; }

    private void note(String text) {
        if (!notes.contains(text)) notes.add(text);
    }
    public List<String> notes() { return notes; }

    private Expr applyFunctions(Expr e, int depth) {
        if (functions.isEmpty()) return e;
        if (depth > 64) throw new DeriveException("function definitions nest too deeply to substitute");
        // \mathcal{L} alone with \mathcal{L}(w, b) = … given: the function at its own arguments.
        if (e instanceof Sym s && functions.containsKey(s) && !defs.containsKey(s)) return applyFunctions(functions.get(s).body(), depth + 1);
        Expr inner = Exprs.mapChildren(e, c -> applyFunctions(c, depth));
        if (!(inner instanceof Apply ap) || !(fnName(ap.fn()) instanceof Sym name) || !functions.containsKey(name)) return inner;
        Function f = functions.get(name);
        String shown = LatexPrinter.print(name);
        if (ap.args().size() != f.params().size())
            throw new DeriveException(shown + " is defined with " + f.params().size() + " argument" + (f.params().size() == 1 ? "" : "s")
                    + " but " + LatexPrinter.print(inner) + " gives " + ap.args().size());
        Expr body = freshenBound(f.body(), ap.args());
        // g'(a) of a defined one-argument g: the body differentiated by its parameter, at a.
        if (ap.fn() instanceof Prime pr) {
            if (f.params().size() != 1 || !(pr.fn() instanceof Abstract))
                throw new DeriveException(LatexPrinter.print(inner) + ": a prime needs a function of one argument");
            for (int k = 0; k < pr.order(); k++) body = new Differentiator().diff(body, f.params().get(0)).result();
        }
        // Simultaneous substitution through placeholders: g(x, y) at (y, x) swaps, it does not collapse.
        for (Sym p : f.params()) body = Exprs.substitute(body, p, placeholder(p));
        for (int k = 0; k < f.params().size(); k++) body = Exprs.substitute(body, placeholder(f.params().get(k)), ap.args().get(k));
        return applyFunctions(body, depth + 1);
    }

    /**
     * A sum with no bounds (Σ_k s_k²) over a family defined only by numbered members (s_1 = …, s_2 = …)
     * runs over those members; a sum with numeric bounds is written out the same way. A sum whose bounds
     * are symbols cannot be written out: that is an error naming the members that exist.
     */
    private Expr expandNumbered(Expr e) {
        Expr inner = Exprs.mapChildren(e, this::expandNumbered);
        if (inner instanceof Index ix) return softmaxOfDefined(ix);
        if (!(inner instanceof BigOp b)) return inner;
        TreeSet<Long> members = new TreeSet<>();
        Sym family = numberedFamily(b, members);
        if (family == null) return inner;
        String sum = LatexPrinter.print(b);
        String shownMembers = members.stream().map(m -> LatexPrinter.print(
                Exprs.substitute(family, b.index(), Expr.num(m)))).collect(Collectors.joining(", "));
        List<Long> range = new ArrayList<>();
        if (b.from().isEmpty() && b.to().isEmpty()) {
            range.addAll(members);
            note("the sum " + sum + " has no bounds and " + LatexPrinter.print(family)
                    + " is defined only as " + shownMembers + ", so the sum runs over those members");
        } else if (b.from().orElse(null) instanceof Num lo && b.to().orElse(null) instanceof Num hi
                && lo.value().isInteger() && hi.value().isInteger()) {
            long from = lo.value().num().longValueExact(), to = hi.value().num().longValueExact();
            if (to - from > 64) throw new DeriveException("the sum " + sum + " has too many terms to write out");
            for (long k = from; k <= to; k++) {
                if (!members.contains(k))
                    throw new DeriveException("the sum " + sum + " uses " + LatexPrinter.print(
                            Exprs.substitute(family, b.index(), Expr.num(k))) + ", which is not defined (defined: " + shownMembers + ")");
                range.add(k);
            }
        } else {
            throw new DeriveException("the sum " + sum + " runs over " + LatexPrinter.print(family)
                    + ", but only " + shownMembers + " are defined; define " + LatexPrinter.print(family)
                    + " for every index or give the sum numeric bounds");
        }
        List<Expr> terms = new ArrayList<>();
        for (long k : range) terms.add(Exprs.substitute(b.body(), b.index(), Expr.num(k)));
        if (b.kind() == BigOpKind.SUM) return Expr.add(terms);
        return Expr.mul(terms);
    }

    /**
     * softmax(\mathbf{e})_i where the components e_i are defined (e_i = q k_i): the vector is those
     * components, so it is written e^{e_i}/Σ_k e^{e_k} and the chain reaches through them.
     */
    private Expr softmaxOfDefined(Index ix) {
        if (ix.indices().size() != 1 || !(ix.base() instanceof Apply ap) || !(ap.fn() instanceof Builtin bf)
                || bf.op() != BuiltinFn.SOFTMAX || ap.args().size() != 1
                || !(ap.args().get(0) instanceof Sym v) || !Components.isVectorSymbol(v)) return ix;
        Expr i = ix.indices().get(0);
        if (instantiate(Components.component(v, List.of(i))) == null) return ix;
        Set<Sym> used = Exprs.symbols(ix);
        Sym k = Exprs.freshLetter(used, "k", "l", "m", "p", "q", "r", "t").orElse(null);
        if (k == null) return ix;
        Expr num = Expr.apply(BuiltinFn.EXP, Components.component(v, List.of(i)));
        Expr den = new BigOp(BigOpKind.SUM, k, Optional.empty(), Optional.empty(),
                Expr.apply(BuiltinFn.EXP, Components.component(v, List.of(k))));
        note(LatexPrinter.print(ix) + " is read through its defined components: "
                + LatexPrinter.print(Expr.div(num, den)));
        return Expr.div(num, den);
    }

    /**
     * The family member in b's body (s_k) whose index is b's and which has numbered definitions only
     * (s_1, s_2, no pattern s_i), collecting the numbers; null when there is none.
     */
    private Sym numberedFamily(BigOp b, Set<Long> members) {
        Sym found = null;
        for (Sym s : Exprs.valueSymbols(b.body())) {
            if (!indexItems(s).contains(b.index()) || instantiate(s) != null) continue;
            Set<Long> mine = new TreeSet<>();
            for (Sym d : defs.keySet()) {
                Long n = memberNumber(d, s, b.index());
                if (n != null) mine.add(n);
            }
            if (mine.isEmpty()) continue;
            if (found != null && !mine.equals(members))
                throw new DeriveException("the sum " + LatexPrinter.print(b) + " runs over "
                        + LatexPrinter.print(found) + " and " + LatexPrinter.print(s)
                        + ", which are defined for different indices");
            found = s;
            members.addAll(mine);
        }
        return found;
    }

    /** The integer at the place of {@code index} when d is s with that index replaced by a number (s_2 for s_k), else null. */
    private static Long memberNumber(Sym d, Sym s, Sym index) {
        if (!d.name().equals(s.name()) || !d.styles().equals(s.styles()) || d.sup().kind() != s.sup().kind()) return null;
        List<Expr> di = indexItems(d), si = indexItems(s);
        if (di.size() != si.size() || d.sub().size() != s.sub().size()) return null;
        Long n = null;
        for (int k = 0; k < di.size(); k++) {
            if (si.get(k).equals(index)) {
                if (!(di.get(k) instanceof Num num) || !num.value().isInteger()) return null;
                long v = num.value().num().longValueExact();
                if (n != null && n != v) return null;
                n = v;
            } else if (!di.get(k).equals(si.get(k))) {
                return null;
            }
        }
        return n;
    }

    /** Subscript then superscript index items: [i] for w_i, [i] for y^{(i)}. */
    static List<Expr> indexItems(Sym s) {
        List<Expr> out = new ArrayList<>(s.sub());
        out.addAll(s.sup().items());
        return out;
    }

    private void checkAcyclic() {
        for (Sym s : defs.keySet()) {
            Set<Sym> seen = new LinkedHashSet<>();
            walk(s, seen, new LinkedHashSet<>());
        }
    }

    private void walk(Sym s, Set<Sym> done, Set<Sym> stack) {
        if (!stack.add(s)) throw new DeriveException("definitions refer to each other in a cycle");
        Expr rhs = defs.get(s);
        if (rhs != null) for (Sym t : Exprs.valueSymbols(rhs)) if (defs.containsKey(t) && !done.contains(t)) walk(t, done, stack);
        stack.remove(s);
        done.add(s);
    }

    public Map<Sym, Expr> map() { return defs; }
    public List<Expr> assumptions() { return assumptions; }
    public List<Rel> facts() { return facts; }

    /** What random points must satisfy: the assumptions and the facts (Σ_k y_k = 1). */
    public List<Expr> sampling() {
        List<Expr> all = new ArrayList<>(assumptions);
        all.addAll(facts);
        return all;
    }
    public List<Rel> declarations() { return declarations; }

    public boolean isDefined(Sym s) {
        return defs.containsKey(s);
    }

    public Expr definition(Sym s) {
        return defs.get(s);
    }

    /** The definition that s instantiates by index renaming (s_k from s_i, \\hat{y}^{(k)} from \\hat{y}^{(i)}), or null. */
    public Expr instantiate(Sym s) {
        if (defs.containsKey(s)) return defs.get(s);
        List<Expr> items = indexItems(s);
        if (items.isEmpty()) return null;
        for (Map.Entry<Sym, Expr> en : defs.entrySet()) {
            Sym pat = en.getKey();
            if (!pat.name().equals(s.name()) || !pat.styles().equals(s.styles()) || pat.sub().size() != s.sub().size()
                    || pat.sup().kind() != s.sup().kind() || pat.sup().items().size() != s.sup().items().size()) continue;
            List<Expr> patItems = indexItems(pat);
            Map<Sym, Expr> bind = new LinkedHashMap<>();
            boolean ok = true;
            for (int k = 0; k < patItems.size() && ok; k++) {
                Expr pi = patItems.get(k), si = items.get(k);
                if (isIndexLetter(pi) && pi instanceof Sym v) {
                    Expr prev = bind.putIfAbsent(v, si);
                    ok = prev == null || prev.equals(si);
                } else {
                    ok = pi.equals(si);
                }
            }
            if (!ok) continue;
            Expr rhs = freshenBound(en.getValue(), bind.values());
            for (Map.Entry<Sym, Expr> b : bind.entrySet()) rhs = Exprs.substitute(rhs, b.getKey(), placeholder(b.getKey()));
            for (Map.Entry<Sym, Expr> b : bind.entrySet()) rhs = Exprs.substitute(rhs, placeholder(b.getKey()), b.getValue());
            return rhs;
        }
        return null;
    }

    /** An index letter of a family's name: a plain Latin letter (i in s_i); θ in z_θ is a label. */
    static boolean isIndexLetter(Expr e) {
        return e instanceof Sym v && v.sub().isEmpty() && v.styles().isEmpty() && !v.isGreek()
                && v.name().length() == 1 && Character.isLowerCase(v.name().charAt(0));
    }

    private static Sym placeholder(Sym v) {
        return new Sym("\\ph" + v.name(), List.of("rm"), List.of(), SupIndex.NONE);
    }

    /** Renames summation indices of e that clash with the symbols of the new index values. */
    private static Expr freshenBound(Expr e, Collection<Expr> incoming) {
        Set<Sym> avoid = new LinkedHashSet<>();
        for (Expr x : incoming) avoid.addAll(Exprs.symbols(x));
        return freshen(e, avoid);
    }

    private static Expr freshen(Expr e, Set<Sym> avoid) {
        Expr inner = Exprs.mapChildren(e, c -> freshen(c, avoid));
        if (inner instanceof BigOp b && avoid.contains(b.index())) {
            Set<Sym> used = Exprs.symbols(b);
            used.addAll(avoid);
            Optional<Sym> fresh = Exprs.freshLetter(used, "l", "m", "q", "r", "t", "u", "v");
            if (fresh.isPresent()) return Exprs.renameIndex(b, fresh.get());
        }
        return inner;
    }

    /** e with every defined name replaced by its definition, repeatedly (the "flat" form). */
    public Expr inline(Expr e) {
        Expr cur = resolve(e);
        for (int round = 0; round < 64; round++) {
            Expr next = inlineOnce(cur);
            if (next.equals(cur)) return cur;
            cur = next;
        }
        throw new DeriveException("definitions nest too deeply to substitute");
    }

    private Expr inlineOnce(Expr e) {
        return inlineOnce(e, Set.of());
    }

    /**
     * One round of substitution. A derivative by a defined name (∂h(a)/∂a with a = ReLU(z)) is kept as
     * a derivative by that name, evaluated at its definition: (∂h(a)/∂a)|_{a = ReLU(z)}.
     */
    private Expr inlineOnce(Expr e, Set<Sym> keep) {
        if (e instanceof Sym s) {
            // Indices are names: z_{h_1} stays z_{h_1} even when h_1 is defined.
            if (keep.contains(s)) return s;
            Expr d = instantiate(s);
            return d == null ? s : d;
        }
        if (e instanceof Deriv dv) {
            List<Sym> named = new ArrayList<>();
            for (Expr w : dv.wrt()) if (w instanceof Sym ws && !keep.contains(ws) && instantiate(ws) != null && !named.contains(ws)) named.add(ws);
            if (!named.isEmpty()) {
                Set<Sym> k2 = new LinkedHashSet<>(keep);
                k2.addAll(named);
                Expr inner = new Deriv(inlineOnce(dv.f(), k2), dv.wrt(), dv.partial());
                List<Expr> at = new ArrayList<>();
                for (Sym a : named) at.add(Rel.of(a, RelOp.EQ, instantiate(a)));
                return new EvalAt(inner, at);
            }
        }
        if (e instanceof EvalAt at) {
            Set<Sym> k2 = new LinkedHashSet<>(keep);
            List<Expr> bindings = new ArrayList<>();
            for (Expr b : at.at()) {
                if (b instanceof Rel r && r.operands().get(0) instanceof Sym bs) {
                    k2.add(bs);
                    bindings.add(Rel.of(bs, r.ops().get(0), inlineOnce(r.operands().get(1), keep)));
                } else {
                    bindings.add(inlineOnce(b, keep));
                }
            }
            return new EvalAt(inlineOnce(at.body(), k2), bindings);
        }
        return Exprs.mapChildren(e, c -> inlineOnce(c, keep));
    }

    /** Only the pattern instances (s_k for a defined s_i), keeping exactly-defined names as they are. */
    public Expr inlineInstances(Expr e) {
        if (e instanceof Sym s) {
            if (defs.containsKey(s)) return s;
            Expr d = instantiate(s);
            return d == null ? s : inlineInstances(d);
        }
        return Exprs.mapChildren(e, this::inlineInstances);
    }

    /**
     * Writes e with the user's names where their definitions occur (σ(a) → p, W^T x → ŷ,
     * e^{a_j}/Σ_k e^{a_k} → s_j), largest definitions first; {@code only} restricts the names used.
     */
    public Expr backSubstitute(Expr e, Set<Sym> only) {
        List<Map.Entry<Sym, Expr>> order = new ArrayList<>(defs.entrySet());
        order.sort((a, b) -> Integer.compare(Exprs.size(b.getValue()), Exprs.size(a.getValue())));
        List<BackSubstitute.Definition> list = new ArrayList<>();
        for (Map.Entry<Sym, Expr> en : order)
            if (only == null || only.contains(en.getKey())) {
                // As written (e^{z_k} in a chain through z_i = w_i x) and with family members inlined (a flat form).
                Expr flatter = inlineInstances(en.getValue());
                if (!flatter.equals(en.getValue()))
                    list.add(new BackSubstitute.Definition(en.getKey(), en.getValue()));
                list.add(new BackSubstitute.Definition(en.getKey(), flatter));
            }
        return BackSubstitute.apply(e, list);
    }

    /** Applies facts such as Σ_k y_k = 1 (left side replaced by right side). */
    public Expr applyFacts(Expr e) {
        Expr cur = e;
        for (Rel f : facts) cur = replaceEquivalent(cur, Canon.key(f.operands().get(0)), f.operands().get(1));
        return cur;
    }

    /** Replaces sub-expressions equal to a key up to term order and renamed summation indices. */
    private static Expr replaceEquivalent(Expr e, String key, Expr by) {
        if (Canon.key(e).equals(key)) return by;
        return Exprs.mapChildren(e, c -> replaceEquivalent(c, key, by));
    }
}
