package org.chainrule.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chainrule.cas.CasVerdict;
import org.chainrule.cas.Symja;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.EvalException;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Mat;
import org.chainrule.numeric.MatrixEvaluator;
import org.chainrule.numeric.Sampler;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.FunctionDefinitions;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.ParseOptions;
import org.chainrule.parse.Parsed;
import org.chainrule.sheet.AtPoint;

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

    /** The variable: one symbol. */
    static Sym variable(String text) throws Located, BadInputException {
        Expr e = parseExpr("--wrt", text);
        if (!(e instanceof Sym s))
            throw new BadInputException("--wrt: the variable must be a single symbol such as w, w_i or \\theta_j, not '" + text + "'");
        return s;
    }

    /**
     * Refuses a formula that starts with a relation ({@code = x^2}): the parser reads it as the
     * continuation of a previous display, which a lone formula does not have.
     */
    static Expr parseExpr(String source, String text) throws Located {
        return parseExpr(source, text, ParseOptions.DEFAULT);
    }

    static Expr parseExpr(String source, String text, ParseOptions options) throws Located {
        List<Expr> all = parseAll(source, text, options);
        if (all.size() != 1)
            throw new Located(source, located(text, 0, "expected one formula, found " + all.size() + " statements"));
        return all.get(0);
    }

    static List<Expr> parseAll(String source, String text) throws Located {
        return parseAll(source, text, ParseOptions.DEFAULT);
    }

    static List<Expr> parseAll(String source, String text, ParseOptions options) throws Located {
        try {
            Parsed p = FormulaParser.parse(text, options);
            if (p.continues().isPresent()) throw leadingRelation(text);
            return p.statements();
        } catch (ParseException e) {
            throw new Located(source, e);
        }
    }

    /**
     * Parse options for one problem: a given that defines a function by its call, {@code r(t) = …} or
     * {@code \\ell(z) = …}, declares that name a function for the expression and every given, as
     * {@code \\function} does in a sheet (otherwise r(t) reads as the product r·t). Givens that do not
     * parse are left for the real parse to report.
     */
    static ParseOptions optionsFor(List<String> givens) {
        Set<Sym> functions = new LinkedHashSet<>();
        for (String text : givens)
            functions.addAll(FunctionDefinitions.declaredByCall(text, ParseOptions.DEFAULT));
        return functions.isEmpty() ? ParseOptions.DEFAULT
                : new ParseOptions(functions, Set.of(), 1, 1);
    }

    /**
     * The author's mistakes in function definitions among the givens (g defined twice, g(2) = …, a
     * definition that calls itself) and in calls of the defined functions (g(1, 2) for a one-argument g),
     * in the givens or the expression: the first, located in the text it is in. The texts have parsed
     * already; {@code givenName} names a given by its number ("--given 2", "given 2").
     */
    static void checkFunctions(String exprSource, String exprText, List<String> givens, String givenName,
                               ParseOptions options) throws Located {
        List<FunctionDefinitions.Source> sources = new ArrayList<>();
        try {
            for (int k = 0; k < givens.size(); k++)
                sources.add(source(givenName + (k + 1), givens.get(k), true, options));
            sources.add(source(exprSource, exprText, false, options));
        } catch (ParseException e) {
            return; // reported where the text is parsed for real
        }
        List<FunctionDefinitions.Problem> bad = FunctionDefinitions.check(sources);
        if (!bad.isEmpty()) throw new Located(bad.get(0).source().name(), bad.get(0).error());
    }

    private static FunctionDefinitions.Source source(String name, String text, boolean definitions, ParseOptions options)
            throws ParseException {
        return new FunctionDefinitions.Source(name, FormulaParser.parse(text, options), definitions, l -> lineOf(text, l));
    }

    static ParseException leadingRelation(String text) {
        int at = 0;
        while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || text.charAt(at) == '&')) at++;
        return located(text, at, "the formula starts with a relation; its left-hand side is missing");
    }

    /** A ParseException at a character offset of text (line and column 1-based). */
    static ParseException located(String text, int offset, String reason) {
        int line = 1, lineStart = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++)
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        int lineEnd = text.indexOf('\n', lineStart);
        return new ParseException(reason, line, offset - lineStart + 1, text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd));
    }

    /** A point with where each of its symbols is written (a character offset), to locate errors about it. */
    record Point(Map<Sym, Mat> values, Map<Sym, Integer> offsets, String text) {
        /** The located error for a problem with the point: at the symbol it concerns, else at the end (where a missing value goes). */
        ParseException locate(AtPoint.BadPoint bad) {
            int offset = bad.at().map(offsets::get).orElse(text.length());
            return located(text, offset, bad.getMessage());
        }
    }

    /**
     * Values from "x = 0.3, w = 0.5"; a vector or matrix is a bmatrix
     * ({@code W = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}}) or a row [1, 2, 3], a number is 1 × 1.
     * Each comma-separated part is parsed on its own so that errors point into it.
     */
    static Point point(String text) throws Located {
        Map<Sym, Mat> out = new LinkedHashMap<>();
        Map<Sym, Integer> offsets = new LinkedHashMap<>();
        for (int[] part : parts(text)) {
            String piece = text.substring(part[0], part[1]);
            int start = part[0];
            while (start < part[1] && Character.isWhitespace(text.charAt(start))) start++;
            if (start == part[1]) throw new Located("--at", located(text, part[0], "an empty part: write the point as symbol = value, separated by commas"));
            List<Expr> items;
            try {
                ParseException where = located(text, part[0], "");
                items = FormulaParser.parse(piece, ParseOptions.DEFAULT.at(where.line(), where.column())).statements();
            } catch (ParseException e) {
                throw new Located("--at", new ParseException(e.reason(), e.line(), e.column(), lineOf(text, e.line())));
            }
            if (items.size() != 1 || !(items.get(0) instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ
                    && r.operands().get(0) instanceof Sym s))
                throw new Located("--at", located(text, start, "write the point as symbol = value, separated by commas: --at 'x = 0.3, w = 0.5' "
                        + "(vectors and matrices as \\begin{bmatrix} … \\end{bmatrix} or [1, 2, 3])"));
            if (out.containsKey(s)) throw new Located("--at", located(text, start, "a second value for " + LatexPrinter.print(s)));
            try {
                out.put(s, MatrixEvaluator.eval(r.operands().get(1), out));
            } catch (EvalException ex) {
                throw new Located("--at", located(text, start, "the value of " + LatexPrinter.print(s)
                        + " must be a number or a matrix of numbers: " + ex.getMessage()));
            }
            offsets.put(s, start);
        }
        return new Point(out, offsets, text);
    }

    private static String lineOf(String text, int line) {
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    /** [start, end) of each top-level comma-separated part: commas inside brackets, braces and environments do not split. */
    private static List<int[]> parts(String text) {
        List<int[]> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (text.startsWith("\\begin", i)) depth++;
                else if (text.startsWith("\\end", i)) depth--;
                else if (i + 1 < text.length() && "{}[]()".indexOf(text.charAt(i + 1)) >= 0) i++; // \{ is not a group
                continue;
            }
            if (c == '{' || c == '[' || c == '(') depth++;
            else if (c == '}' || c == ']' || c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(new int[] {start, i});
                start = i + 1;
            }
        }
        out.add(new int[] {start, text.length()});
        return out;
    }

    /** A value for JSON: a number for 1 × 1, else nested arrays, row-major. */
    static JsonNode json(Mat m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (m.isScalar()) return f.numberNode(m.value());
        ArrayNode rows = f.arrayNode();
        for (double[] row : m.toNested()) {
            ArrayNode r = rows.addArray();
            for (double v : row) r.add(v);
        }
        return rows;
    }

    /** An engine whose oracle is Symja (started on first use), or none. */
    static Engine engine(boolean useCas) {
        if (!useCas) return new Engine((f, x, a, as) -> CasVerdict.skipped("--no-cas"));
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
