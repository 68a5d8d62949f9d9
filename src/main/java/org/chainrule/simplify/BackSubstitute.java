package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;

/**
 * Writes an expression with the user's names where their definitions occur: σ(a) → p,
 * e^{a_j}/Σ_k e^{a_k} → s_j (index letters of a defined name are pattern variables), also inside a
 * larger product (e^{a_i} e^{a_j} / (Σ_k e^{a_k})² → s_i s_j). Every replacement is an identity.
 */
public final class BackSubstitute {
    private BackSubstitute() {}

    public record Definition(Sym name, Expr rhs) {}

    public static Expr apply(Expr e, List<Definition> defs) {
        Expr cur = e;
        for (Definition d : defs) {
            if (d.rhs() instanceof Sym || d.rhs() instanceof Num) continue;
            cur = Simplifier.simplify(one(cur, d));
        }
        return cur;
    }

    private static Expr one(Expr e, Definition d) {
        Expr cur = Exprs.mapChildren(e, c -> one(c, d));
        Set<Sym> vars = patternVars(d.name());
        // Repeat at this node: a product may hold several instances (s_i s_j).
        for (int round = 0; round < 8; round++) {
            Expr next = replaceOnce(cur, d, vars);
            if (next == null) return cur;
            cur = next;
        }
        return cur;
    }

    private static Expr replaceOnce(Expr node, Definition d, Set<Sym> vars) {
        for (Map<Sym, Expr> bind : candidateBindings(node, vars)) {
            Expr rhs = Simplifier.simplify(instantiate(d.rhs(), bind));
            Sym name = (Sym) instantiate(d.name(), bind);
            if (Canon.key(node).equals(Canon.key(rhs))) return name;
            if (node instanceof Mul m && Simplifier.isScalarLike(m)) {
                Expr replaced = inProduct(m.factors(), rhs, name);
                if (replaced != null) return replaced;
            }
        }
        return null;
    }

    /** Index letters of a defined name: i in s_i. */
    static Set<Sym> patternVars(Sym name) {
        Set<Sym> vars = new LinkedHashSet<>();
        for (Expr i : name.sub())
            if (i instanceof Sym v && v.sub().isEmpty() && v.styles().isEmpty() && !v.isGreek()
                    && v.name().length() == 1 && Character.isLowerCase(v.name().charAt(0))) vars.add(v);
        return vars;
    }

    private static List<Map<Sym, Expr>> candidateBindings(Expr e, Set<Sym> vars) {
        List<Map<Sym, Expr>> out = new ArrayList<>();
        if (vars.isEmpty()) {
            out.add(Map.of());
            return out;
        }
        Set<Expr> indices = new LinkedHashSet<>();
        collectIndices(e, indices);
        List<Sym> vs = new ArrayList<>(vars);
        if (vs.size() > 2) return out; // keep the search small
        for (Expr a : indices) {
            if (vs.size() == 1) {
                out.add(Map.of(vs.get(0), a));
            } else {
                for (Expr b : indices) {
                    Map<Sym, Expr> m = new LinkedHashMap<>();
                    m.put(vs.get(0), a);
                    m.put(vs.get(1), b);
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static void collectIndices(Expr e, Set<Expr> out) {
        if (e instanceof Sym s) out.addAll(s.sub());
        for (Expr c : Exprs.children(e)) collectIndices(c, out);
    }

    private static Expr instantiate(Expr e, Map<Sym, Expr> bind) {
        Set<Sym> incoming = new LinkedHashSet<>();
        for (Expr v : bind.values()) incoming.addAll(Exprs.symbols(v));
        // s_i = e^{a_i}/Σ_k e^{a_k} at i = k: rename the bound k first, or the sum would capture it.
        Expr cur = freshen(e, incoming);
        Map<Sym, Sym> hold = new LinkedHashMap<>();
        for (Sym v : bind.keySet()) {
            Sym ph = new Sym("\\hold" + v.name(), List.of("rm"), List.of(), SupIndex.NONE);
            hold.put(v, ph);
            cur = Exprs.substitute(cur, v, ph);
        }
        for (Map.Entry<Sym, Expr> b : bind.entrySet()) cur = Exprs.substitute(cur, hold.get(b.getKey()), b.getValue());
        return cur;
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

    /** Replaces the factors of rhs inside a product by name^m, m as large as the powers allow. */
    private static Expr inProduct(List<Expr> factors, Expr rhs, Sym name) {
        List<Expr> pat = rhs instanceof Mul pm ? pm.factors() : List.of(rhs);
        Rational coeff = Rational.ONE;
        List<Expr> patFactors = new ArrayList<>();
        for (Expr p : pat) {
            if (p instanceof Num n) coeff = coeff.multiply(n.value());
            else patFactors.add(p);
        }
        if (!coeff.isOne() || patFactors.isEmpty()) return null;
        List<Expr> bases = new ArrayList<>();
        List<Rational> exps = new ArrayList<>();
        for (Expr f : factors) {
            bases.add(f instanceof Pow p ? p.base() : f);
            exps.add(f instanceof Pow p ? (p.exponent() instanceof Num n ? n.value() : null) : Rational.ONE);
        }
        int m = Integer.MAX_VALUE;
        int[] at = new int[patFactors.size()];
        for (int k = 0; k < patFactors.size(); k++) {
            Expr pf = patFactors.get(k);
            Expr pb = pf instanceof Pow p ? p.base() : pf;
            Rational pe = pf instanceof Pow p ? (p.exponent() instanceof Num n ? n.value() : null) : Rational.ONE;
            if (pe == null) return null;
            String key = Canon.key(pb);
            at[k] = -1;
            for (int t = 0; t < bases.size(); t++) {
                if (exps.get(t) == null || !Canon.key(bases.get(t)).equals(key)) continue;
                Rational ratio = exps.get(t).divide(pe);
                if (ratio.signum() <= 0) continue;
                int times = ratio.num().divide(ratio.den()).intValue();
                if (times < 1) continue;
                at[k] = t;
                m = Math.min(m, times);
                break;
            }
            if (at[k] < 0) return null;
        }
        List<Rational> newExps = new ArrayList<>(exps);
        for (int k = 0; k < patFactors.size(); k++) {
            Expr pf = patFactors.get(k);
            Rational pe = pf instanceof Pow p ? ((Num) p.exponent()).value() : Rational.ONE;
            newExps.set(at[k], newExps.get(at[k]).subtract(pe.multiply(Rational.of(m))));
        }
        List<Expr> out = new ArrayList<>();
        boolean placed = false;
        for (int t = 0; t < factors.size(); t++) {
            boolean matched = false;
            for (int a : at) matched |= a == t;
            if (matched && !placed) {
                out.add(m == 1 ? name : Expr.pow(name, m));
                placed = true;
            }
            if (newExps.get(t) == null) out.add(factors.get(t));
            else if (!newExps.get(t).isZero()) out.add(Expr.pow(bases.get(t), Expr.num(newExps.get(t))));
        }
        return Expr.mul(out);
    }
}
