package org.chainrule.numeric;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one random draw of the numeric checks: in [−2, 2), away from 0, reproducible from its seed. */
class DrawTest {

    @Test
    void valuesLieInTheRangeAwayFromZero() {
        Random r = new Random(Draw.SEED);
        for (int i = 0; i < 10_000; i++) {
            double x = Draw.value(r);
            assertTrue(x >= -2 && x < 2 && Math.abs(x) >= 0.05, "drawn " + x);
        }
    }

    @Test
    void shortValuesHaveSixDecimals() {
        Random r = new Random(Draw.SEED);
        for (int i = 0; i < 1000; i++) {
            double x = Draw.shortValue(r);
            assertEquals(x, Math.round(x * 1e6) / 1e6);
        }
    }

    @Test
    void theSameSeedDrawsTheSameValues() {
        Random a = new Random(Draw.SEED), b = new Random(Draw.SEED);
        for (int i = 0; i < 100; i++) assertEquals(Draw.value(a), Draw.value(b));
    }
}
