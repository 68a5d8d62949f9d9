package org.chainrule.expr;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Everything chainrule knows about one named function, declared once in {@link BuiltinFn}. The
 * derivative, definition, domain and kink are templates: functions of the argument u that build the
 * expression a TA writes (σ(u)(1 − σ(u)), 1 − tanh(u)², 𝟏(u > 0)), so the rule engine, the numeric
 * derivative, the AD trace and the Symja bridge all read the same formula.
 *
 * @param latex      canonical spelling, printed
 * @param commands   further LaTeX commands that name it ({@code \ln}), or a Greek letter applied as it ({@code \sigma})
 * @param words      upright names accepted in {@code \operatorname{…}} / {@code \mathrm{…}}, lower case
 * @param plain      its name in plain text (σ, ReLU)
 * @param value      the numeric value of its arguments; null when it has no scalar value (softmax)
 * @param derivative F'(u) for a unary function with a table-driven rule, else null
 * @param rule       that rule's name in steps, JSON and docs ({@code sigmoid-rule}); null without one
 * @param ruleWords  the rule's justification as a TA writes it beside a step
 * @param identity   the rule's identity in LaTeX, as on its docs page
 * @param definition F(u) in terms of other functions, for a CAS that lacks it by name; null when none
 * @param symja      the Symja symbol that names it; null when the definition is used or Symja must not see it
 * @param domain     where it is defined, as a relation g(u) op 0; null when everywhere
 * @param kink       whether it has a kink or jump where its argument changes sign (ReLU, sign)
 * @param convention the convention key its derivative implies at that kink, null when none
 * @param exact      its exact value at its arguments when they make one (e^0 = 1, max(2, 3) = 3), else null
 */
public record FnSpec(String latex, List<String> commands, List<String> words, String plain, int minArgs, int maxArgs,
                     ToDoubleFunction<double[]> value, UnaryOperator<Expr> derivative, String rule, String ruleWords,
                     String identity, UnaryOperator<Expr> definition, String symja, UnaryOperator<Expr> domain,
                     boolean kink, String convention, Function<List<Expr>, Expr> exact) {

    /** Unary, has a table derivative and no kink: its derivatives of every order are closed forms. */
    public boolean smooth() {
        return maxArgs == 1 && derivative != null && !kink;
    }

    static Builder unary(String latex) {
        return new Builder(latex, 1, 1);
    }

    static Builder nary(String latex, int min, int max) {
        return new Builder(latex, min, max);
    }

    /** Collects one table row; only {@link BuiltinFn} builds them. */
    static final class Builder {
        private final String latex;
        private final int minArgs, maxArgs;
        private List<String> commands = List.of(), words = List.of();
        private String plain, rule, ruleWords, identity, symja, convention;
        private ToDoubleFunction<double[]> value;
        private UnaryOperator<Expr> derivative, definition, domain;
        private boolean kink;
        private Function<List<Expr>, Expr> exact = args -> null;

        private Builder(String latex, int minArgs, int maxArgs) {
            this.latex = latex;
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }

        Builder commands(String... c) { commands = List.of(c); return this; }
        Builder words(String... w) { words = List.of(w); return this; }
        Builder plain(String p) { plain = p; return this; }
        Builder value(DoubleUnaryOperator f) { value = a -> f.applyAsDouble(a[0]); return this; }
        Builder values(ToDoubleFunction<double[]> f) { value = f; return this; }
        Builder rule(String name, String words, String identity, UnaryOperator<Expr> derivative) {
            rule = name;
            ruleWords = words;
            this.identity = identity;
            this.derivative = derivative;
            return this;
        }
        Builder definition(UnaryOperator<Expr> d) { definition = d; return this; }
        Builder symja(String s) { symja = s; return this; }
        Builder domain(UnaryOperator<Expr> d) { domain = d; return this; }
        Builder kink(String conventionKey) { kink = true; convention = conventionKey; return this; }
        /** Exact values the simplifier may fold in (e^0 = 1, ReLU(−2) = 0): the value, or null when there is none. */
        Builder exact(Function<List<Expr>, Expr> f) {
            Function<List<Expr>, Expr> before = exact; // several calls add up, in any order
            exact = args -> {
                Expr v = f.apply(args);
                return v != null ? v : before.apply(args);
            };
            return this;
        }
        /** The exact value {@code value} at the number {@code at}. */
        Builder exactAt(long at, long value) {
            return exact(args -> Exprs.isNum(args.get(0), at) ? Expr.num(value) : null);
        }

        FnSpec build() {
            String p = plain != null ? plain : latex.replace("\\operatorname{", "").replace("}", "").replace("\\", "");
            return new FnSpec(latex, commands, words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList(), p, minArgs, maxArgs,
                    value, derivative, rule, ruleWords, identity, definition, symja, domain, kink, convention, exact);
        }
    }
}
