package org.chainrule.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one immutable expression tree that every stage of chainrule uses.
 *
 * <p>Consumers {@code switch} over the records with no {@code default}, so a new node does not compile
 * until every consumer handles it. Algebra is kept in a small canonical shape: subtraction is
 * {@code Add(a, Mul(-1, b))}, division is {@code Mul(a, Pow(b, -1))}, square roots are powers of ½. The
 * printer turns these back into the forms people write. Sums and products are flattened on
 * construction but never reordered, so a formula keeps the order its author chose.
 */
public sealed interface Expr {

    // ---------------------------------------------------------------- atoms

    /** An exact number. {@code decimal} remembers that the author wrote it as a decimal (0.5, not ½). */
    record Num(Rational value, boolean decimal) implements Expr {
        public Num {
            if (decimal && !value.hasFiniteDecimal()) decimal = false;
        }
        public static Num of(long n) { return new Num(Rational.of(n), false); }
        public static Num of(Rational r) { return new Num(r, false); }
    }

    /**
     * A symbol. Its identity is its base name, styles, subscript indices and superscript index, so
     * {@code w_1} and {@code w_{1}} are equal and {@code \hat{y}}, {@code y}, {@code \mathbf{y}} are three
     * symbols. {@code joined} is only a printing hint and takes no part in equality: {@code W_{14}} and
     * {@code W_{1,4}} are the same symbol, printed the way each was written.
     *
     * @param name   a Latin letter ("x"), a Greek command ("\\beta"; "\\varepsilon" is stored as
     *               "\\epsilon"), or a multi-letter word when {@code styles} contains "rm" ("softmax", "inp")
     * @param styles accents and fonts from outside in: "hat", "bar", "tilde", "vec", "dot", "ddot",
     *               "check", "bold", "cal", "rm", "nabla" (a leading {@code \nabla})
     * @param sub    subscript indices; {@code w_{ij}} has [i, j], {@code w_{i-1}} has [i - 1]
     * @param sup    a superscript index such as {@code (i)}, {@code [2]} or {@code *}
     * @param joined the author wrote the indices run together without commas ({@code W_{14}}), so the
     *               printer does too even where two digits touch
     */
    record Sym(String name, List<String> styles, List<Expr> sub, SupIndex sup, boolean joined) implements Expr {
        public Sym {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty symbol name");
            styles = List.copyOf(styles);
            sub = List.copyOf(sub);
            if (sup == null) sup = SupIndex.NONE;
            if (sub.size() < 2) joined = false; // nothing to join: keeps hint-free symbols identical
        }
        public Sym(String name, List<String> styles, List<Expr> sub, SupIndex sup) { this(name, styles, sub, sup, false); }
        public static Sym of(String name) { return new Sym(name, List.of(), List.of(), SupIndex.NONE); }
        public static Sym of(String name, Expr... sub) {
            return new Sym(name, List.of(), List.of(sub), SupIndex.NONE);
        }
        public Sym withStyles(List<String> s) { return new Sym(name, s, sub, sup, joined); }
        public Sym withSub(List<Expr> s) { return new Sym(name, styles, s, sup, false); }
        public Sym withSup(SupIndex s) { return new Sym(name, styles, sub, s, joined); }
        public Sym withJoined(boolean j) { return new Sym(name, styles, sub, sup, j); }
        /** The same symbol without indices: the "family" of w_i is w. */
        public Sym base() { return new Sym(name, styles, List.of(), SupIndex.NONE); }
        public boolean isGreek() { return name.startsWith("\\"); }

        @Override public boolean equals(Object o) {
            return o instanceof Sym s && name.equals(s.name) && styles.equals(s.styles) && sub.equals(s.sub) && sup.equals(s.sup);
        }
        // hash and text as a record of the four identity components: random points are seeded from them
        @Override public int hashCode() { return ((name.hashCode() * 31 + styles.hashCode()) * 31 + sub.hashCode()) * 31 + sup.hashCode(); }
        @Override public String toString() { return "Sym[name=" + name + ", styles=" + styles + ", sub=" + sub + ", sup=" + sup + "]"; }
    }

    /** A superscript that names rather than exponentiates: {@code y^{(i)}}, {@code W^{[2]}}, {@code w^*}. */
    record SupIndex(SupKind kind, List<Expr> items) {
        public static final SupIndex NONE = new SupIndex(SupKind.NONE, List.of());
        public SupIndex { items = List.copyOf(items); }

        // written out as the record's own (same values): the generated ones are made by a bootstrap on
        // first use, and a formula's first symbol comparison paid the JVM's first such bootstrap (~10 ms)
        @Override public boolean equals(Object o) { return o instanceof SupIndex s && kind == s.kind && items.equals(s.items); }
        @Override public int hashCode() { return 31 * kind.hashCode() + items.hashCode(); }
    }

    enum SupKind { NONE, PAREN, BRACKET, STAR }

    /** π, e (Euler's number) and ∞. */
    record Const(ConstKind kind) implements Expr {}

    enum ConstKind { PI, E, INFINITY }

