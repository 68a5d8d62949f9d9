package org.chainrule.simplify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.chainrule.expr.Budget;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Rational;
import org.chainrule.expr.Shapes.Shape;

/**
 * chainrule's own rewrite rules: the everyday simplifications that make a derivative read the way a
 * TA writes it (fold numbers, drop ·1 and +0, collect like terms and equal bases, cancel, collapse
 * Kronecker deltas in sums). Every rewrite is a named entry of {@link #RULES}; every one is an
 * identity for scalars wherever both sides are defined, and the engine re-checks results numerically.
 *
 * <p>Products of scalars are treated as commutative; products with a matrix or vector factor are left
 * in order (see {@link #isScalarLike(Expr, Map)}: declared shapes decide, typography only for
 * undeclared symbols).
 */
public final class Simplifier {
    private Simplifier() {}

    /** One named simplification: a kebab-case name, the identity it applies (before → after), and how. */
    record Rule(String name, String identity, Rewrite rewrite) {}

    /**
     * How a rule rewrites. A {@link Rewrite.Node} rewrites one kind of node whose children are already
     * simplified and returns the node itself when it does not apply; of a node's rules the first that
     * applies wins. {@link Rewrite.Terms} and {@link Rewrite.Factors} are the stages, in table order,
     * of rebuilding a sum from its terms and a product from its factors.
     */
    sealed interface Rewrite {
        record Node(Class<? extends Expr> kind, BiFunction<Expr, Run, Expr> apply) implements Rewrite {}

        record Terms(BiFunction<List<Expr>, Run, List<Expr>> apply) implements Rewrite {}

        record Factors(BiFunction<Product, Run, Product> apply) implements Rewrite {}
    }

    /**
     * A product being rebuilt: the numeric coefficient (decimal if a decimal went in), the other
     * factors, and {@code done} once a stage has produced the whole result.
     */
    record Product(Rational c, boolean decimal, List<Expr> rest, Expr done) {
        Product with(List<Expr> rest) { return new Product(c, decimal, rest, null); }

        static Product finished(Expr e) { return new Product(Rational.ONE, false, List.of(), e); }
    }

    /**
     * One simplification's settings: the declared shapes, whether numbered deltas (δ_{12}) are
     * evaluated, and, in tests, a tally of rule applications (null otherwise).
     */
    record Run(Map<Sym, Shape> declared, boolean numberedDeltas, Map<String, Integer> tally) {
        void applied(Rule r) {
            if (tally != null) tally.merge(r.name(), 1, Integer::sum);
        }
    }

    static Rule node(String name, String identity, Class<? extends Expr> kind, BiFunction<Expr, Run, Expr> apply) {
        return new Rule(name, identity, new Rewrite.Node(kind, apply));
    }

    static Rule terms(String name, String identity, BiFunction<List<Expr>, Run, List<Expr>> apply) {
        return new Rule(name, identity, new Rewrite.Terms(apply));
    }

    static Rule factors(String name, String identity, BiFunction<Product, Run, Product> apply) {
        return new Rule(name, identity, new Rewrite.Factors(apply));
    }

