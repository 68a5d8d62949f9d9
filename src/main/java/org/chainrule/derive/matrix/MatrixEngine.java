package org.chainrule.derive.matrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Verifier;
import org.chainrule.expr.Components;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Shapes;
import org.chainrule.expr.Shapes.Shape;

/**
 * Matrix calculus in denominator layout (∂f/∂x has the shape of x). The function is broken into
 * named intermediates — the user's, plus a name for the argument of a norm, of a power or of an
 * elementwise function, as a TA writes "let u = Xw − y" — and differentiated in reverse: the gradient
 * by each intermediate is the sum over its parents p of (∂p/∂u)(∂f/∂p), each factor by a rule of
 * {@link MatrixRules}. Every gradient and every local contribution is checked numerically on random
 * matrices of the declared shapes ({@link MatrixVerifier}).
 */
public final class MatrixEngine {
    private MatrixEngine() {}

    /** The trace, written tr(M); used when a scalar multiplies a matrix-valued product. */
    static final Sym TRACE = new Sym("tr", List.of("rm"), List.of(), SupIndex.NONE);

    /** The descriptors of the rules of matrix calculus that the scalar rules do not already have. */
    public static List<RuleDescriptor> rules() {
        return MatrixRules.DESCRIPTORS;
    }

    /** What the scalar engine's derivation record needs from a matrix derivation. */
    public record Result(MatrixCalculus calculus, Expr function, Expr answer, Expr answerFlat, Verifier.Report report) {}

    /**
     * True when the problem involves declared vectors or matrices and the variable is not one of their
     * components (∂L/∂w_i stays with the scalar engine, which works by components).
     */
    public static boolean applies(Map<Sym, Shape> declared, Sym x, Expr flat) {
        Shape sx = declared.get(x);
        if (sx != null && !sx.isScalar()) return true;
        // ∂/∂w_i of an expression in the vector W: the scalar engine works by components.
        for (Map.Entry<Sym, Shape> d : declared.entrySet())
            if (!d.getValue().isScalar() && Components.isComponentOf(x, d.getKey())) return false;
        for (Sym s : Exprs.valueSymbols(flat)) {
            Shape sh = declared.get(s);
            if (sh != null && !sh.isScalar()) return true;
        }
        return false;
    }

    /**
     * @param target   the user's name for the function (L), or null when the input was an expression
     * @param function the function's expression
     * @param defs     the user's definitions (name → expression); indexed families are not supported here
     * <p>The caller has checked the shapes ({@code Engine.checkShapes}): every definition fits its
     * declaration and the function is a scalar.
     */
    public static Result derive(Sym target, Expr function, Sym x, Map<Sym, Expr> defs, Map<Sym, Shape> declared,
                                List<Expr> assumptions, long seed) {
        Set<Sym> used = new LinkedHashSet<>(Exprs.symbols(function));
        used.add(x);
        for (Map.Entry<Sym, Expr> d : defs.entrySet()) {
            used.add(d.getKey());
            used.addAll(Exprs.symbols(d.getValue()));
        }
        for (Sym k : defs.keySet())
            if (!k.sub().isEmpty() && k.sub().stream().anyMatch(i -> i instanceof Sym))
                throw new DeriveException("the indexed definition of " + LatexPrinter.print(k)
                        + " cannot be used in matrix form; write it with vectors, or differentiate by components");
        Sym f = target != null ? target : pickTargetName(used);
        used.add(f);

        Map<Sym, Shape> shapes = new LinkedHashMap<>(declared);
        Map<Sym, Expr> all = new LinkedHashMap<>(defs);
        for (Map.Entry<Sym, Expr> d : all.entrySet()) shapes.put(d.getKey(), Shapes.of(inlineAll(d.getValue(), all), shapes));
        shapes.put(f, Shape.SCALAR);

        // The parser flattened (aᵀx)Bx into aᵀxBx: the 1 × 1 runs become scalar factors again.
        MatrixAlgebra algebra = new MatrixAlgebra(shapes);
        all.replaceAll((name, def) -> algebra.group(def));
        Introducer intro = new Introducer(x, all, shapes, used);
        Expr body = intro.introduce(algebra.group(function));
        for (Sym name : new ArrayList<>(defs.keySet())) all.put(name, intro.introduce(all.get(name)));
        all.putAll(intro.introduced);
        Optional<Expr> expanded = Optional.empty();
        Expr distributed = algebra.distribute(body);
        if (!distributed.equals(body) && hasSumFactorWith(body, x, all)) {
            expanded = Optional.of(distributed);
            body = distributed;
        }
        all.put(f, body);

        // Nodes on the way from f to x, parents before children.
        List<Sym> order = new ArrayList<>();
        topo(f, x, all, new LinkedHashSet<>(), order);
        Collections.reverse(order);
        if (!order.contains(x))
            throw new DeriveException("the function does not depend on " + LatexPrinter.print(x));

        Set<Sym> avoid = new LinkedHashSet<>(used);
        avoid.addAll(intro.introduced.keySet());
        Adjoints adj = new Adjoints(algebra, shapes, avoid);
        Map<Sym, Expr> values = new HashMap<>();
        List<MatrixCalculus.Gradient> gradients = new ArrayList<>();
        MatrixVerifier verifier = new MatrixVerifier(algebra, all, assumptions, seed);
        for (Sym c : order) {
            if (c.equals(f)) continue;
            List<MatrixCalculus.Term> terms = new ArrayList<>();
            List<Expr> contributions = new ArrayList<>();
            for (Sym p : order) {
                if (p.equals(c)) break;
                Expr def = all.get(p);
                if (def == null || !Exprs.valueSymbols(def).contains(c)) continue;
                Expr g = p.equals(f) ? Expr.num(1) : placeholder(f, p);
                adj.drainLog();
                Expr r = algebra.simplify(adj.vjp(def, c, g));
                if (MatrixAlgebra.isZero(r)) r = algebra.zeroLike(c); // terms that cancel: 0 of c's shape
                List<MatrixCalculus.RuleUse> rules = adj.drainLog();
                terms.add(new MatrixCalculus.Term(p, def, g, jacobian(r, g, c, algebra), r, rules));
                contributions.add(p.equals(f) ? r : algebra.substitute(r, g, values.get(p)));
            }
            Expr value = algebra.simplify(algebra.sum(contributions));
            // A gradient that cancels to 0 is still c's shape: 0_{n×1}, not the number.
            if (MatrixAlgebra.isZero(value)) value = algebra.zeroLike(c);
            values.put(c, value);
            Verifier.Report rep = verifier.checkGradient(f, c, terms, value);
            gradients.add(new MatrixCalculus.Gradient(c, shapes.get(c) == null ? Shape.SCALAR : shapes.get(c), terms, value, rep));
        }

        Expr answer = algebra.simplify(algebra.inline(values.get(x), intro.introduced));
        Expr answerFlat = algebra.simplify(algebra.inline(values.get(x), all));
        Expr flatFunction = algebra.inline(body, all);
        Verifier.Report report = verifier.checkAnswer(flatFunction, x, answerFlat, answer);
        MatrixCalculus mc = new MatrixCalculus(f, shapes, intro.introduced, expanded, gradients, verifier.sizes());
        return new Result(mc, algebra.group(function), answer, answerFlat, report);
    }

