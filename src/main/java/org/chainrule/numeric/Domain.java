package org.chainrule.numeric;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;

/**
 * Where expressions are defined, as atoms {@code g op 0}: a logarithm's argument is positive, the
 * base of a non-integer power is non-negative (positive under a negative exponent), a denominator is
 * not zero, tan's cosine is not zero. The problem's conditions (β > 0, 0 < p < 1) become atoms too.
 * An atom inside Σ_k must hold for every k; one inside a case of a piecewise function only where that
 * case is the one evaluated.
 */
public final class Domain {
    private Domain() {}

    /**
     * One condition {@code g op 0} (op one of &gt;, ≥, &lt;, ≤, ≠). {@code binders}: the sums whose index
     * g uses; {@code applies}: whether the atom matters at a point (false outside its case), null for everywhere.
     * {@code shown}: the condition as the user reads it, for "no point where … holds".
     */
    public record Atom(Expr g, RelOp op, List<BigOp> binders, Predicate<Env> applies, String shown) {

        /** True when the atom holds at env (vacuously outside its case or where g cannot be evaluated at all). */
        public boolean holds(Env env) {
            try {
                if (applies != null && !applies.test(env)) return true;
                return forAll(env, 0, e -> Evaluator.compare(op, Evaluator.eval(g, e), 0));
            } catch (EvalException ex) {
                // not numeric here (a vector symbol, an unbound index): it constrains nothing we can sample
                return true;
            }
        }

        /** The test at env with every index of the enclosing sums bound in turn. */
        boolean forAll(Env env, int k, Predicate<Env> test) {
            if (k == binders.size()) return test.test(env);
            BigOp b = binders.get(k);
            if (b.from().isEmpty() || b.to().isEmpty()) return true;
            long from = Math.round(Evaluator.eval(b.from().get(), env)), to = Math.round(Evaluator.eval(b.to().get(), env));
            for (long i = from; i <= to; i++) if (!forAll(env.with(b.index(), i), k + 1, test)) return false;
            return true;
        }
    }

    /** The domain atoms of every expression, then the problem's conditions, without duplicates. */
    public static List<Atom> of(List<Expr> exprs, List<Expr> conditions) {
        List<Atom> out = new ArrayList<>();
        for (Expr e : exprs) collect(e, List.of(), null, out);
        for (Expr c : conditions) condition(c, out);
        List<Atom> unique = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Atom a : out) {
            String key = a.g() + " " + a.op() + " " + a.binders() + (a.applies() == null ? "" : " guarded@" + System.identityHashCode(a));
            if (seen.contains(key)) continue;
            seen.add(key);
            unique.add(a);
        }
        return unique;
    }

    /** β > 0 and 0 < p < 1 as atoms, link by link; equations and memberships are checked as given, not here. */
    private static void condition(Expr c, List<Atom> out) {
        if (!(c instanceof Rel r)) return;
        for (int i = 0; i < r.ops().size(); i++) {
            RelOp op = r.ops().get(i);
            if (op != RelOp.GT && op != RelOp.GE && op != RelOp.LT && op != RelOp.LE && op != RelOp.NE) continue;
            Expr left = r.operands().get(i), right = r.operands().get(i + 1);
            out.add(new Atom(Expr.sub(left, right), op, List.of(), null, LatexPrinter.print(Rel.of(left, op, right))));
        }
    }

    private static void collect(Expr e, List<BigOp> binders, Predicate<Env> applies, List<Atom> out) {
        switch (e) {
            case Apply ap -> {
                Fn fn = ap.fn() instanceof Prime p ? p.fn() : ap.fn();
                if (ap.args().size() == 1) {
                    Expr u = ap.args().get(0);
                    switch (fn) {
                        // the table's domain, written g(u) op 0: log u > 0, cos u ≠ 0 for tan
                        case Builtin b when b.op().spec.domain() != null
                                && b.op().spec.domain().apply(u) instanceof Rel r ->
                                atom(r.operands().get(0), r.ops().get(0), binders, applies, out);
                        case LogBase lb -> atom(u, RelOp.GT, binders, applies, out);
                        default -> { }
                    }
                }
            }
            case Pow p -> power(p, binders, applies, out);
            case Piecewise pw -> {
                // A case's value is evaluated only where its condition is the first to hold.
                List<Expr> conds = new ArrayList<>();
                for (Case c : pw.cases()) {
                    collect(c.condition(), binders, applies, out);
                    List<Expr> before = List.copyOf(conds);
                    Expr cond = c.condition();
                    collect(c.value(), binders, env -> (applies == null || applies.test(env)) && firstHolding(before, cond, env), out);
                    conds.add(cond);
                }
                List<Expr> all = List.copyOf(conds);
                pw.otherwise().ifPresent(o -> collect(o, binders, env -> (applies == null || applies.test(env)) && noneHolds(all, env), out));
                return;
            }
            case BigOp b -> {
                b.from().ifPresent(f -> collect(f, binders, applies, out));
                b.to().ifPresent(t -> collect(t, binders, applies, out));
                List<BigOp> inner = new ArrayList<>(binders);
                inner.add(b);
                collect(b.body(), List.copyOf(inner), applies, out);
                return;
            }
            case EvalAt at -> {
                return; // its body's symbols are bound by the point, not sampled
            }
            default -> { }
        }
        for (Expr c : Exprs.children(e)) collect(c, binders, applies, out);
    }

    private static void power(Pow p, List<BigOp> binders, Predicate<Env> applies, List<Atom> out) {
        Expr base = p.base();
        if (base instanceof Num || base instanceof Const) return; // 2^x, e^x: defined everywhere
        if (p.exponent() instanceof Num n) {
            Rational k = n.value();
            if (k.isInteger()) {
                if (k.signum() < 0) atom(base, RelOp.NE, binders, applies, out);
            } else {
                atom(base, k.signum() < 0 ? RelOp.GT : RelOp.GE, binders, applies, out);
            }
            return;
        }
        // x^y with y varying: real only for a positive base (an exponent of index symbols only is an integer).
        if (!onlyIndices(p.exponent(), binders)) atom(base, RelOp.GT, binders, applies, out);
    }

    private static boolean onlyIndices(Expr e, List<BigOp> binders) {
        for (Sym s : Exprs.symbols(e)) if (binders.stream().noneMatch(b -> b.index().equals(s))) return false;
        return true;
    }

    private static void atom(Expr g, RelOp op, List<BigOp> binders, Predicate<Env> applies, List<Atom> out) {
        if (g instanceof Num n) return; // a number's sign is fixed; evaluation itself reports it
        List<BigOp> used = new ArrayList<>();
        for (BigOp b : binders) if (Exprs.symbols(g).contains(b.index())) used.add(b);
        out.add(new Atom(g, op, List.copyOf(used), applies, LatexPrinter.print(Rel.of(g, op, Expr.num(0)))));
    }

    private static boolean firstHolding(List<Expr> before, Expr cond, Env env) {
        try {
            for (Expr b : before) if (Evaluator.holds(b, env)) return false;
            return Evaluator.holds(cond, env);
        } catch (EvalException ex) {
            return false;
        }
    }

    private static boolean noneHolds(List<Expr> conds, Env env) {
        try {
            for (Expr c : conds) if (Evaluator.holds(c, env)) return false;
            return true;
        } catch (EvalException ex) {
            return false;
        }
    }
}
