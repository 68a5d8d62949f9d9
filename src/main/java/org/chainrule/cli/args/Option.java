package org.chainrule.cli.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One option of a command, declared once: the parser, the help text and the "did you mean" suggestions
 * all read this record.
 *
 * @param name         the long name, {@code --output}
 * @param shortName    {@code -o}, or null
 * @param label        what the value is called in help ({@code <file>}); null for a flag, which takes no value
 * @param description  one paragraph for the help text (wrapped there)
 * @param repeatable   whether the option may be given more than once (each value is kept)
 * @param defaultValue the value when the option is not given, or null
 */
public record Option(String name, String shortName, String label, String description, boolean repeatable,
                     String defaultValue) {

    public Option {
        if (name == null || !name.matches("--[a-z][a-z0-9-]*"))
            throw new IllegalArgumentException("an option's name is --lowercase-words, not " + name);
        if (shortName != null && !shortName.matches("-[A-Za-z]"))
            throw new IllegalArgumentException(name + ": a short name is a dash and one letter, not " + shortName);
        if (description == null || description.isBlank())
            throw new IllegalArgumentException(name + " has no description");
        if (label == null && (repeatable || defaultValue != null))
            throw new IllegalArgumentException(name + " is a flag: it has no value to repeat or default");
    }

    /** An option that takes no value: given or not. */
    public static Option flag(String name, String description) {
        return new Option(name, null, null, description, false, null);
    }

    /** An option with a value, {@code --name value} or {@code --name=value}. */
    public static Option value(String name, String label, String description) {
        return new Option(name, null, label, description, false, null);
    }

    public Option shortName(String shortName) {
        return new Option(name, shortName, label, description, repeatable, defaultValue);
    }

    public Option repeats() {
        return new Option(name, shortName, label, description, true, defaultValue);
    }

    public Option defaultValue(String value) {
        return new Option(name, shortName, label, description, repeatable, value);
    }

    public boolean takesValue() {
        return label != null;
    }

    /** Whether {@code token} is exactly one of this option's names. */
    public boolean named(String token) {
        return name.equals(token) || token.equals(shortName);
    }

    // equals and hashCode written out, as the record's own would be: the generated ones are made by a
    // bootstrap on first use, which a cold run paid for while declaring its command (~14 classes, ~10 ms)
    @Override
    public boolean equals(Object o) {
        return o instanceof Option p && name.equals(p.name) && Objects.equals(shortName, p.shortName)
                && Objects.equals(label, p.label) && description.equals(p.description) && repeatable == p.repeatable
                && Objects.equals(defaultValue, p.defaultValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, shortName, label, description, repeatable, defaultValue);
    }

    /** Its names, the short one first: what help lists and what a command may ask {@link Args} for. */
    public List<String> names() {
        List<String> out = new ArrayList<>(2);
        if (shortName != null) out.add(shortName);
        out.add(name);
        return out;
    }
}
