package org.chainrule.derive.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.numeric.Evaluator;

/**
 * How one step of a derivation was checked numerically. Only {@link Checked} counts towards
 * "verified": a step nobody could evaluate is not a step that holds.
 */
public sealed interface Check {

    /**
     * The step's two sides agreed at {@code points} random points. {@code refused}: points drawn but
     * not used because evaluating there loses too many digits in double precision for the comparison to
     * mean anything (1 − σ(34) is a few units in the last place of 1); other points were drawn instead.
     */
    record Checked(int points, int refused) implements Check {
        public Checked(int points) {
            this(points, 0);
        }
    }

    /** The step could not be evaluated anywhere; {@code why} says what stood in the way. */
    record Unchecked(String why) implements Check {}

    /** The two sides disagree at {@code at}: {@code expected} is the reference value, {@code got} the step's. */
    record Failed(Map<Sym, Double> at, double expected, double got) implements Check {
        public Failed {
            // the number of terms given to sums without bounds is the sampler's, not a symbol of the problem
            Map<Sym, Double> shown = new LinkedHashMap<>(at);
            shown.remove(Evaluator.UNBOUNDED_TERMS);
            at = Map.copyOf(shown);
        }
    }
}
