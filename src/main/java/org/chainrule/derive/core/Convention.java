package org.chainrule.derive.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a derivation does at a point where the function has no derivative (docs/kinks.md): a
 * key for JSON and the sentence a key prints. Rules name the conventions they may use in their
 * {@link RuleDescriptor}; the function table names its own by key.
 */
public enum Convention {
    RELU_AT_ZERO("relu-at-zero", "At u = 0 ReLU has no derivative; we use ReLU'(0) = 0 (a subgradient)."),
    ABS_AT_ZERO("abs-at-zero", "At u = 0 |u| has no derivative; we use sign(0) = 0 (a subgradient)."),
    STEP_ALMOST_EVERYWHERE("step-almost-everywhere",
            "sign(·) and indicators jump at their boundary; their derivative is 0 everywhere else."),
    MAX_NORM_AT_TIE("max-norm-at-tie", "Where several entries of v share the largest |v_k| (the kink of ‖v‖∞), "
            + "we use the first of them, k* (a subgradient)."),
    MAX_AT_TIE("max-at-tie", "Where the arguments of max/min are equal (the kink), we use the derivative of the "
            + "\"otherwise\" case (a subgradient for max)."),
    BOUNDARY_USES_HOLDING_CASE("boundary-uses-holding-case", "On the boundary between cases, the derivative of the "
            + "case whose condition holds there is used (a one-sided derivative).");

    private final String key;
    private final String text;

    Convention(String key, String text) {
        this.key = key;
        this.text = text;
    }

    /** The kebab-case key, as in JSON and docs/kinks.md (no tool names). */
    public String key() {
        return key;
    }

    /** What the derivation does there, in one sentence for the reader of a key. */
    public String text() {
        return text;
    }

    public static Optional<Convention> byKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }
}
