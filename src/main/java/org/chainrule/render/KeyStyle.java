package org.chainrule.render;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a key shows and for whom. {@code BRIEF} is the density of a TA's handwritten solution: the
 * chain, each local derivative in a line or two, the answer boxed once, one verification line per
 * problem. {@code FULL} also shows every sub-derivation, the substituted answer and a summary table.
 * A {@code handout} carries no verification marks or notes: the report goes to a separate channel.
 */
public record KeyStyle(Detail detail, boolean handout) {
    public enum Detail { BRIEF, FULL }

    public static final KeyStyle BRIEF = new KeyStyle(Detail.BRIEF, false);
    public static final KeyStyle FULL = new KeyStyle(Detail.FULL, false);

    public boolean brief() { return detail == Detail.BRIEF; }

    public KeyStyle asHandout(boolean h) { return new KeyStyle(detail, h); }

    /** "brief" or "full" (any case) as a detail level; anything else is not one. */
    public static Optional<Detail> detail(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "brief" -> Optional.of(Detail.BRIEF);
            case "full" -> Optional.of(Detail.FULL);
            default -> Optional.empty();
        };
    }
}
