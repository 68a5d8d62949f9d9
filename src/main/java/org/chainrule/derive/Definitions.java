package org.chainrule.derive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.simplify.Simplifier;

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

    public static Definitions of(List<Expr> given) {
        Definitions d = new Definitions();
        for (Expr g : given) d.add(g);
        d.checkAcyclic();
        return d;
    }

    private void add(Expr g) {
        if (g instanceof Rel r && r.ops().size() == 1) {
            RelOp op = r.ops().get(0);
            Expr l = r.operands().get(0), rt = r.operands().get(1);
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

    /** The definition that s instantiates by index renaming (s_k from s_i), or null. */
    public Expr instantiate(Sym s) {
        if (defs.containsKey(s)) return defs.get(s);
        for (Map.Entry<Sym, Expr> en : defs.entrySet()) {
            Sym pat = en.getKey();
            if (!pat.name().equals(s.name()) || !pat.styles().equals(s.styles()) || pat.sub().size() != s.sub().size()
                    || s.sub().isEmpty() || !pat.sup().equals(s.sup())) continue;
            Map<Sym, Expr> bind = new HashMap<>();
            boolean ok = true;
            for (int k = 0; k < pat.sub().size() && ok; k++) {
                Expr pi = pat.sub().get(k), si = s.sub().get(k);
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
    private static Expr freshenBound(Expr e, java.util.Collection<Expr> incoming) {
        Set<Sym> avoid = new LinkedHashSet<>();
        for (Expr x : incoming) avoid.addAll(Exprs.symbols(x));
        return freshen(e, avoid);
    }

    private static Expr freshen(Expr e, Set<Sym> avoid) {
        Expr inner = Exprs.mapChildren(e, c -> freshen(c, avoid));
        if (inner instanceof BigOp b && avoid.contains(b.index())) {
            Set<Sym> used = Exprs.symbols(b);
            used.addAll(avoid);
            java.util.Optional<Sym> fresh = Exprs.freshLetter(used, "l", "m", "q", "r", "t", "u", "v");
            if (fresh.isPresent()) return Exprs.renameIndex(b, fresh.get());
        }
        return inner;
    }

    /** e with every defined name replaced by its definition, repeatedly (the "flat" form). */
    public Expr inline(Expr e) {
        Expr cur = e;
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
        List<org.chainrule.simplify.BackSubstitute.Definition> list = new ArrayList<>();
        for (Map.Entry<Sym, Expr> en : order)
            if (only == null || only.contains(en.getKey()))
                list.add(new org.chainrule.simplify.BackSubstitute.Definition(en.getKey(), inlineInstances(en.getValue())));
        return org.chainrule.simplify.BackSubstitute.apply(e, list);
    }

    /** Applies facts such as Σ_k y_k = 1 (left side replaced by right side). */
    public Expr applyFacts(Expr e) {
        Expr cur = e;
        for (Rel f : facts) cur = replaceEquivalent(cur, org.chainrule.simplify.Canon.key(f.operands().get(0)), f.operands().get(1));
        return cur;
    }

    /** Replaces sub-expressions equal to a key up to term order and renamed summation indices. */
    private static Expr replaceEquivalent(Expr e, String key, Expr by) {
        if (org.chainrule.simplify.Canon.key(e).equals(key)) return by;
        return Exprs.mapChildren(e, c -> replaceEquivalent(c, key, by));
    }
}
