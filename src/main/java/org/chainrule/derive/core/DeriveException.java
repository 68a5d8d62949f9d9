package org.chainrule.derive.core;

/** The input cannot be differentiated as asked (no rule, unknown variable, a matrix where a scalar is needed). */
public final class DeriveException extends RuntimeException {
    public DeriveException(String message) {
        super(message);
    }
}
