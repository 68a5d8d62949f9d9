package org.chainrule.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.numeric.Mat;

/**
 * The verdict on one claimed line, with its evidence: for a wrong symbolic line a counterexample (a
 * point in its region and both values), for a wrong numeric claim the expected value, diagnoses where
 * a small change to the claim makes it right, and for an unverifiable one the reason.
 *
 * @param points how many sample points (or exact evaluations) the verdict rests on
 */
public record Judgement(Verdict verdict, Optional<String> why, Optional<Counterexample> counterexample,
                        Optional<Expected> expected, List<Diagnosis> diagnoses, int points) {
    public Judgement {
        diagnoses = List.copyOf(diagnoses);
    }

    /** A point where the two sides differ; scalars are 1 × 1. */
    public record Counterexample(Map<Sym, Mat> point, Mat claimed, Mat actual) {
        public Counterexample {
            point = Collections.unmodifiableMap(new LinkedHashMap<>(point));
        }
    }

    /** The right value of a numeric claim: as a double, and exactly where it is known exactly ("87.5", "-7/2"). */
    public record Expected(double value, Optional<String> exact) {}

    public static Judgement correct(int points) {
        return new Judgement(Verdict.CORRECT, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), points);
    }

    public static Judgement unverifiable(String why) {
        return new Judgement(Verdict.UNVERIFIABLE, Optional.of(why), Optional.empty(), Optional.empty(), List.of(), 0);
    }

    public boolean correct() {
        return verdict == Verdict.CORRECT;
    }
}
