package org.chainrule.expr;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chainrule.expr.Expr.*;

/**
 * The functions chainrule knows by name, each declared once: its row here is the whole of what the
 * parser, printers, rules, evaluator, AD trace and CAS bridge know about it (see {@link FnSpec}).
 * A new elementwise function is a new row (docs/dev-new-function.md).
 */
public enum BuiltinFn {
    EXP(FnSpec.unary("\\exp").value(Math::exp).symja("Exp").exactAt(0, 1)
            .rule("exp-rule", "exponential rule", "\\frac{d}{du} e^{u} = e^{u}", u -> exp(u))),
    /** Natural logarithm ({@code \log} and {@code \ln}, the ML convention). */
    LOG(FnSpec.unary("\\log").commands("\\ln").value(Math::log).symja("Log")
            .exact(a -> a.get(0) instanceof Const c && c.kind() == ConstKind.E ? Expr.num(1) : null).exactAt(1, 0)
            .domain(u -> Rel.of(u, RelOp.GT, Expr.num(0)))
            .rule("log-rule", "logarithm rule", "\\frac{d}{du} \\log u = \\frac{1}{u}", u -> Expr.pow(u, -1))),
    SIN(FnSpec.unary("\\sin").value(Math::sin).symja("Sin").exactAt(0, 0)
            .rule("sin-rule", "derivative of sin", "\\frac{d}{du} \\sin u = \\cos u", u -> cos(u))),
    COS(FnSpec.unary("\\cos").value(Math::cos).symja("Cos").exactAt(0, 1)
            .rule("cos-rule", "derivative of cos", "\\frac{d}{du} \\cos u = -\\sin u", u -> Expr.neg(sin(u)))),
    TAN(FnSpec.unary("\\tan").value(Math::tan).symja("Tan").exactAt(0, 0)
            .domain(u -> Rel.of(cos(u), RelOp.NE, Expr.num(0)))
            .rule("tan-rule", "derivative of tan", "\\frac{d}{du} \\tan u = 1 + \\tan(u)^{2}",
                    u -> Expr.add(Expr.num(1), Expr.pow(tan(u), 2)))),
    SINH(FnSpec.unary("\\sinh").value(Math::sinh).symja("Sinh").exactAt(0, 0)
            .rule("sinh-rule", "derivative of sinh", "\\frac{d}{du} \\sinh u = \\cosh u", u -> cosh(u))),
    COSH(FnSpec.unary("\\cosh").value(Math::cosh).symja("Cosh").exactAt(0, 1)
            .rule("cosh-rule", "derivative of cosh", "\\frac{d}{du} \\cosh u = \\sinh u", u -> sinh(u))),
    TANH(FnSpec.unary("\\tanh").value(Math::tanh).symja("Tanh").exactAt(0, 0)
            .rule("tanh-rule", "tanh rule", "\\frac{d}{du} \\tanh u = 1 - \\tanh(u)^{2}",
                    u -> Expr.sub(Expr.num(1), Expr.pow(tanh(u), 2)))),
    /** The logistic function 1/(1+e^{-x}). */
    SIGMOID(FnSpec.unary("\\sigma").commands("\\sigma").words("sigmoid", "logistic").plain("σ")
            .value(BuiltinFn::logistic)
            .symja("LogisticSigmoid").definition(u -> Expr.pow(Expr.add(Expr.num(1), exp(Expr.neg(u))), -1))
            .rule("sigmoid-rule", "sigmoid rule", "\\frac{d}{du} \\sigma(u) = \\sigma(u)(1 - \\sigma(u))",
                    u -> Expr.mul(sigma(u), Expr.sub(Expr.num(1), sigma(u))))),
    RELU(FnSpec.unary("\\operatorname{ReLU}").words("relu").value(x -> x > 0 ? x : 0).kink("relu-at-zero")
            .exact(a -> a.get(0) instanceof Num n ? (n.value().signum() > 0 ? n : Expr.num(0)) : null)
            .rule("relu-rule", "ReLU rule", "\\frac{d}{du} \\operatorname{ReLU}(u) = \\mathbf{1}(u > 0)",
                    u -> new Indicator(Rel.of(u, RelOp.GT, Expr.num(0))))),
    SOFTPLUS(FnSpec.unary("\\operatorname{softplus}").words("softplus")
            .value(x -> x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)))
            .definition(u -> log(Expr.add(Expr.num(1), exp(u))))
            .rule("softplus-rule", "softplus rule", "\\frac{d}{du} \\operatorname{softplus}(u) = \\sigma(u)", u -> sigma(u))),
    SIGN(FnSpec.unary("\\operatorname{sign}").words("sign", "sgn").value(Math::signum).kink("step-almost-everywhere")
            .exact(a -> a.get(0) instanceof Num n ? Expr.num(n.value().signum()) : null)
            .rule("sign-rule", "sign is piecewise constant", "\\frac{d}{du} \\operatorname{sign}(u) = 0 \\quad (u \\ne 0)", u -> Expr.num(0))),
    MAX(FnSpec.nary("\\max", 2, Integer.MAX_VALUE).values(a -> Arrays.stream(a).reduce(a[0], Math::max)).exact(a -> extreme(a, 1))),
    MIN(FnSpec.nary("\\min", 2, Integer.MAX_VALUE).values(a -> Arrays.stream(a).reduce(a[0], Math::min)).exact(a -> extreme(a, -1))),
    /** Softmax of a vector; components are taken with {@link Expr.Index}. No scalar value. */
    SOFTMAX(FnSpec.unary("\\operatorname{softmax}").words("softmax")),
    /** The error function (2/√π)∫₀ᵘ e^{−t²} dt, which Φ is written with. */
    ERF(FnSpec.unary("\\operatorname{erf}").words("erf").value(Gaussian::erf).symja("Erf")
            .rule("erf-rule", "derivative of erf", "\\frac{d}{du} \\operatorname{erf}(u) = \\frac{2}{\\sqrt{\\pi}} e^{-u^{2}}",
                    u -> Expr.mul(Expr.num(2), Expr.pow(new Const(ConstKind.PI), Expr.num(Rational.HALF.negate())),
                            exp(Expr.neg(Expr.pow(u, 2)))))),
    /** Φ, the standard normal distribution function ½(1 + erf(u/√2)), written {@code \Phi(u)}. */
    NORMCDF(FnSpec.unary("\\Phi").commands("\\Phi").plain("Φ").value(Gaussian::cdf)
            .definition(u -> Expr.mul(Expr.num(Rational.HALF),
                    Expr.add(Expr.num(1), erf(Expr.mul(u, Expr.pow(Expr.num(2), Expr.num(Rational.HALF.negate())))))))
            .rule("normal-cdf-rule", "derivative of Φ", "\\frac{d}{du} \\Phi(u) = \\phi(u)", u -> phi(u))),
    /** φ, the standard normal density e^{−u²/2}/√(2π), written {@code \phi(u)}. */
    NORMPDF(FnSpec.unary("\\phi").commands("\\phi").plain("φ").value(Gaussian::pdf)
            .definition(u -> Expr.mul(Expr.pow(Expr.mul(Expr.num(2), new Const(ConstKind.PI)), Expr.num(Rational.HALF.negate())),
                    exp(Expr.neg(Expr.mul(Expr.num(Rational.HALF), Expr.pow(u, 2))))))
            .rule("normal-pdf-rule", "derivative of φ", "\\frac{d}{du} \\phi(u) = -u \\phi(u)",
                    u -> Expr.neg(Expr.mul(u, phi(u))))),
    /** GELU(u) = u Φ(u), Φ the standard normal distribution function (exact, not the tanh approximation). */
    GELU(FnSpec.unary("\\operatorname{GELU}").words("gelu").value(x -> x * Gaussian.cdf(x))
            .definition(u -> Expr.mul(u, Phi(u)))
            .rule("gelu-rule", "GELU rule", "\\frac{d}{du} \\operatorname{GELU}(u) = \\Phi(u) + u \\phi(u)",
                    u -> Expr.add(Phi(u), Expr.mul(u, phi(u))))),
    /** swish(u) = u σ(u), also called SiLU. */
    SWISH(FnSpec.unary("\\operatorname{swish}").words("swish", "silu").value(x -> x * logistic(x))
            .definition(u -> Expr.mul(u, sigma(u)))
            .rule("swish-rule", "swish rule", "\\frac{d}{du} \\operatorname{swish}(u) = \\sigma(u) + u \\sigma(u)(1 - \\sigma(u))",
                    u -> Expr.add(sigma(u),
                            Expr.mul(u, sigma(u), Expr.sub(Expr.num(1), sigma(u))))));

    public final FnSpec spec;
    public final String latex;
    public final int minArgs;
    public final int maxArgs;

    BuiltinFn(FnSpec.Builder row) {
        this.spec = row.build();
        this.latex = spec.latex();
        this.minArgs = spec.minArgs();
        this.maxArgs = spec.maxArgs();
    }

    // Templates name other rows through these: an enum constant cannot refer to the constants in its own initializer.
    private static Expr exp(Expr u) { return Expr.apply(EXP, u); }
    private static Expr log(Expr u) { return Expr.apply(LOG, u); }
    private static Expr sin(Expr u) { return Expr.apply(SIN, u); }
    private static Expr cos(Expr u) { return Expr.apply(COS, u); }
    private static Expr tan(Expr u) { return Expr.apply(TAN, u); }
    private static Expr sinh(Expr u) { return Expr.apply(SINH, u); }
    private static Expr cosh(Expr u) { return Expr.apply(COSH, u); }
    private static Expr tanh(Expr u) { return Expr.apply(TANH, u); }
    private static Expr sigma(Expr u) { return Expr.apply(SIGMOID, u); }
    private static Expr erf(Expr u) { return Expr.apply(ERF, u); }
    private static Expr Phi(Expr u) { return Expr.apply(NORMCDF, u); }
    private static Expr phi(Expr u) { return Expr.apply(NORMPDF, u); }

    /** The largest (sign 1) or smallest (sign −1) of numbers; null when an argument is not a number. */
    private static Expr extreme(List<Expr> args, int sign) {
        Rational best = null;
        for (Expr a : args) {
            if (!(a instanceof Num n)) return null;
            if (best == null || n.value().compareTo(best) * sign > 0) best = n.value();
        }
        return Expr.num(best);
    }

    /** σ(x) without overflow in either tail. */
    private static double logistic(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** The letter u the templates are shown in (docs, tests). */
    public static final Sym U = Sym.of("u");

    /** F'(u) for this function applied to u; null when it has no table rule. */
    public Expr derivative(Expr u) {
        return spec.derivative() == null ? null : spec.derivative().apply(u);
    }

    /** The function an upright name ({@code \operatorname{GELU}}, {@code \mathrm{silu}}) stands for. */
    public static Optional<BuiltinFn> byWord(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (BuiltinFn f : values()) if (f.spec.words().contains(w)) return Optional.of(f);
        return Optional.empty();
    }

    /** The function a LaTeX command ({@code \tanh}, {@code \ln}, {@code \sigma}) names. */
    public static Optional<BuiltinFn> byCommand(String command) {
        for (BuiltinFn f : values()) if (f.latex.equals(command) || f.spec.commands().contains(command)) return Optional.of(f);
        return Optional.empty();
    }

    /** The function whose table rule has this name. */
    public static Optional<BuiltinFn> byRule(String rule) {
        for (BuiltinFn f : values()) if (rule.equals(f.spec.rule())) return Optional.of(f);
        return Optional.empty();
    }

    /** Functions with a table rule, in declaration order. */
    public static List<BuiltinFn> withRules() {
        return Arrays.stream(values()).filter(f -> f.spec.rule() != null).toList();
    }
}
