package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.chainrule.check.Judge;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.parse.SheetSource;
import org.chainrule.parse.SheetSource.*;

/**
 * Grades a sheet's claims (\check): every line of every claim gets a verdict. A symbolic line is judged
 * against the claim's left side under the problem's definitions and conditions; {@code [at]} claims at
 * the problem's \at point; {@code [rate = …]} claims against the problem's \descent.
 */
public final class Grading {
    private Grading() {}

    /**
     * One graded line.
     *
     * @param line      which line of its claim (0 for the first)
     * @param firstWrong whether this is the first wrong line of its claim
     */
    public record Graded(int problem, Claim claim, int line, ClaimLine source, Judgement judgement, boolean firstWrong) {
        public Expr lhs() {
            return claim.lhs();
        }

        public Verdict verdict() {
            return judgement.verdict();
        }
    }

    /** Every claim line of the sheet in order; problems with errors are skipped (their errors are reported elsewhere). */
    public static List<Graded> grade(SheetSource sheet, Supplier<Engine> engines) {
        Engine engine = engines.get();
        List<Graded> out = new ArrayList<>();
        for (Problem p : sheet.problems()) out.addAll(grade(p, engine));
        return out;
    }

    /** The claims of one problem (none when the problem has errors). */
    public static List<Graded> grade(Problem p, Engine engine) {
        List<Graded> out = new ArrayList<>();
        if (!p.errors().isEmpty()) return out;
        int c = 0;
        for (Claim claim : p.claims()) {
            c++;
            boolean seenWrong = false;
            Judge judge = claim.option().isEmpty() ? new Judge(engine, p.given(), 20261122L + p.number() * 41L + c) : null;
            for (int k = 0; k < claim.lines().size(); k++) {
                ClaimLine line = claim.lines().get(k);
                Judgement j = judge != null ? judge.judge(claim.lhs(), line.rhs()) : NumericClaims.judge(p, claim, k, engine);
                boolean first = j.verdict() == Verdict.WRONG && !seenWrong;
                seenWrong |= j.verdict() == Verdict.WRONG;
                out.add(new Graded(p.number(), claim, k, line, j, first));
            }
        }
        return out;
    }
}
