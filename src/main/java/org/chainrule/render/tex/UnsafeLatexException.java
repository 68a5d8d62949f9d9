package org.chainrule.render.tex;

/**
 * LaTeX that chainrule refuses to typeset: a formula {@link SafeTex} will not hand to jlatexmath (a
 * command outside the allow-list, one that defines macros or touches files, a formula too long, too
 * deeply nested or too large once laid out), or a document that {@code render.SafeLatex} will not hand
 * to pdflatex (not the preamble chainrule writes, or a forbidden command in the body). The message
 * names the offending command or limit.
 */
public final class UnsafeLatexException extends IllegalArgumentException {
    public UnsafeLatexException(String message) {
        super(message);
    }
}
