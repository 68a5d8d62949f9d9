package org.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import org.chainrule.fuzz.Fuzz.Kind;
import org.chainrule.fuzz.Fuzz.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fuzz run of the build: a few thousand generated, mutated and extreme inputs through the
 * command line (bench/fuzz is the long run). Any internal error, escaped exception, stack trace, hang
 * or out-of-memory fails it, with the input that caused it.
 */
class FuzzTest {

    @TempDir
    Path work;

    @Test
    void everyInputEndsInAResultOrALocatedError() throws IOException {
        Fuzz fuzz = new Fuzz(work, 20_000);
        Fuzz.Report r = fuzz.session(20261206L, Integer.getInteger("fuzz.n", 2_400), 60, true);
        System.out.print(r.table());
        if (!r.failures.isEmpty()) {
            Fuzz.Run f = r.failures.get(0);
            fail(f.kind() + " " + f.outcome() + " on input:\n" + Fuzz.abbreviate(f.input()) + "\n" + f.err());
        }
        // the generator must reach both sides, or the run proves nothing
        for (Kind k : Kind.values()) {
            int ok = r.count(k, Outcome.RESULT);
            int refused = r.count(k, Outcome.LOCATED_ERROR) + r.count(k, Outcome.UNLOCATED_ERROR) + r.count(k, Outcome.USAGE_ERROR);
            // text that is not UTF-8 is always refused
            assertTrue((ok > 0 || k == Kind.FORMULA_BYTES) && refused > 0, k + ": " + ok + " results, " + refused + " refusals");
        }
        // an input refused is refused at a place: line, column and a caret (a batch: in its result line)
        for (Kind k : new Kind[] {Kind.FORMULA_PARSE, Kind.FORMULA_BYTES, Kind.FORMULA_DERIVE, Kind.JSONL, Kind.SHEET})
            assertTrue(r.count(k, Outcome.UNLOCATED_ERROR) == 0, k + " had unlocated errors, e.g. "
                    + r.unlocated.stream().filter(u -> u.kind() == k).findFirst().map(u -> Fuzz.abbreviate(u.input()) + "\n" + u.err()).orElse(""));
    }
}