    /** Every rewrite, in the order it is tried; each has golden cases in src/test/resources/golden/simplify. */
    static final List<Rule> RULES = List.of(
            terms("collect-like-terms", "2x + 3x → 5x, 1 + x + 2 → 3 + x, x − x → 0 (numbers folded at the first number's place)",
                    (ts, run) -> collectLikeTerms(ts, run)),
            terms("positive-term-first", "−p + 1 → 1 − p", (ts, run) -> positiveFirst(ts)),
            factors("fold-numbers", "2·x·3 → 6x, 0·x → 0", (p, run) -> foldNumbers(p)),
            factors("collect-powers", "x·x → x², x^a·x^b → x^{a+b}, x·x^{-1} → 1 (scalar factors only)",
                    (p, run) -> allScalarLike(p.rest(), run) ? foldNumbers(p.with(collectPowers(p.rest(), run))) : p),
            factors("negate-difference", "−(a − b) → b − a", (p, run) -> negateDifference(p, run)),
            factors("flip-binomial", "−2(y − p) → 2(p − y)", (p, run) -> flipBinomial(p, run)),
            factors("reciprocals-last", "x^{-1} y → y x^{-1} (scalar factors only, so a product reads as one fraction)",
                    (p, run) -> reciprocalsLast(p, run)),
            node("power-zero", "u^0 → 1", Pow.class, (e, run) -> Exprs.isNum(((Pow) e).exponent(), 0) ? Expr.num(1) : e),
            node("power-one", "u^1 → u", Pow.class, (e, run) -> Exprs.isNum(((Pow) e).exponent(), 1) ? ((Pow) e).base() : e),
            node("one-to-a-power", "1^u → 1", Pow.class, (e, run) -> Exprs.isNum(((Pow) e).base(), 1) ? Expr.num(1) : e),
            node("number-power", "2^{-3} → 1/8 (integer exponents up to 64, never 0 to a negative power)", Pow.class,
                    (e, run) -> numberPower((Pow) e)),
            node("power-of-power", "(u^a)^k → u^{ak} for integers a, k", Pow.class, (e, run) -> {
                Expr p = powerOfPower((Pow) e);
                return p == e ? e : node(p, run);
            }),
            node("exp-of-log", "e^{ln u} → u", Apply.class, (e, run) -> inverseOf(e, BuiltinFn.EXP, BuiltinFn.LOG)),
            node("log-of-exp", "ln e^u → u", Apply.class, (e, run) -> inverseOf(e, BuiltinFn.LOG, BuiltinFn.EXP)),
            node("function-value", "e^0 → 1, ln 1 → 0, ln e → 1, sin 0 → 0, cos 0 → 1, sign, ReLU, max, min of numbers → the number",
                    Apply.class, (e, run) -> functionValue((Apply) e)),
            node("abs-of-number", "|−3| → 3", Abs.class, (e, run) -> ((Abs) e).arg() instanceof Num n ? Expr.num(n.value().abs()) : e),
            node("transpose-of-transpose", "(Aᵀ)ᵀ → A", Transpose.class,
                    (e, run) -> ((Transpose) e).arg() instanceof Transpose tt ? tt.arg() : e),
            node("decide-indicator", "𝟙[2 > 1] → 1, 𝟙[1 > 2] → 0", Indicator.class, (e, run) -> indicator((Indicator) e)),
            node("decide-cases", "cases whose condition is decided: never → dropped, always first → its value; all values equal → the value",
                    Piecewise.class, (e, run) -> piecewise((Piecewise) e)),
            node("delta-of-numbers", "δ_{12} → 0, δ_{11} → 1 (unless numbered deltas are kept for a step of their own)", Kronecker.class,
                    (e, run) -> isNumbered((Kronecker) e) && run.numberedDeltas() ? Expr.num(((Kronecker) e).i().equals(((Kronecker) e).j()) ? 1 : 0) : e),
            node("delta-same-index", "δ_{ii} → 1", Kronecker.class,
                    (e, run) -> !isNumbered((Kronecker) e) && ((Kronecker) e).i().equals(((Kronecker) e).j()) ? Expr.num(1) : e),
            node("sum-single-term", "Σ_{i=2}^{2} u_i → u_2 (Π likewise); an empty range: Σ → 0, Π → 1", BigOp.class,
                    (e, run) -> singleTerm((BigOp) e)),
            node("sum-of-zero", "Σ_i 0 → 0", BigOp.class,
                    (e, run) -> ((BigOp) e).kind() == BigOpKind.SUM && Exprs.isNum(((BigOp) e).body(), 0) ? Expr.num(0) : e),
            node("sum-of-sum", "Σ_i (a_i + b_i) → Σ_i a_i + Σ_i b_i", BigOp.class, (e, run) -> splitSum((BigOp) e, run)),
            node("sum-of-delta", "Σ_i δ_{ij} u_i → u_j (j assumed in the range)", BigOp.class, (e, run) -> sumOfDelta((BigOp) e)),
            node("sum-constant-factor", "Σ_i c·u_i → c Σ_i u_i for c free of i", BigOp.class, (e, run) -> constantOutOfSum((BigOp) e)));

