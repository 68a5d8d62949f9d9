package org.chainrule.derive.matrix;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.chainrule.derive.core.Convention;
import org.chainrule.derive.core.RuleDescriptor;
import org.chainrule.derive.core.Step;
import org.chainrule.derive.rules.SoftmaxRule;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.Shapes;

/**
 * The rules of matrix calculus in denominator layout, one small unit each. A rule receives an
 * expression e, the symbol c it is differentiated by, and G = ∂f/∂e (the shape of e) for the scalar
 * f at the top; it returns G pushed back to c — the contribution (∂e/∂c)G — or null when it does not
 * apply. Each rule that a step names has a {@link RuleDescriptor} (the sum, constant-multiple,
 * product and softmax rules share the scalar rules'); the renderer lays the steps out. Rules are tried
 * in order; the specific identities a TA quotes come before the general product rule.
 */
final class MatrixRules {
    private MatrixRules() {}

    interface Rule {
        Expr apply(Expr e, Sym c, Expr g, Adjoints ctx);
    }

    /** The descriptors of the rules only matrix calculus has, in the order they are tried. */
    static final List<RuleDescriptor> DESCRIPTORS = List.of(QuadraticForm.RULE, LinearForm.RULE, LinearMap.RULE,
            OuterProduct.RULE, TransposeRule.RULE, HadamardRule.RULE, NormSquared.RULE, NormRule.RULE, L1NormRule.RULE,
            MaxNormRule.RULE, Elementwise.RULE, InverseRule.RULE, DeterminantRule.RULE);

    static final List<Rule> ALL = List.of(
            new Variable(), new ScalarRun(), new Scalar(), new SumRule(), new ConstantMultiple(), new QuadraticForm(), new LinearForm(), new LinearMap(),
            new OuterProduct(), new Product(), new TransposeRule(), new HadamardRule(), new NormSquared(), new NormRule(), new L1NormRule(), new MaxNormRule(),
            new Softmax(), new ScalarFunction(), new Elementwise(), new InverseRule(), new DeterminantRule());

