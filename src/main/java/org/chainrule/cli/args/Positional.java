package org.chainrule.cli.args;

/**
 * The positional arguments of a command: one label for all of them.
 *
 * @param label       {@code <formula>}, {@code <sheet>}
 * @param required    at least one must be given
 * @param many        any number may be given; otherwise at most one
 * @param description one paragraph for the help text
 */
public record Positional(String label, boolean required, boolean many, String description) {

    public Positional {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a positional argument needs a label");
        if (description == null || description.isBlank())
            throw new IllegalArgumentException(label + " has no description");
    }

    /** Zero or one. */
    public static Positional optional(String label, String description) {
        return new Positional(label, false, false, description);
    }

    /** One or more. */
    public static Positional oneOrMore(String label, String description) {
        return new Positional(label, true, true, description);
    }

    /** How the synopsis writes it: {@code [<formula>]}, {@code <sheet>...}. */
    String synopsis() {
        String s = many ? label + "..." : label;
        return required ? s : "[" + s + "]";
    }
}
