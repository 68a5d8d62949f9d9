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
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Evaluator;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
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

    /**
     * Values from "x = 0.3, w = 0.5"; a vector or matrix is a bmatrix
     * ({@code W = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}}), a number is 1 × 1.
     */
    static Map<Sym, Mat> point(String text) throws Located, BadInputException {
        Map<Sym, Mat> out = new LinkedHashMap<>();
        for (Expr e : parseAll("--at", text)) {
            if (e instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ && r.operands().get(0) instanceof Sym s) {
                try {
                    out.put(s, MatrixEvaluator.eval(r.operands().get(1), out));
                } catch (EvalException ex) {
                    throw new BadInputException("--at: the value of " + LatexPrinter.print(s) + " must be a number or a matrix of numbers: " + ex.getMessage());
                }
            } else {
                throw new BadInputException("--at: write the point as symbol = value, separated by commas: --at 'x = 0.3, w = 0.5' "
                        + "(vectors and matrices as \\begin{bmatrix} … \\end{bmatrix})");
            }
        }
        return out;
    }

    /** The answer's value at the point, or null when the point does not give every symbol a value. */
    static Mat valueAt(Derivation d, Map<Sym, Mat> point) {
        if (point == null || point.isEmpty()) return null;
        return value(d, d.answerFlat(), point);
    }

    private static Mat value(Derivation d, Expr e, Map<Sym, Mat> point) {
        try {
            if (d.matrix().isPresent()) {
                Mat m = MatrixEvaluator.eval(e, point);
                for (double v : m.data()) if (!Double.isFinite(v)) return null;
                return m;
            }
            Map<Sym, Double> scalars = new LinkedHashMap<>();
            for (Map.Entry<Sym, Mat> en : point.entrySet()) {
                if (!en.getValue().isScalar()) return null;
                scalars.put(en.getKey(), en.getValue().value());
            }
            double v = Evaluator.eval(e, Env.of(scalars));
            return Double.isFinite(v) ? Mat.scalar(v) : null;
        } catch (EvalException ex) {
            return null;
        }
    }

    /** Every named intermediate's value at the point (definitions substituted), where it can be computed. */
    static Map<Sym, Mat> intermediatesAt(Derivation d, Map<Sym, Mat> point) {
        Map<Sym, Mat> out = new LinkedHashMap<>();
        org.chainrule.derive.Definitions defs = org.chainrule.derive.Definitions.of(
                d.definitions().entrySet().stream().map(e -> (Expr) Rel.of(e.getKey(), RelOp.EQ, e.getValue())).toList());
        for (Sym name : d.definitions().keySet()) {
            // an indexed family or a symbol without a value is left out
            Mat v = value(d, defs.inline(name), point);
            if (v != null) out.put(name, v);
        }
        return out;
    }

    /** A value for JSON: a number for 1 × 1, else nested arrays, row-major. */
    static com.fasterxml.jackson.databind.JsonNode json(Mat m) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (m.isScalar()) return f.numberNode(m.value());
        com.fasterxml.jackson.databind.node.ArrayNode rows = f.arrayNode();
        for (double[] row : m.toNested()) {
            com.fasterxml.jackson.databind.node.ArrayNode r = rows.addArray();
            for (double v : row) r.add(v);
        }
        return rows;
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
