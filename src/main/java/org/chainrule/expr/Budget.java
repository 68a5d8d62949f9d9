package org.chainrule.expr;

import java.util.function.Supplier;

/**
 * Time and size limits for one piece of work (a derivation, an evaluation), per thread. The work's
 * loops call {@link #check()} (time) and {@link #checkSize(int)} (expression nodes); past a limit they
 * throw {@link Exceeded}, which the caller reports as "too large" instead of running for ever or out
 * of memory. Outside {@link #within} both checks are free and never throw.
 */
public final class Budget {

    /** The limit a piece of work went past; the message says which and how far, for the user. */
    public static final class Exceeded extends RuntimeException {
        public Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    private record Limits(long deadline, long millis, int nodes) {}

    private static final ThreadLocal<Limits> LIMITS = new ThreadLocal<>();

    private Budget() {}

    /**
     * Runs {@code work} with at most {@code millis} milliseconds and expressions of at most {@code nodes}
     * nodes; an enclosing budget's tighter limits still hold.
     */
    public static <T> T within(long millis, int nodes, Supplier<T> work) {
        Limits outer = LIMITS.get();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        Limits mine = outer == null ? new Limits(deadline, millis, nodes)
                : new Limits(Math.min(deadline, outer.deadline()), Math.min(millis, outer.millis()), Math.min(nodes, outer.nodes()));
        LIMITS.set(mine);
        try {
            return work.get();
        } finally {
            if (outer == null) LIMITS.remove();
            else LIMITS.set(outer);
        }
    }

    /** Throws {@link Exceeded} when the time is up. */
    public static void check() {
        Limits l = LIMITS.get();
        if (l != null && System.nanoTime() - l.deadline() > 0)
            throw new Exceeded("it needs more than " + seconds(l.millis()) + ", chainrule's limit");
    }

    /** Throws {@link Exceeded} when an expression of {@code nodes} nodes is more than allowed, or the time is up. */
    public static void checkSize(int nodes) {
        Limits l = LIMITS.get();
        if (l == null) return;
        if (nodes > l.nodes())
            throw new Exceeded("an expression in it has " + nodes + " nodes, more than chainrule's limit of " + l.nodes());
        check();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
