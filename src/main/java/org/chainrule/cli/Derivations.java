package org.chainrule.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.cas.Symja;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Sampler;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;

/** Turning user text into an engine problem, and running it with the Symja oracle. */
final class Derivations {
    private Derivations() {}

    /** Text that failed to parse, with the name of the input it came from ("--wrt", "given 2", …). */
    static final class Located extends Exception {
        final String source;
        final ParseException cause;

        Located(String source, ParseException cause) {
            super(cause.getMessage(), cause);
            this.source = source;
            this.cause = cause;
        }
    }

    static Expr parseExpr(String source, String text) throws Located {
        try {
            return FormulaParser.parseExpr(text);
        } catch (ParseException e) {
            throw new Located(source, e);
        }
    }

    static List<Expr> parseAll(String source, String text) throws Located {
        try {
            return FormulaParser.parse(text).statements();
        } catch (ParseException e) {
            throw new Located(source, e);
        }
    }

    /** The variable: one symbol. */
    static Sym variable(String text) throws Located, BadInputException {
        Expr e = parseExpr("--wrt", text);
        if (!(e instanceof Sym s))
            throw new BadInputException("--wrt: the variable must be a single symbol such as w, w_i or \\theta_j, not '" + text + "'");
        return s;
    }

    /** Values from "x = 0.3, w = 0.5". */
    static Map<Sym, Double> point(String text) throws Located, BadInputException {
        Map<Sym, Double> out = new LinkedHashMap<>();
        for (Expr e : parseAll("--at", text)) {
            if (e instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ && r.operands().get(0) instanceof Sym s) {
                try {
                    out.put(s, Evaluator.eval(r.operands().get(1), Env.of(out)));
                } catch (EvalException ex) {
                    throw new BadInputException("--at: the value of " + text + " must be a number");
                }
            } else {
                throw new BadInputException("--at: write the point as symbol = number, separated by commas: --at 'x = 0.3, w = 0.5'");
            }
        }
        return out;
    }

    /** The answer's value at the point, or null when the point does not give every symbol a value. */
    static Double valueAt(Derivation d, Map<Sym, Double> point) {
        if (point == null || point.isEmpty()) return null;
        try {
            double v = Evaluator.eval(d.answerFlat(), Env.of(point));
            return Double.isFinite(v) ? v : null;
        } catch (EvalException e) {
            return null;
        }
    }

    /** Every named intermediate's value at the point (definitions substituted), where it can be computed. */
    static Map<Sym, Double> intermediatesAt(Derivation d, Map<Sym, Double> point) {
        Map<Sym, Double> out = new LinkedHashMap<>();
        org.chainrule.derive.Definitions defs = org.chainrule.derive.Definitions.of(
                d.definitions().entrySet().stream().map(e -> (Expr) Rel.of(e.getKey(), RelOp.EQ, e.getValue())).toList());
        for (Sym name : d.definitions().keySet()) {
            try {
                double v = Evaluator.eval(defs.inline(name), Env.of(point));
                if (Double.isFinite(v)) out.put(name, v);
            } catch (EvalException e) {
                // an indexed family or a symbol without a value: left out
            }
        }
        return out;
    }

    /** An engine whose oracle is Symja (started on first use), or none. */
    static Engine engine(boolean useCas) {
        if (!useCas) return new Engine((f, x, a, as) -> "skipped: --no-cas");
        Symja symja = new Symja(5_000);
        return new Engine((f, x, answer, assumptions) -> {
            Sampler sampler = new Sampler(List.of(f, answer, x), assumptions, 7);
            List<Map<Sym, Double>> points = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                Env env = sampler.point(k);
                if (env != null) points.add(env.values());
            }
            return symja.checkDerivative(f, x, answer, points);
        });
    }
}