    /**
     * The Kronecker delta δ_{ij}: 1 when the two indices are equal, 0 otherwise. Like a symbol's
     * subscripts, its indices are names, not values the expression depends on. The parser makes one
     * from {@code \\delta} with exactly two subscript indices; {@code \\delta_j} stays a variable.
     */
    record Kronecker(Expr i, Expr j) implements Expr {}

    // ---------------------------------------------------------------- algebra

    /** A sum of two or more terms; nested sums are flattened, order is kept. */
    record Add(List<Expr> terms) implements Expr {
        public Add {
            terms = flatten(terms, true);
            if (terms.size() < 2) throw new IllegalArgumentException("Add needs two or more terms");
        }
    }

    /** A product of two or more factors (matrix product where shapes say so); flattened, order kept. */
    record Mul(List<Expr> factors) implements Expr {
        public Mul {
            factors = flatten(factors, false);
            if (factors.size() < 2) throw new IllegalArgumentException("Mul needs two or more factors");
        }
    }

    record Pow(Expr base, Expr exponent) implements Expr {}

    /** Elementwise (Hadamard) product {@code a ⊙ b}. */
    record Hadamard(Expr left, Expr right) implements Expr {}

    // ---------------------------------------------------------------- functions

    /** A function applied to arguments: built-in ({@code \exp}, σ, ReLU, max …) or abstract ({@code g(w)}). */
    record Apply(Fn fn, List<Expr> args) implements Expr {
        public Apply {
            args = List.copyOf(args);
            if (args.isEmpty()) throw new IllegalArgumentException("function without arguments");
        }
    }

    sealed interface Fn {}

    /**
     * A built-in function. {@code spelling} is the command the author wrote when it is not the canonical
     * one ({@code \\ln} for {@link BuiltinFn#LOG}), else null; a printing hint, not part of equality.
     */
    record Builtin(BuiltinFn op, String spelling) implements Fn {
        public Builtin(BuiltinFn op) { this(op, null); }
        public Builtin {
            if (op.latex.equals(spelling)) spelling = null;
        }
        /** The command to print: the author's spelling if there was one. */
        public String latex() { return spelling != null ? spelling : op.latex; }
        @Override public boolean equals(Object o) { return o instanceof Builtin b && op == b.op; }
        @Override public int hashCode() { return op.hashCode(); }
        @Override public String toString() { return "Builtin[op=" + op + "]"; }
    }

    /** {@code \log_b}: a logarithm with an explicit base ({@code \log} alone is natural). */
    record LogBase(Expr base) implements Fn {}

    /** An abstract function such as f, g, h_θ or a name the sheet declares. */
    record Abstract(Sym name) implements Fn {}

    /** The {@code order}-th derivative of a one-argument function: {@code f'}, {@code \sigma''}. */
    record Prime(Fn fn, int order) implements Fn {}

    /** The indicator 𝟏(condition): 1 where the condition holds, 0 elsewhere. */
    record Indicator(Expr condition) implements Expr {}

    record Abs(Expr arg) implements Expr {}

    /** {@code \|v\|_p}; p is 2 unless written, F for Frobenius. */
    record Norm(Expr arg, Expr p) implements Expr {}

    // ---------------------------------------------------------------- structure

    /** A function defined by cases; the optional {@code otherwise} value comes last. */
    record Piecewise(List<Case> cases, Optional<Expr> otherwise) implements Expr {
        public Piecewise {
            cases = List.copyOf(cases);
            if (cases.isEmpty()) throw new IllegalArgumentException("Piecewise needs a case with a condition");
        }
    }

    record Case(Expr value, Expr condition) {}

    /** A relation or a chain of them: {@code a = b}, {@code 0 \le p \le 1}, {@code x \in \mathbb{R}^n}. */
    record Rel(List<Expr> operands, List<RelOp> ops) implements Expr {
        public Rel {
            operands = List.copyOf(operands);
            ops = List.copyOf(ops);
            if (operands.size() != ops.size() + 1 || ops.isEmpty())
                throw new IllegalArgumentException("relation needs n operands and n-1 operators");
        }
        public static Rel of(Expr left, RelOp op, Expr right) { return new Rel(List.of(left, right), List.of(op)); }
    }

    enum RelOp { EQ, DEF, NE, LT, LE, GT, GE, IN, APPROX, EQUIV }

    /** {@code \sum_{i=a}^{b} body} or {@code \prod}; bounds are optional ({@code \sum_k e^{a_k}}). */
    record BigOp(BigOpKind kind, Sym index, Optional<Expr> from, Optional<Expr> to, Expr body) implements Expr {}

    enum BigOpKind { SUM, PROD }

    /**
     * A derivative written in the input, {@code \frac{\partial L}{\partial w_i}}: {@code wrt} lists the
     * variables in order with repetition for higher orders ({@code ∂²E/∂w₁²} has [w₁, w₁]).
     */
    record Deriv(Expr f, List<Expr> wrt, boolean partial) implements Expr {
        public Deriv {
            wrt = List.copyOf(wrt);
            if (wrt.isEmpty()) throw new IllegalArgumentException("derivative without a variable");
        }
    }

