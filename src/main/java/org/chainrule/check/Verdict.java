package org.chainrule.check;

/** A claim's verdict. JSON and text use the lower-case names. */
public enum Verdict {
    CORRECT, WRONG, UNVERIFIABLE;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
