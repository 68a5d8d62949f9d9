package org.chainrule.numeric;

/** An expression has no numeric value here (unbound symbol, vector where a scalar is needed, …). */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }
}
