package org.chainrule.simplify;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;

/**
 * Summation indices as bound names: substitution that never lets a sum capture an incoming index, and
 * renaming a bound index that is also used free, so δ_{ij} Σ_j e^{e_j} is written δ_{ij} Σ_l e^{e_l}.
 */
public final class Indices {
    private Indices() {}

    private static final String[] LETTERS = {"l", "m", "n", "p", "q", "r", "t", "u", "v", "k", "j", "i"};

    /** e with {@code from} replaced by {@code to}; a sum whose index occurs in {@code to} is renamed first. */
    public static Expr substitute(Expr e, Expr from, Expr to) {
        Set<Sym> incoming = Exprs.symbols(to);
        return Exprs.substitute(rename(e, incoming, Exprs.symbols(e)), from, to);
    }

    /** Every sum whose index is also a free symbol of e gets a letter used nowhere in e. */
    public static Expr distinctBound(Expr e) {
        if (!hasBigOp(e)) return e; // most answers bind no index (no Σ or Π), and collecting symbols costs two walks
        Set<Sym> free = free(e);
        return rename(e, free, Exprs.symbols(e));
    }

    private static boolean hasBigOp(Expr e) {
        if (e instanceof BigOp) return true;
        for (Expr c : Exprs.children(e)) if (hasBigOp(c)) return true;
        return false;
    }

    private static Expr rename(Expr e, Set<Sym> clash, Set<Sym> used) {
        Expr inner = Exprs.mapChildren(e, c -> rename(c, clash, used));
        if (inner instanceof BigOp b && clash.contains(b.index())) {
            Set<Sym> avoid = new LinkedHashSet<>(used);
            avoid.addAll(clash);
            Optional<Sym> fresh = Exprs.freshLetter(avoid, LETTERS);
            if (fresh.isPresent()) {
                used.add(fresh.get());
                return Exprs.renameIndex(b, fresh.get());
            }
        }
        return inner;
    }

    /** The symbols of e outside the scope of the sums that bind them (indices inside symbols included). */
    public static Set<Sym> free(Expr e) {
        Set<Sym> out = new LinkedHashSet<>();
        if (e instanceof BigOp b) {
            b.from().ifPresent(f -> out.addAll(free(f)));
            b.to().ifPresent(t -> out.addAll(free(t)));
            Set<Sym> body = free(b.body());
            body.remove(b.index());
            out.addAll(body);
            return out;
        }
        if (e instanceof Sym s) out.add(s);
        for (Expr c : Exprs.children(e)) out.addAll(free(c));
        return out;
    }
}
