package org.chainrule.numeric;

import java.util.Random;

/** The random values of numeric checks, and the seed every reproducible draw starts from. */
public final class Draw {
    private Draw() {}

    /** The base seed of every check and sample: keys come out the same on every run. */
    public static final long SEED = 20261122L;

    /**
     * A value uniform in [−2, 2), away from 0 where 1/x and log|x| make finite differences
     * ill-conditioned.
     */
    static double value(Random random) {
        double x;
        do {
            x = random.nextDouble() * 4 - 2;
        } while (Math.abs(x) < 0.05);
        return x;
    }

    /** {@link #value(Random)} to 6 decimals, so that a reported point reads back as the point checked. */
    static double shortValue(Random random) {
        return round(value(random));
    }

    static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
