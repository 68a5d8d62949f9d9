package org.chainrule.render.pdf;

/**
 * LaTeX that {@link SafeTex} refuses to hand to jlatexmath: a command outside the allow-list, a
 * command that defines macros or touches files, or a formula too long, too deeply nested or too large
 * once laid out. The message names the offending command or limit.
 */
public final class UnsafeLatexException extends IllegalArgumentException {
    public UnsafeLatexException(String message) {
        super(message);
    }
}