    /** A matrix or vector by rows: {@code [[w1],[w2]]} is a 2×1 column. */
    record Matrix(List<List<Expr>> rows) implements Expr {
        public Matrix {
            List<List<Expr>> copy = new ArrayList<>();
            for (List<Expr> r : rows) copy.add(List.copyOf(r));
            rows = List.copyOf(copy);
            if (rows.isEmpty()) throw new IllegalArgumentException("empty matrix");
            int n = rows.get(0).size();
            for (List<Expr> r : rows)
                if (r.size() != n) throw new IllegalArgumentException("ragged matrix");
        }
    }

    record Transpose(Expr arg) implements Expr {}

    /** A component of a vector-valued expression: {@code \operatorname{softmax}(\mathbf{a})_i}, {@code (W x)_j}. */
    record Index(Expr base, List<Expr> indices) implements Expr {
        public Index { indices = List.copyOf(indices); }
    }

    /** An evaluation bar: {@code \frac{dL}{dw}\Big|_{w=100}}. */
    record EvalAt(Expr body, List<Expr> at) implements Expr {
        public EvalAt { at = List.copyOf(at); }
    }

    /** {@code \lim_{p \to 0^{+}} body}; side is -1 (from below), 0 (two-sided) or +1 (from above). */
    record Limit(Expr body, Sym var, Expr to, int side) implements Expr {}

    /** A space for declarations: {@code \mathbb{R}}, {@code \mathbb{R}^{n \times 1}}. */
    record Space(String field, List<Expr> dims) implements Expr {
        public Space { dims = List.copyOf(dims); }
    }

    /** {@code \dots}, {@code \cdots}, {@code \vdots}, {@code \ddots}: elided terms; they parse but do not differentiate. */
    record Dots(DotsKind kind) implements Expr {}

    enum DotsKind { LOW, CENTER, VERTICAL, DIAGONAL }

    // ---------------------------------------------------------------- builders

    static Num num(long n) { return Num.of(n); }
    static Num num(Rational r) { return Num.of(r); }
    static Sym sym(String name) { return Sym.of(name); }

    /** A sum of the given terms: one term is returned as is, none is 0. */
    static Expr add(Expr... terms) { return add(Arrays.asList(terms)); }
    static Expr add(List<Expr> terms) {
        if (terms.isEmpty()) return num(0);
        if (terms.size() == 1) return terms.get(0);
        return new Add(terms);
    }

    /** A product of the given factors: one factor is returned as is, none is 1. */
    static Expr mul(Expr... factors) { return mul(Arrays.asList(factors)); }
    static Expr mul(List<Expr> factors) {
        if (factors.isEmpty()) return num(1);
        if (factors.size() == 1) return factors.get(0);
        return new Mul(factors);
    }

    static Expr pow(Expr base, Expr exponent) { return new Pow(base, exponent); }
    static Expr pow(Expr base, long exponent) { return new Pow(base, num(exponent)); }

    /**
     * −e: a number is negated in place, a product's leading number is negated ({@code -3x} is
     * {@code Mul(-3, x)}, as {@code (-3)x} is), anything else becomes {@code Mul(-1, e)}.
     */
    static Expr neg(Expr e) {
        if (e instanceof Num n) return new Num(n.value().negate(), n.decimal());
        if (e instanceof Mul m && m.factors().get(0) instanceof Num n) {
            List<Expr> fs = new ArrayList<>(m.factors());
            if (n.value().equals(Rational.MINUS_ONE)) fs.remove(0); // −(−x) is x
            else fs.set(0, new Num(n.value().negate(), n.decimal()));
            return mul(fs);
        }
        return new Mul(List.of(num(-1), e));
    }

    static Expr sub(Expr a, Expr b) { return add(a, neg(b)); }

    /**
     * a/b: two numbers give the exact rational (\\frac12 is ½), 1/b is the reciprocal b^{-1} itself,
     * anything else is {@code Mul(a, Pow(b, -1))}.
     */
    static Expr div(Expr a, Expr b) {
        if (a instanceof Num na && b instanceof Num nb && !nb.value().isZero())
            return new Num(na.value().divide(nb.value()), na.decimal() && nb.decimal());
        Expr inverse = b instanceof Pow p && p.exponent() instanceof Num k && k.value().isInteger() && k.value().signum() > 0
                && !k.decimal() ? new Pow(p.base(), new Num(k.value().negate(), false)) // 1/x² is x^{-2}
                : new Pow(b, num(-1));
        if (a instanceof Num na && na.value().isOne() && !na.decimal()) return inverse;
        return mul(a, inverse);
    }

    static Expr apply(BuiltinFn op, Expr... args) { return new Apply(new Builtin(op), List.of(args)); }

    private static List<Expr> flatten(List<Expr> items, boolean sum) {
        List<Expr> out = new ArrayList<>(items.size());
        for (Expr e : items) {
            if (sum && e instanceof Add a) out.addAll(a.terms());
            else if (!sum && e instanceof Mul m) out.addAll(m.factors());
            else out.add(Objects.requireNonNull(e));
        }
        return List.copyOf(out);
    }
}