    /** The node rules by the kind of node they rewrite, and the sum and product stages, each in table order. */
    private static final Map<Class<? extends Expr>, List<Rule>> NODE_RULES = new HashMap<>();
    private static final List<Rule> TERM_STAGES = new ArrayList<>(), FACTOR_STAGES = new ArrayList<>();
    static {
        for (Rule r : RULES) {
            switch (r.rewrite()) {
                case Rewrite.Node n -> NODE_RULES.computeIfAbsent(n.kind(), k -> new ArrayList<>()).add(r);
                case Rewrite.Terms t -> TERM_STAGES.add(r);
                case Rewrite.Factors f -> FACTOR_STAGES.add(r);
            }
        }
    }

    /** Applies the rules bottom-up until nothing changes (bounded); undeclared symbols are judged by typography. */
    public static Expr simplify(Expr e) {
        return simplify(e, Map.of());
    }

    /** As {@link #simplify(Expr)}, with the declared shapes deciding which symbols are matrices or vectors. */
    public static Expr simplify(Expr e, Map<Sym, Shape> declared) {
        return simplify(e, new Run(declared, true, null));
    }

    /**
     * As {@link #simplify}, but a Kronecker delta with two numbers (δ_{12}, δ_{11}) is kept: the
     * differentiator evaluates those in a step of their own, so that a derivation shows δ_{12} = 0.
     */
    public static Expr simplifyKeepingNumberedDeltas(Expr e) {
        return simplify(e, new Run(Map.of(), false, null));
    }

    /** As {@link #simplify(Expr, Map)}, counting each rule's applications into {@code tally} (for tests). */
    static Expr simplify(Expr e, Map<Sym, Shape> declared, Map<String, Integer> tally) {
        return simplify(e, new Run(declared, true, tally));
    }

    private static Expr simplify(Expr e, Run run) {
        // the cache holds fixed points without declarations; a tally must see every rule run
        boolean cached = run.tally() == null && run.declared().isEmpty();
        if (e instanceof Sym || e instanceof Num || cached && FIXED.contains(e, run.numberedDeltas())) return e;
        Expr cur = e;
        for (int i = 0; i < 8; i++) {
            Expr next = once(cur, run);
            if (next.equals(cur)) {
                if (cached) FIXED.add(next, run.numberedDeltas());
                return next;
            }
            cur = next;
        }
        return cur;
    }

    /**
     * The last results known to be fixed points, by identity: the engine simplifies many results again
     * (each candidate form, each name put back), and a full pass over a tree that cannot change is
     * wasted. Identity, not equals: equal trees may differ in what equals ignores (\ln or \log), and a
     * tree is immutable, so a result stays simplified. A few slots, overwritten, not a growing map:
     * keeping many large trees alive made the collector copy them again and again (measured: with
     * 16,384 entries, three derivations of an 80-leaf tree spent 25 s in collector pauses, not 1 s).
     * Races are harmless: a slot only ever holds a fixed point, and a lost write is a miss.
     */
    private static final class Fixed {
        private static final int SLOTS = 64;
        private final Expr[] full = new Expr[SLOTS], keeping = new Expr[SLOTS];

        boolean contains(Expr e, boolean numberedDeltas) {
            int h = System.identityHashCode(e) & (SLOTS - 1);
            // a fixed point of simplify is one of simplifyKeepingNumberedDeltas too, not the other way round
            return full[h] == e || !numberedDeltas && keeping[h] == e;
        }

        void add(Expr e, boolean numberedDeltas) {
            int h = System.identityHashCode(e) & (SLOTS - 1);
            (numberedDeltas ? full : keeping)[h] = e;
        }
    }

    private static final Fixed FIXED = new Fixed();

    /** One bottom-up pass: children first, then the node's rules. */
    private static Expr once(Expr e, Run run) {
        Budget.check();
        Expr inner = Exprs.mapChildren(e, c -> once(c, run));
        return switch (inner) {
            case Add a -> sum(a.terms(), run);
            case Mul m -> product(m.factors(), run);
            default -> node(inner, run);
        };
    }