    static Deriv placeholder(Sym f, Sym p) {
        return new Deriv(f, List.of(p), true);
    }

    private static Sym pickTargetName(Set<Sym> used) {
        for (String n : List.of("f", "L", "J", "E")) {
            Sym s = Sym.of(n);
            if (used.stream().noneMatch(u -> u.name().equals(n))) return s;
        }
        throw new DeriveException("no free name for the function");
    }

    static Expr inlineAll(Expr e, Map<Sym, Expr> defs) {
        Expr cur = e;
        for (int round = 0; round < 64; round++) {
            Expr next = inlineOnly(cur, defs);
            if (next.equals(cur)) return cur;
            cur = next;
        }
        throw new DeriveException("definitions nest too deeply to substitute");
    }

    static Expr inlineOnly(Expr e, Map<Sym, Expr> defs) {
        if (e instanceof Sym s) return defs.getOrDefault(s, s);
        return Exprs.mapChildren(e, c -> inlineOnly(c, defs));
    }

    private static void topo(Sym node, Sym x, Map<Sym, Expr> defs, Set<Sym> seen, List<Sym> out) {
        if (!seen.add(node)) return;
        Expr def = defs.get(node);
        if (def != null && !node.equals(x))
            for (Sym s : Exprs.valueSymbols(def))
                if (s.equals(x) || (defs.containsKey(s) && leadsTo(s, x, defs))) topo(s, x, defs, seen, out);
        if (node.equals(x) || (def != null && leadsTo(node, x, defs))) out.add(node);
    }

    static boolean leadsTo(Sym s, Sym x, Map<Sym, Expr> defs) {
        return s.equals(x) || Exprs.valueSymbols(inlineAll(defs.getOrDefault(s, s), defs)).contains(x);
    }

    private static boolean hasSumFactorWith(Expr e, Sym x, Map<Sym, Expr> defs) {
        if (e instanceof Mul m)
            for (Expr f : m.factors())
                if (f instanceof Add && Exprs.valueSymbols(inlineAll(f, defs)).contains(x)) return true;
        for (Expr c : Exprs.children(e)) if (hasSumFactorWith(c, x, defs)) return true;
        return false;
    }