    /** x itself: ∂x/∂x = I, so G passes unchanged. */
    record Variable() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            return e.equals(c) ? g : null;
        }
    }

    /** (aᵀx) kept as one factor of (aᵀx)Bx is the product aᵀx: its brackets are not an operation. */
    record ScalarRun() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            return MatrixAlgebra.asRun(e).map(p -> ctx.vjp(p, c, g)).orElse(null);
        }
    }

    /** Scalars by scalars: the scalar engine's rules (piecewise functions, σ, log …) apply unchanged. */
    record Scalar() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!ctx.algebra().isScalar(c) || !ctx.allScalar(e)) return null;
            Step s = ctx.scalarStep(e, c);
            ctx.logStep(s);
            return ctx.algebra().product(List.of(s.result(), g));
        }
    }

    /** ∂(a + b)/∂x = ∂a/∂x + ∂b/∂x. */
    record SumRule() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Add a)) return null;
            ctx.logStructural(Step.Sum.RULE, e, c);
            List<Expr> out = new ArrayList<>();
            for (Expr t : a.terms()) if (ctx.dependsOn(t, c)) out.add(ctx.vjp(t, c, g));
            return ctx.algebra().sum(out);
        }
    }

    /** ∂(k e)/∂x = k ∂e/∂x for constant scalars k (½‖u‖²). */
    record ConstantMultiple() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Mul m)) return null;
            Expr dependent = null;
            List<Expr> constants = new ArrayList<>();
            for (Expr f : m.factors()) {
                if (ctx.dependsOn(f, c)) {
                    if (dependent != null) return null;
                    dependent = f;
                } else if (ctx.algebra().isScalar(f)) {
                    constants.add(f);
                } else {
                    return null;
                }
            }
            if (dependent == null) return null;
            ctx.logStructural(Step.ConstantMultiple.RULE, e, c);
            constants.add(g);
            return ctx.vjp(dependent, c, ctx.algebra().product(constants));
        }
    }

    /** ∂(xᵀAx)/∂x = (A + Aᵀ)x, for A constant (times constant scalars). */
    record QuadraticForm() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("quadratic-form-rule", "∂(xᵀAx)/∂x = (A + Aᵀ)x",
                "\\frac{\\partial (\\mathbf{x}^{\\top} A \\mathbf{x})}{\\partial \\mathbf{x}} = (A + A^{\\top}) \\mathbf{x}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Mul m)) return null;
            Split s = Split.of(m, c, ctx);
            if (s == null || s.matrices().size() != 3) return null;
            Expr first = s.matrices().get(0), a = s.matrices().get(1), last = s.matrices().get(2);
            if (!first.equals(new Transpose(c)) || !last.equals(c) || ctx.dependsOn(a, c)) return null;
            ctx.log(RULE, e, c);
            return ctx.algebra().product(List.of(s.coefficient(), g, Expr.add(a, ctx.algebra().transpose(a)), c));
        }
    }

    /** ∂(aᵀx)/∂x = ∂(xᵀa)/∂x = a, for a constant column (a row aᵀ may be a product such as yᵀX). */
    record LinearForm() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("linear-form-rule", "∂(aᵀx)/∂x = ∂(xᵀa)/∂x = a",
                "\\frac{\\partial (\\mathbf{a}^{\\top} \\mathbf{x})}{\\partial \\mathbf{x}} = \\frac{\\partial (\\mathbf{x}^{\\top} \\mathbf{a})}{\\partial \\mathbf{x}} = \\mathbf{a}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Mul m) || !ctx.algebra().isScalar(e) || ctx.algebra().isScalar(c)) return null;
            Split s = Split.of(m, c, ctx);
            if (s == null || s.matrices().size() < 2) return null;
            List<Expr> ms = s.matrices();
            Expr a;
            if (ms.get(ms.size() - 1).equals(c) && constant(ms.subList(0, ms.size() - 1), c, ctx))
                a = ctx.algebra().transpose(Expr.mul(ms.subList(0, ms.size() - 1)));
            else if (ms.get(0).equals(new Transpose(c)) && constant(ms.subList(1, ms.size()), c, ctx))
                a = Expr.mul(ms.subList(1, ms.size()));
            else return null;
            ctx.log(RULE, e, c);
            return ctx.algebra().product(List.of(s.coefficient(), g, a));
        }
    }

    /** ∂(Ax)/∂x = Aᵀ (denominator layout), so G goes back as AᵀG. */
    record LinearMap() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("linear-map-rule", "∂(Ax)/∂x = Aᵀ",
                "\\frac{\\partial (A \\mathbf{x})}{\\partial \\mathbf{x}} = A^{\\top}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Mul m) || ctx.algebra().isScalar(e) || !ctx.isColumn(c)) return null;
            Split s = Split.of(m, c, ctx);
            if (s == null || s.matrices().size() < 2) return null;
            List<Expr> ms = s.matrices();
            if (!ms.get(ms.size() - 1).equals(c) || !constant(ms.subList(0, ms.size() - 1), c, ctx)) return null;
            ctx.log(RULE, e, c);
            Expr at = ctx.algebra().transpose(Expr.mul(ms.subList(0, ms.size() - 1)));
            return ctx.algebra().product(List.of(s.coefficient(), at, g));
        }
    }

    /** For z = AWx with W a matrix: ∂f/∂W = Aᵀ(∂f/∂z)xᵀ — the outer product seed 003 reassembles by components. */
    record OuterProduct() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("outer-product-rule", "for z = Wx: ∂L/∂W = (∂L/∂z)xᵀ",
                "\\frac{\\partial L}{\\partial W} = \\frac{\\partial L}{\\partial \\mathbf{z}} \\mathbf{x}^{\\top}, \\quad \\mathbf{z} = W \\mathbf{x}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Mul m) || ctx.isColumn(c) || ctx.algebra().isScalar(c)) return null;
            Split s = Split.of(m, c, ctx);
            if (s == null) return null;
            List<Expr> ms = s.matrices();
            int at = ms.indexOf(c);
            if (at < 0 || ms.lastIndexOf(c) != at) return null;
            List<Expr> left = ms.subList(0, at), right = ms.subList(at + 1, ms.size());
            if (!constant(left, c, ctx) || !constant(right, c, ctx)) return null;
            ctx.log(RULE, e, c);
            List<Expr> fs = new ArrayList<>();
            fs.add(s.coefficient());
            if (!left.isEmpty()) fs.add(ctx.algebra().transpose(Expr.mul(left)));
            fs.add(g);
            if (!right.isEmpty()) fs.add(ctx.algebra().transpose(Expr.mul(right)));
            return ctx.algebra().product(fs);
        }
    }

    /**
     * The product rule for matrix products: for e = F₁ ⋯ Fₖ, the factor Fᵢ = L Fᵢ R receives LᵀGRᵀ; a
     * scalar factor of a vector or matrix product receives ⟨G, rest⟩ (Gᵀv for vectors, tr(GᵀM) else).
     */
    record Product() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Mul m)) return null;
            ctx.log(Step.Product.RULE, e, c);
            List<Expr> fs = m.factors();
            boolean scalarProduct = ctx.algebra().isScalar(e);
            List<Expr> out = new ArrayList<>();
            for (int i = 0; i < fs.size(); i++) {
                Expr fi = fs.get(i);
                if (!ctx.dependsOn(fi, c)) continue;
                List<Expr> left = fs.subList(0, i), right = fs.subList(i + 1, fs.size());
                Expr gi;
                if (ctx.algebra().isScalar(fi) && !scalarProduct) {
                    List<Expr> rest = new ArrayList<>(left);
                    rest.addAll(right);
                    gi = ctx.inner(g, Expr.mul(rest));
                } else {
                    List<Expr> p = new ArrayList<>();
                    if (!left.isEmpty()) p.add(ctx.algebra().transpose(Expr.mul(left)));
                    p.add(g);
                    if (!right.isEmpty()) p.add(ctx.algebra().transpose(Expr.mul(right)));
                    gi = ctx.algebra().product(p);
                }
                out.add(ctx.vjp(fi, c, gi));
            }
            return ctx.algebra().sum(out);
        }
    }

    /** ∂f/∂a for e = aᵀ is (∂f/∂e)ᵀ. */
    record TransposeRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("transpose-rule", "transpose",
                "\\frac{\\partial f}{\\partial \\mathbf{a}} = \\left(\\frac{\\partial f}{\\partial \\mathbf{a}^{\\top}}\\right)^{\\top}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Transpose t)) return null;
            ctx.logStructural(RULE, e, c);
            return ctx.vjp(t.arg(), c, ctx.algebra().transpose(g));
        }
    }

    /** e = a ⊙ b: a receives G ⊙ b and b receives a ⊙ G (∂(a ⊙ u)/∂u = diag(a)). */
    record HadamardRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("hadamard-rule", "∂(a ⊙ u)/∂u = diag(a)",
                "\\frac{\\partial (\\mathbf{a} \\odot \\mathbf{u})}{\\partial \\mathbf{u}} = \\operatorname{diag}(\\mathbf{a})");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Hadamard h)) return null;
            ctx.log(RULE, e, c);
            List<Expr> out = new ArrayList<>();
            if (ctx.dependsOn(h.left(), c)) out.add(ctx.vjp(h.left(), c, new Hadamard(h.right(), g)));
            if (ctx.dependsOn(h.right(), c)) out.add(ctx.vjp(h.right(), c, new Hadamard(h.left(), g)));
            return ctx.algebra().sum(out);
        }
    }

    /** ∂‖v‖²/∂v = 2v (the Euclidean or Frobenius norm). */
    record NormSquared() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("norm-squared-rule", "∂‖v‖²/∂v = 2v",
                "\\frac{\\partial \\|\\mathbf{v}\\|^{2}}{\\partial \\mathbf{v}} = 2 \\mathbf{v}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Pow p) || !Exprs.isNum(p.exponent(), 2) || !(p.base() instanceof Norm n) || !euclidean(n)) return null;
            ctx.log(RULE, e, c);
            return ctx.vjp(n.arg(), c, ctx.algebra().product(List.of(Expr.num(2), g, n.arg())));
        }
    }

    /** ∂‖v‖/∂v = v/‖v‖ (v ≠ 0). */
    record NormRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("norm-rule", "∂‖v‖/∂v = v/‖v‖",
                "\\frac{\\partial \\|\\mathbf{v}\\|}{\\partial \\mathbf{v}} = \\frac{\\mathbf{v}}{\\|\\mathbf{v}\\|}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Norm n) || !euclidean(n)) return null;
            ctx.log(RULE, e, c);
            return ctx.vjp(n.arg(), c, ctx.algebra().product(List.of(g, Expr.pow(n, -1), n.arg())));
        }
    }

    /** ∂‖u‖₁/∂u = sign(u), entry by entry (sign(0) = 0, a subgradient: abs-at-zero). */
    record L1NormRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("l1-norm-rule", "∂‖v‖₁/∂v = sign(v)",
                "\\frac{\\partial \\|\\mathbf{u}\\|_1}{\\partial \\mathbf{u}} = \\operatorname{sign}(\\mathbf{u})", List.of(Convention.ABS_AT_ZERO));

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Norm n) || !Exprs.isNum(n.p(), 1) || ctx.algebra().isScalar(n.arg())) return null;
            ctx.log(RULE, e, c);
            return ctx.vjp(n.arg(), c, ctx.algebra().product(List.of(g, Expr.apply(BuiltinFn.SIGN, n.arg()))));
        }
    }

    /**
     * ‖u‖_∞ = max_k |u_k|, so ∂‖u‖_∞/∂u = sign(u_{k*}) e_{k*} = sign(u) ⊙ e_{k*} with k* the first entry
     * of largest magnitude (at a tie, a subgradient: max-norm-at-tie).
     */
    record MaxNormRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("max-norm-rule", "∂‖v‖∞/∂v = sign(v_k*) e_k*, k* = argmax_k |v_k|",
                "\\frac{\\partial \\|\\mathbf{u}\\|_\\infty}{\\partial \\mathbf{u}} = \\operatorname{sign}(u_{k^*}) \\mathbf{e}_{k^*}", List.of(Convention.MAX_NORM_AT_TIE));

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Norm n) || !(n.p() instanceof Const k) || k.kind() != ConstKind.INFINITY || ctx.algebra().isScalar(n.arg())) return null;
            ctx.log(RULE, e, c);
            Expr direction = new Hadamard(Expr.apply(BuiltinFn.SIGN, n.arg()), Shapes.largestEntry(n.arg()));
            return ctx.vjp(n.arg(), c, ctx.algebra().product(List.of(g, direction)));
        }
    }

    /**
     * s = softmax(u) for a column u: ∂s_k/∂u = s_k(e_k − s), and for the whole vector J = diag(s) − s sᵀ
     * (symmetric), so G goes back as s ⊙ G − s(sᵀG). A component s_k needs a concrete k and length to
     * write e_k; otherwise no rule applies and the derivation is refused by name.
     */
    record Softmax() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            MatrixAlgebra alg = ctx.algebra();
            if (e instanceof Index ix && ix.indices().size() == 1 && softmaxArgument(ix.base(), ctx) != null) {
                Expr u = softmaxArgument(ix.base(), ctx);
                Expr unit = unitColumn(alg.shape(u).rows(), ix.indices().get(0));
                if (unit == null) return null;
                ctx.log(SoftmaxRule.RULE, e, c);
                Expr direction = alg.sum(List.of(unit, alg.product(List.of(Expr.num(-1), ix.base()))));
                return ctx.vjp(u, c, alg.product(List.of(g, ix, direction)));
            }
            Expr u = softmaxArgument(e, ctx);
            if (u == null) return null;
            ctx.log(SoftmaxRule.RULE, e, c);
            Expr back = alg.sum(List.of(new Hadamard(e, g),
                    alg.product(List.of(Expr.num(-1), alg.product(List.of(alg.transpose(e), g)), e))));
            return ctx.vjp(u, c, back);
        }

        /** u when e is softmax(u) of a column vector u, else null. */
        private static Expr softmaxArgument(Expr e, Adjoints ctx) {
            if (!(e instanceof Apply ap) || !(ap.fn() instanceof Builtin b) || b.op() != BuiltinFn.SOFTMAX
                    || ap.args().size() != 1 || !ctx.isColumn(ap.args().get(0))) return null;
            return ap.args().get(0);
        }

        /** e_k of length n as a column of numbers, or null unless n and k are whole numbers with 1 ≤ k ≤ n. */
        private static Expr unitColumn(Expr n, Expr k) {
            if (!(n instanceof Num nn) || !(k instanceof Num kn) || !nn.value().isInteger() || !kn.value().isInteger()) return null;
            BigInteger size = nn.value().num(), at = kn.value().num();
            if (size.compareTo(BigInteger.valueOf(64)) > 0 || at.signum() < 1 || at.compareTo(size) > 0) return null;
            List<List<Expr>> rows = new ArrayList<>();
            for (int r = 1; r <= size.intValue(); r++) rows.add(List.of(Expr.num(r == at.intValue() ? 1 : 0)));
            return new Matrix(rows);
        }
    }

    /** A scalar function of a scalar s that depends on vectors: ∂h(s)/∂x = h'(s) ∂s/∂x. */
    record ScalarFunction() implements Rule {
        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            Expr inner = switch (e) {
                case Pow p when !ctx.dependsOn(p.exponent(), c) -> p.base();
                case Apply ap when ap.args().size() == 1 && ap.fn() instanceof Builtin b && b.op() != BuiltinFn.SOFTMAX
                        && ctx.algebra().isScalar(ap.args().get(0)) -> ap.args().get(0);
                case Abs a when ctx.algebra().isScalar(a.arg()) -> a.arg();
                default -> null;
            };
            if (inner == null || !ctx.algebra().isScalar(inner)) return null;
            Sym t = ctx.freshScalar();
            Step outer = ctx.scalarStep(Exprs.substitute(e, inner, t), t);
            ctx.logStep(outer);
            Expr outerAtInner = Exprs.substitute(outer.result(), t, inner);
            return ctx.vjp(inner, c, ctx.algebra().product(List.of(outerAtInner, g)));
        }
    }

    /** f applied to each component of u: ∂f(u)/∂u = diag(f'(u)), so G goes back as f'(u) ⊙ G. */
    record Elementwise() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("elementwise-rule", "∂f(u)/∂u = diag(f′(u)), elementwise f",
                "\\frac{\\partial f(\\mathbf{u})}{\\partial \\mathbf{u}} = \\operatorname{diag}(f\'(\\mathbf{u}))");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            if (!(e instanceof Apply ap) || ap.args().size() != 1 || !(ap.fn() instanceof Builtin b)
                    || b.op() == BuiltinFn.SOFTMAX) return null;
            Expr u = ap.args().get(0);
            if (ctx.algebra().isScalar(u)) return null;
            ctx.log(RULE, e, c);
            Expr prime = new Apply(new Prime(b, 1), List.of(u));
            return ctx.vjp(u, c, new Hadamard(prime, g));
        }
    }

    /** ∂f/∂M for e = M⁻¹: −M⁻ᵀ G M⁻ᵀ (from d(M⁻¹) = −M⁻¹ dM M⁻¹). */
    record InverseRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("inverse-rule", "∂f/∂M = −M⁻ᵀ (∂f/∂M⁻¹) M⁻ᵀ",
                "\\frac{\\partial f}{\\partial M} = -M^{-\\top} \\frac{\\partial f}{\\partial M^{-1}} M^{-\\top}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            Expr m = Shapes.inverted(e);
            if (m == null) return null;
            ctx.log(RULE, e, c);
            Expr invT = ctx.algebra().transpose(e);
            return ctx.vjp(m, c, ctx.algebra().product(List.of(Expr.num(-1), invT, g, invT)));
        }
    }

    /** ∂ det M/∂M = det(M) M⁻ᵀ (Jacobi's formula), so ∂ log det M/∂M = M⁻ᵀ. */
    record DeterminantRule() implements Rule {
        static final RuleDescriptor RULE = new RuleDescriptor("determinant-rule", "∂ det M/∂M = det(M) M⁻ᵀ",
                "\\frac{\\partial \\det M}{\\partial M} = \\det(M) M^{-\\top}");

        public Expr apply(Expr e, Sym c, Expr g, Adjoints ctx) {
            Expr m = Shapes.determinantOf(e);
            if (m == null || ctx.algebra().isScalar(m)) return null;
            ctx.log(RULE, e, c);
            Expr invT = ctx.algebra().transpose(Shapes.inverse(m));
            return ctx.vjp(m, c, ctx.algebra().product(List.of(g, e, invT)));
        }
    }

    static boolean euclidean(Norm n) {
        return n.p() == null || Exprs.isNum(n.p(), 2) || (n.p() instanceof Sym s && s.name().equals("F"));
    }

    static boolean constant(List<Expr> es, Sym c, Adjoints ctx) {
        for (Expr e : es) if (ctx.dependsOn(e, c)) return false;
        return true;
    }

    /** A product split into its constant scalar coefficient and its other factors, in order. */
    record Split(Expr coefficient, List<Expr> matrices) {
        /** Null when a scalar factor depends on c (the product rule handles those). */
        static Split of(Mul m, Sym c, Adjoints ctx) {
            List<Expr> scalars = new ArrayList<>(), rest = new ArrayList<>();
            for (Expr f : m.factors()) {
                if (ctx.algebra().isScalar(f)) scalars.add(f);
                else rest.add(f);
            }
            for (Expr s : scalars) if (ctx.dependsOn(s, c)) return null;
            return new Split(Expr.mul(scalars), rest);
        }
    }
}