    /** The first of e's node rules that applies, or e. */
    private static Expr node(Expr e, Run run) {
        List<Rule> rules = NODE_RULES.get(e.getClass());
        if (rules == null) return e;
        for (Rule r : rules) {
            Expr next = ((Rewrite.Node) r.rewrite()).apply().apply(e, run);
            if (next != e) {
                run.applied(r);
                return next;
            }
        }
        return e;
    }

    /** A sum rebuilt from simplified terms by the {@link Rewrite.Terms} stages. */
    private static Expr sum(List<Expr> terms, Run run) {
        List<Expr> cur = terms;
        for (Rule r : TERM_STAGES) {
            List<Expr> next = ((Rewrite.Terms) r.rewrite()).apply().apply(cur, run);
            if (run.tally() != null && !next.equals(cur)) run.applied(r);
            cur = next;
        }
        return Expr.add(cur);
    }

    /** A product rebuilt from simplified factors by the {@link Rewrite.Factors} stages. */
    private static Expr product(List<Expr> factors, Run run) {
        Product p = new Product(Rational.ONE, false, factors, null);
        for (Rule r : FACTOR_STAGES) {
            Product next = ((Rewrite.Factors) r.rewrite()).apply().apply(p, run);
            if (run.tally() != null && !next.equals(p)) run.applied(r);
            p = next;
            if (p.done() != null) return p.done();
        }
        List<Expr> out = new ArrayList<>();
        if (!p.c().isOne() || p.rest().isEmpty()) out.add(new Num(p.c(), p.decimal() && p.c().hasFiniteDecimal()));
        out.addAll(p.rest());
        return Expr.mul(out);
    }

    // ------------------------------------------------------------------ sums

