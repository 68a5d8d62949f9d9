package org.chainrule.expr;

/**
 * The functions chainrule knows by name. {@code latex} is the canonical spelling the printer uses;
 * the parser accepts the other spellings listed in the notation reference.
 */
public enum BuiltinFn {
    EXP("\\exp", 1, 1),
    /** Natural logarithm ({@code \log} and {@code \ln}, the ML convention). */
    LOG("\\log", 1, 1),
    SIN("\\sin", 1, 1),
    COS("\\cos", 1, 1),
    TAN("\\tan", 1, 1),
    SINH("\\sinh", 1, 1),
    COSH("\\cosh", 1, 1),
    TANH("\\tanh", 1, 1),
    /** The logistic function 1/(1+e^{-x}). */
    SIGMOID("\\sigma", 1, 1),
    RELU("\\operatorname{ReLU}", 1, 1),
    SOFTPLUS("\\operatorname{softplus}", 1, 1),
    SIGN("\\operatorname{sign}", 1, 1),
    MAX("\\max", 2, Integer.MAX_VALUE),
    MIN("\\min", 2, Integer.MAX_VALUE),
    /** Softmax of a vector; components are taken with {@link Expr.Index}. */
    SOFTMAX("\\operatorname{softmax}", 1, 1);

    public final String latex;
    public final int minArgs;
    public final int maxArgs;

    BuiltinFn(String latex, int minArgs, int maxArgs) {
        this.latex = latex;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }
}