    /**
     * ∂p/∂c read off a contribution r written with G = ∂f/∂p: for scalar p, r = (∂p/∂c)G; for vectors,
     * r = J G with G last, or a ⊙ G (J = diag(a)). Empty when r has neither form (a matrix c).
     */
    static Optional<Expr> jacobian(Expr r, Expr g, Sym c, MatrixAlgebra algebra) {
        if (Exprs.isNum(g, 1)) return Optional.empty();
        if (algebra.isScalar(g)) return Optional.of(algebra.simplify(Exprs.substitute(r, g, Expr.num(1))));
        Shape sc = algebra.shape(c);
        if (sc.isScalar() || !Exprs.isNum(sc.cols(), 1)) return Optional.empty();
        List<Expr> terms = r instanceof Add a ? a.terms() : List.of(r);
        List<Expr> parts = new ArrayList<>();
        for (Expr t : terms) {
            Expr k = Expr.num(1), core = t;
            if (t instanceof Mul m && m.factors().get(0) instanceof Num n && m.factors().size() == 2) {
                k = n;
                core = m.factors().get(1);
            }
            if (core instanceof Mul m && m.factors().get(m.factors().size() - 1).equals(g)
                    && !Exprs.contains(Expr.mul(m.factors().subList(0, m.factors().size() - 1)), g)) {
                parts.add(algebra.product(List.of(k, Expr.mul(m.factors().subList(0, m.factors().size() - 1)))));
            } else if (core instanceof Hadamard h && h.right().equals(g) && !Exprs.contains(h.left(), g)) {
                parts.add(algebra.product(List.of(k, new Apply(new Abstract(DIAG), List.of(h.left())))));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(algebra.sum(parts));
    }

    static final Sym DIAG = new Sym("diag", List.of("rm"), List.of(), SupIndex.NONE);

    /** Introduces names for the arguments of norms, powers and elementwise functions that depend on x. */
    static final class Introducer {
        private final Sym x;
        private final Map<Sym, Expr> defs;
        private final Map<Sym, Shape> shapes;
        private final Set<Sym> used;
        final Map<Sym, Expr> introduced = new LinkedHashMap<>();
        private final Map<Expr, Sym> byExpr = new HashMap<>();

        Introducer(Sym x, Map<Sym, Expr> defs, Map<Sym, Shape> shapes, Set<Sym> used) {
            this.x = x;
            this.defs = defs;
            this.shapes = shapes;
            this.used = used;
        }

        Expr introduce(Expr e) {
            return switch (e) {
                case Norm n -> new Norm(name(introduce(n.arg())), n.p());
                case Pow p when !(p.base() instanceof Norm) -> new Pow(name(introduce(p.base())), introduce(p.exponent()));
                case Apply ap when ap.args().size() == 1 && ap.fn() instanceof Builtin ->
                        new Apply(ap.fn(), List.of(name(introduce(ap.args().get(0)))));
                case Abs a -> new Abs(name(introduce(a.arg())));
                case Rel r -> new Rel(r.operands().stream().map(o -> o instanceof Space ? o : name(introduce(o))).toList(), r.ops());
                default -> Exprs.mapChildren(e, this::introduce);
            };
        }

        /** arg itself, or a name for it when it is a compound that leads to x. */
        private Expr name(Expr arg) {
            if (!needsName(arg)) return arg;
            Sym known = byExpr.get(arg);
            if (known != null) return known;
            Shape s = Shapes.of(inlineAll(arg, all()), shapes);
            Sym n = fresh(s.isScalar());
            shapes.put(n, s);
            introduced.put(n, arg);
            byExpr.put(arg, n);
            return n;
        }

        private Map<Sym, Expr> all() {
            Map<Sym, Expr> m = new LinkedHashMap<>(defs);
            m.putAll(introduced);
            return m;
        }

        private boolean needsName(Expr arg) {
            if (arg instanceof Sym || arg instanceof Num || arg instanceof Const) return false;
            if (arg instanceof Transpose t && t.arg() instanceof Sym) return false;
            Expr flat = inlineAll(arg, all());
            if (!Exprs.valueSymbols(flat).contains(x)) return false;
            // Only where vectors appear in the argument itself: |ŷ − y| with a scalar name ŷ needs no name.
            boolean vectors = false;
            for (Sym s : Exprs.valueSymbols(arg)) {
                Shape sh = shapes.get(s);
                if (sh != null && !sh.isScalar()) vectors = true;
            }
            if (!vectors) return false; // a scalar expression is differentiated by the scalar rules
            // z − y (a name plus constants) reads well as it is.
            if (arg instanceof Add a) {
                boolean simple = true;
                for (Expr t : a.terms()) {
                    Expr core = t instanceof Mul m && m.factors().size() == 2 && m.factors().get(0) instanceof Num ? m.factors().get(1) : t;
                    if (Exprs.valueSymbols(inlineAll(core, all())).contains(x) && !(core instanceof Sym)) simple = false;
                }
                if (simple) return false;
            }
            return true;
        }

        private Sym fresh(boolean scalar) {
            List<String> letters = scalar ? List.of("v", "r", "u", "s", "q", "t") : List.of("u", "v", "z", "a", "r", "s", "q");
            for (String l : letters) {
                if (used.stream().anyMatch(s -> s.name().equals(l))) continue;
                if (introduced.keySet().stream().anyMatch(s -> s.name().equals(l))) continue;
                return scalar ? Sym.of(l) : new Sym(l, List.of("bold"), List.of(), SupIndex.NONE);
            }
            throw new DeriveException("no free letter to name an intermediate");
        }
    }
}