    private static List<Expr> collectLikeTerms(List<Expr> terms, Run run) {
        Rational constant = Rational.ZERO;
        boolean decimal = false;
        int constantAt = -1;
        // key → coefficient and representative, insertion-ordered so output keeps the author's order
        Map<String, Rational> coeff = new LinkedHashMap<>();
        Map<String, Expr> rest = new LinkedHashMap<>();
        for (Expr t : terms) {
            if (t instanceof Num n) {
                if (constantAt < 0) constantAt = coeff.size();
                constant = constant.add(n.value());
                decimal |= n.decimal();
                continue;
            }
            Rational c = coefficient(t);
            Expr r = withoutCoefficient(t);
            String k = Canon.key(r, run.declared());
            coeff.merge(k, c, Rational::add);
            rest.putIfAbsent(k, r);
        }
        List<Expr> out = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Rational> en : coeff.entrySet()) {
            if (index++ == constantAt && !constant.isZero()) out.add(new Num(constant, decimal));
            Rational c = en.getValue();
            if (c.isZero()) continue;
            out.add(times(c, rest.get(en.getKey())));
        }
        if (constantAt >= coeff.size() && !constant.isZero()) out.add(new Num(constant, decimal));
        if (out.isEmpty()) out.add(new Num(constant, decimal));
        return out;
    }

    private static List<Expr> positiveFirst(List<Expr> terms) {
        if (terms.size() < 2 || coefficient(terms.get(0)).signum() >= 0) return terms;
        for (int k = 1; k < terms.size(); k++) {
            if (coefficient(terms.get(k)).signum() > 0) {
                List<Expr> out = new ArrayList<>(terms);
                out.add(0, out.remove(k));
                return out;
            }
        }
        return terms;
    }

    /** The numeric coefficient of a term: 3 for 3xy, −1 for −x, 1 for x. */
    public static Rational coefficient(Expr t) {
        if (t instanceof Num n) return n.value();
        if (t instanceof Mul m && m.factors().get(0) instanceof Num n) return n.value();
        return Rational.ONE;
    }

    /** A term without its leading number: xy for 3xy; a number stays itself. */
    public static Expr withoutCoefficient(Expr t) {
        if (t instanceof Mul m && m.factors().get(0) instanceof Num) return Expr.mul(m.factors().subList(1, m.factors().size()));
        return t;
    }

    /** c·e with the coefficient folded into a leading number. */
    public static Expr times(Rational c, Expr e) {
        if (c.isOne()) return e;
        if (c.isZero()) return Expr.num(0);
        if (e instanceof Num n) return new Num(c.multiply(n.value()), n.decimal());
        List<Expr> fs = new ArrayList<>();
        fs.add(Expr.num(c));
        if (e instanceof Mul m) fs.addAll(m.factors());
        else fs.add(e);
        return Expr.mul(fs);
    }

    // ------------------------------------------------------------------ products

    /** Numbers among the factors multiplied into the coefficient; a zero coefficient ends the product. */
    private static Product foldNumbers(Product p) {
        Rational c = p.c();
        boolean decimal = p.decimal();
        List<Expr> rest = new ArrayList<>();
        for (Expr f : p.rest()) {
            if (f instanceof Num n) {
                c = c.multiply(n.value());
                decimal |= n.decimal();
            } else {
                rest.add(f);
            }
        }
        if (c.isZero()) return Product.finished(Expr.num(0));
        return new Product(c, decimal, rest, null);
    }

    /** −(a − b) reads better as b − a: distribute a lone −1 into a sum that has a negative term. */
    private static Product negateDifference(Product p, Run run) {
        if (!(p.c().equals(Rational.MINUS_ONE) && p.rest().size() == 1 && p.rest().get(0) instanceof Add a
                && a.terms().stream().anyMatch(t -> coefficient(t).signum() < 0))) return p;
        List<Expr> ts = new ArrayList<>();
        for (Expr t : a.terms()) ts.add(times(Rational.MINUS_ONE, t));
        return Product.finished(sum(ts, run));
    }

    /** −2(y − p) reads better as 2(p − y): flip the sign of a two-term sum with one negative term. */
    private static Product flipBinomial(Product p, Run run) {
        if (p.c().signum() >= 0) return p;
        for (int k = 0; k < p.rest().size(); k++) {
            if (p.rest().get(k) instanceof Add a && a.terms().size() == 2
                    && a.terms().stream().filter(t -> coefficient(t).signum() < 0).count() == 1) {
                List<Expr> ts = new ArrayList<>();
                for (Expr t : a.terms()) ts.add(times(Rational.MINUS_ONE, t));
                List<Expr> rest = new ArrayList<>(p.rest());
                rest.set(k, sum(ts, run));
                return new Product(p.c().negate(), p.decimal(), rest, null);
            }
        }
        return p;
    }

    /** Reciprocals go last, so that a product reads as one fraction: e^{-x} (1 + e^{-x})^{-2}. */
    private static Product reciprocalsLast(Product p, Run run) {
        if (!allScalarLike(p.rest(), run)) return p;
        List<Expr> top = new ArrayList<>(), bottom = new ArrayList<>();
        for (Expr f : p.rest()) (isReciprocal(f) ? bottom : top).add(f);
        top.addAll(bottom);
        return new Product(p.c(), p.decimal(), top, null);
    }

    static boolean isReciprocal(Expr f) {
        return f instanceof Pow p && p.exponent() instanceof Num n && n.value().signum() < 0 && n.value().isInteger();
    }

    /** x·x → x², x^a·x^b → x^{a+b}, x·x^{-1} → 1; keeps the position of the first occurrence. */
    private static List<Expr> collectPowers(List<Expr> factors, Run run) {
        Map<String, Expr> base = new LinkedHashMap<>();
        Map<String, List<Expr>> exps = new LinkedHashMap<>();
        for (Expr f : factors) {
            Expr b = f instanceof Pow p ? p.base() : f;
            Expr x = f instanceof Pow p ? p.exponent() : Expr.num(1);
            String k = Canon.key(b, run.declared());
            base.putIfAbsent(k, b);
            exps.computeIfAbsent(k, z -> new ArrayList<>()).add(x);
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<String, Expr> en : base.entrySet()) {
            List<Expr> xs = exps.get(en.getKey());
            if (xs.size() == 1) {
                out.add(power(en.getValue(), xs.get(0), run));
                continue;
            }
            Expr p = power(en.getValue(), sum(xs, run), run);
            if (!Exprs.isNum(p, 1)) out.add(p);
        }
        return out;
    }

    /** Matrices, transposes and bold symbols do not commute; everything else here is scalar (undeclared symbols). */
    public static boolean isScalarLike(Expr e) {
        return isScalarLike(e, Map.of());
    }

    /**
     * True when e is a scalar, so that it commutes and folds: a declared symbol is what its declaration
     * says (a bold {@code \mathbf{s} \in \mathbb{R}} is a scalar, a capital {@code W \in \mathbb{R}^{m
     * \times n}} a matrix); an undeclared one falls back to typography: bold or arrowed letters are
     * vectors, capitals (N, L, E) scalars. Matrices, transposes and elementwise products never commute.
     */
    public static boolean isScalarLike(Expr e, Map<Sym, Shape> declared) {
        return switch (e) {
            case Matrix m -> false;
            case Transpose t -> false;
            case Sym s -> {
                Shape d = declared.get(s);
                yield d != null ? d.isScalar() : !s.styles().contains("bold") && !s.styles().contains("vec");
            }
            case Pow p -> isScalarLike(p.base(), declared);
            case Mul m -> allScalarLike(m.factors(), declared);
            case Add a -> allScalarLike(a.terms(), declared);
            case Hadamard h -> false;
            default -> true;
        };
    }

    private static boolean allScalarLike(List<Expr> es, Map<Sym, Shape> declared) {
        for (Expr e : es) if (!isScalarLike(e, declared)) return false;
        return true;
    }

    private static boolean allScalarLike(List<Expr> es, Run run) {
        return allScalarLike(es, run.declared());
    }

    // ------------------------------------------------------------------ powers

    /** b^x with the power rules applied. */
    private static Expr power(Expr b, Expr x, Run run) {
        return node(new Pow(b, x), run);
    }

    /** b^k of a number b folded for an integer |k| ≤ 64, never 0 to a negative power; otherwise e itself. */
    public static Expr numberPower(Pow e) {
        if (e.base() instanceof Num nb && e.exponent() instanceof Num nx && nx.value().isInteger() && nx.value().num().bitLength() < 8) {
            int k = nx.value().num().intValue();
            if (Math.abs(k) <= 64 && !(nb.value().isZero() && k < 0)) return new Num(nb.value().pow(k), nb.decimal());
        }
        return e;
    }

    /** (b^a)^k = b^{a k} for integers a, k (true for all b where both sides are defined), not simplified further; otherwise e itself. */
    public static Expr powerOfPower(Pow e) {
        if (e.base() instanceof Pow inner && e.exponent() instanceof Num nx && nx.value().isInteger()
                && inner.exponent() instanceof Num na && na.value().isInteger())
            return new Pow(inner.base(), Expr.num(na.value().multiply(nx.value())));
        return e;
    }

    // ------------------------------------------------------------------ functions

    /** f(g(u)) → u where g undoes f (e^{ln u}, ln e^u). */
    private static Expr inverseOf(Expr e, BuiltinFn outer, BuiltinFn inner) {
        if (e instanceof Apply ap && ap.fn() instanceof Builtin b && b.op() == outer
                && ap.args().get(0) instanceof Apply in && in.fn() instanceof Builtin ib && ib.op() == inner)
            return in.args().get(0);
        return e;
    }

    /** A built-in function at arguments where its value is a known number (the function table's exact values). */
    private static Expr functionValue(Apply ap) {
        if (!(ap.fn() instanceof Builtin b)) return ap;
        Expr v = b.op().spec.exact().apply(ap.args());
        return v != null ? v : ap;
    }

    private static Expr indicator(Indicator ind) {
        Optional<Boolean> v = Conditions.decide(ind.condition());
        return v.<Expr>map(b -> Expr.num(b ? 1 : 0)).orElse(ind);
    }

    private static Expr piecewise(Piecewise pw) {
        List<Case> kept = new ArrayList<>();
        for (Case c : pw.cases()) {
            Optional<Boolean> v = Conditions.decide(c.condition());
            if (v.isPresent() && !v.get()) continue;               // never applies
            if (v.isPresent() && v.get() && kept.isEmpty()) return c.value(); // always the first match
            kept.add(c);
        }
        if (kept.isEmpty()) return pw.otherwise().orElse(pw);
        Expr first = kept.get(0).value();
        boolean same = kept.stream().allMatch(c -> c.value().equals(first))
                && pw.otherwise().map(first::equals).orElse(true);
        if (same && pw.otherwise().isPresent()) return first;
        return kept.size() == pw.cases().size() ? pw : new Piecewise(kept, pw.otherwise());
    }

    // ------------------------------------------------------------------ indexed sums

    /** δ_{12}, δ_{11}: both indices are numbers, so the delta is a known 0 or 1. */
    public static boolean isNumbered(Kronecker k) {
        return k.i() instanceof Num && k.j() instanceof Num;
    }

    /** Σ_{i=2}^{2} u_i = u_2 and Π likewise; an empty range (from 3 to 2) is 0 for Σ and 1 for Π. */
    private static Expr singleTerm(BigOp b) {
        if (!(b.from().orElse(null) instanceof Num lo) || !(b.to().orElse(null) instanceof Num hi)
                || !lo.value().isInteger() || !hi.value().isInteger()) return b;
        Rational count = hi.value().subtract(lo.value()).add(Rational.ONE);
        if (count.isZero()) return Expr.num(b.kind() == BigOpKind.SUM ? 0 : 1);
        if (count.isOne()) return Exprs.substitute(b.body(), b.index(), Num.of(lo.value()));
        return b;
    }

    /** Σ_i (a + b) = Σ_i a + Σ_i b, each part simplified by the sum rules. */
    private static Expr splitSum(BigOp b, Run run) {
        if (b.kind() != BigOpKind.SUM || !(b.body() instanceof Add a)) return b;
        List<Expr> parts = new ArrayList<>();
        for (Expr t : a.terms()) parts.add(node(new BigOp(b.kind(), b.index(), b.from(), b.to(), t), run));
        return Expr.add(parts);
    }

    /** Σ_i δ_{ij} u_i = u_j: the Kronecker delta picks one term (j is assumed to lie in the range). */
    private static Expr sumOfDelta(BigOp b) {
        if (b.kind() != BigOpKind.SUM) return b;
        Sym i = b.index();
        List<Expr> factors = b.body() instanceof Mul m ? m.factors() : List.of(b.body());
        for (int k = 0; k < factors.size(); k++) {
            if (factors.get(k) instanceof Kronecker d) {
                Expr other = null;
                if (d.i().equals(i) && !Exprs.contains(d.j(), i)) other = d.j();
                else if (d.j().equals(i) && !Exprs.contains(d.i(), i)) other = d.i();
                if (other != null) {
                    List<Expr> rest = new ArrayList<>(factors);
                    rest.remove(k);
                    return Indices.substitute(Expr.mul(rest), i, other); // Σ_m δ_{mj} Σ_j u_{jm}: rename the inner j first
                }
            }
        }
        return b;
    }

    /** Σ_i c·u_i = c Σ_i u_i: factors that do not depend on the index come out of the sum. */
    private static Expr constantOutOfSum(BigOp b) {
        if (b.kind() != BigOpKind.SUM) return b;
        List<Expr> factors = b.body() instanceof Mul m ? m.factors() : List.of(b.body());
        List<Expr> outside = new ArrayList<>(), inside = new ArrayList<>();
        for (Expr f : factors) (Exprs.contains(f, b.index()) ? inside : outside).add(f);
        if (outside.isEmpty() || inside.isEmpty()) return b;
        outside.add(new BigOp(b.kind(), b.index(), b.from(), b.to(), Expr.mul(inside)));
        return Expr.mul(outside);
    }
}
