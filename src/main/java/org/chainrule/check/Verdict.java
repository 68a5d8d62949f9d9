package org.chainrule.check;

import java.util.Locale;

/** A claim's verdict. JSON and text use the lower-case names. */
public enum Verdict {
    CORRECT, WRONG, UNVERIFIABLE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
