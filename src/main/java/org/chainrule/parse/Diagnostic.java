package org.chainrule.parse;

/** A warning about input that parsed but may not mean what its author intended ({@code x^10}, {@code |a|b|c|}). */
public record Diagnostic(String message, int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column + ": warning: " + message;
    }
}
