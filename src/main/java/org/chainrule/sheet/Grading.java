package org.chainrule.sheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.chainrule.check.Judge;
import org.chainrule.check.Judgement;
import org.chainrule.check.Verdict;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.numeric.Draw;
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
        Map<Sym, Expr> plain = plainDefinitions(p.given());
        for (Claim claim : p.claims()) {
            c++;
            boolean seenWrong = false;
            Judge judge = claim.option().isEmpty() ? new Judge(engine, p.given(), Draw.SEED + p.number() * 41L + c) : null;
            for (int k = 0; k < claim.lines().size(); k++) {
                ClaimLine line = claim.lines().get(k);
                Judgement j = judge != null
                        ? judge.judge(plainCalls(claim.lhs(), plain), plainCalls(line.rhs(), plain))
                        : NumericClaims.judge(p, claim, k, engine);
                boolean first = j.verdict() == Verdict.WRONG && !seenWrong;
                seenWrong |= j.verdict() == Verdict.WRONG;
                out.add(new Graded(p.number(), claim, k, line, j, first));
            }
        }
        return out;
    }

    /**
     * f, g, h are read as functions before "(", but a problem may define them as plain names (f_i = …). A
     * call of such a name in a claim means the name: f(x) with f = σ(x) is f itself when every argument is a
     * symbol of f's definition; otherwise it is a product, f_i(1 + f_i) = f_i · (1 + f_i).
     */
    static Map<Sym, Expr> plainDefinitions(List<Expr> given) {
        Map<Sym, Expr> plain = new HashMap<>();
        for (Expr g : given)
            if (g instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                    && r.operands().get(0) instanceof Sym s)
                plain.put(s, r.operands().get(1));
        return plain;
    }

    /** {@code plain}: the problem's definitions of plain names ({@link #plainDefinitions}). */
    static Expr plainCalls(Expr e, Map<Sym, Expr> plain) {
        Expr in = Exprs.mapChildren(e, c -> plainCalls(c, plain));
        if (in instanceof Apply ap && ap.fn() instanceof Abstract ab && plain.containsKey(ab.name())) {
            Sym name = ab.name();
            Set<Sym> free = Exprs.symbols(plain.get(name));
            if (ap.args().stream().allMatch(a -> a instanceof Sym s && free.contains(s))) return name;
            if (ap.args().size() == 1) return Expr.mul(name, ap.args().get(0));
        }
        return in;
    }
}
