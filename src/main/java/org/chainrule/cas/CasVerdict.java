package org.chainrule.cas;

/**
 * The outcome of the independent symbolic cross-check of an answer: it agrees, it disagrees (with
 * what differed), or the check did not take part (and why). {@link #text()} is the wording printed.
 */
public sealed interface CasVerdict {
    record Agrees() implements CasVerdict {}

    /** @param detail what differed, e.g. "Symja's derivative differs by 0.5 at a sample point" */
    record Disagrees(String detail) implements CasVerdict {}

    /** @param reason why no symbolic check was made, e.g. "--no-cas" */
    record Skipped(String reason) implements CasVerdict {}

    CasVerdict AGREES = new Agrees();

    static CasVerdict skipped(String reason) {
        return new Skipped(reason);
    }

    /** "agrees", "disagrees: …" or "skipped: …", as the text output and the JSON's "detail" words it. */
    default String text() {
        return switch (this) {
            case Agrees a -> "agrees";
            case Disagrees(String detail) -> "disagrees: " + detail;
            case Skipped(String reason) -> "skipped: " + reason;
        };
    }

    /** Only a disagreement counts against a derivation; a skipped check does not. */
    default boolean disagrees() {
        return this instanceof Disagrees;
    }
}
