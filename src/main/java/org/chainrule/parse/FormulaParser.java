package org.chainrule.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.chainrule.expr.Expr;

/**
 * Parses one formula written in chainrule's LaTeX-like notation (see docs/notation.md) into
 * {@link Expr} statements. Stateless and thread-safe: every call builds its own lexer, pre-pass,
 * parser and tree builder. Bad input always ends in a {@link ParseException} with a 1-based line and
 * column; nothing is printed.
 */
public final class FormulaParser {
    /** Longest accepted input, in characters. */
    public static final int MAX_LENGTH = 100_000;

    private FormulaParser() {}

    public static Parsed parse(String source) throws ParseException {
        return parse(source, ParseOptions.DEFAULT);
    }

    public static Parsed parse(String source, ParseOptions options) throws ParseException {
        if (source.length() > MAX_LENGTH)
            throw located(source, options, new FormulaError(
                    "input too long (" + source.length() + " characters; the limit is " + MAX_LENGTH + ")", 1, 0));
        Key key = source.length() <= CACHED_LENGTH ? new Key(source, options) : null;
        Parsed known = key == null ? null : RECENT.get(key);
        if (known != null) return known;
        try {
            Parsed p = run(source, options);
            if (key != null) RECENT.put(key, p);
            return p;
        } catch (FormulaError e) {
            throw located(source, options, e);
        } catch (RuntimeException e) {
            // A bug, not bad input; still reported as a located error rather than a crash.
            throw located(source, options, new FormulaError("internal parser error (" + e + ")", 1, 0));
        } catch (StackOverflowError e) {
            // Last resort: the pre-pass bounds bracket nesting, but long chains of prefixes could still recurse deeply.
            throw located(source, options, new FormulaError("formula too deeply nested to parse", 1, 0));
        }
    }

    /**
     * The last successful parses, by text and options. Parsing is a pure function of the two and its
     * result is immutable, and callers parse the same short texts again and again: a JSONL batch line
     * parses its expression twice (once to check function definitions) and each key of its point ("w",
     * "x") on every line. Failures are not kept: they are rare and carry the caller's location.
     */
    private record Key(String source, ParseOptions options) {
        // written out: the generated ones cost a bootstrap on first use, in every cold run (see SupIndex)
        @Override public boolean equals(Object o) { return o instanceof Key k && source.equals(k.source) && options.equals(k.options); }
        @Override public int hashCode() { return 31 * source.hashCode() + options.hashCode(); }
    }

    private static final int CACHED_LENGTH = 2_000;
    private static final int CACHED = 512;
    private static final Map<Key, Parsed> RECENT = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Parsed> eldest) {
                    return size() > CACHED;
                }
            });

    public static Expr parseExpr(String source) throws ParseException {
        return parseExpr(source, ParseOptions.DEFAULT);
    }

    /** Exactly one statement; several (a = 1, b = 2) or none is an error. */
    public static Expr parseExpr(String source, ParseOptions options) throws ParseException {
        Parsed p = parse(source, options);
        if (p.statements().size() != 1)
            throw located(source, options, new FormulaError(
                    "expected one formula, found " + p.statements().size() + " statements", 1, 0));
        return p.statements().get(0);
    }

    private static Parsed run(String source, ParseOptions options) {
        FormulaLexer lexer = new FormulaLexer(CharStreams.fromString(source));
        lexer.removeErrorListeners();
        List<Token> raw = new ArrayList<>();
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            raw.add(t);
            if (t.getType() == Token.EOF) break;
        }
        TokenPrepass pre = new TokenPrepass(source, options);
        List<Token> tokens = pre.run(raw);

        if (pre.maxDepth <= SHALLOW && tokens.size() <= SHORT) return parseTokens(tokens, pre, options);
        // Deep but legal input: recurse on a thread whose stack is sized for 500 levels, whatever the
        // caller's thread allows. Only the touched part of the stack is ever committed.
        Parsed[] result = new Parsed[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = parseTokens(tokens, pre, options);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "chainrule-formula-parser", DEEP_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FormulaError("interrupted while parsing", 1, 0);
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error err) throw err;
        return result[0];
    }

    private static final int SHALLOW = 40;
    private static final int SHORT = 1000;
    private static final long DEEP_STACK_BYTES = 512L * 1024 * 1024;

    private static Parsed parseTokens(List<Token> tokens, TokenPrepass pre, ParseOptions options) {
        FormulaSyntax.FormulaContext tree = parseSll(tokens);
        if (tree == null) tree = parseLl(tokens);
        ExprBuilder builder = new ExprBuilder(options);
        List<Expr> statements = builder.formula(tree);
        Optional<Expr.RelOp> continues = Optional.empty();
        if (tree.cont != null) {
            if (statements.isEmpty())
                throw new FormulaError("missing right-hand side after " + tree.cont.getText(), tree.cont.getStart().getLine(),
                        tree.cont.getStart().getCharPositionInLine());
            continues = Optional.of(ExprBuilder.relOpOf(tree.cont));
        }
        if (statements.isEmpty() && pre.annotations.isEmpty())
            throw new FormulaError("empty formula", 1, 0);
        List<Diagnostic> warnings = new ArrayList<>(pre.warnings);
        warnings.addAll(builder.warnings);
        return new Parsed(statements, pre.annotations, warnings, continues, builder.calls);
    }

    /**
     * The first of two stages: SLL prediction, which caches every decision, stopping at the first
     * syntax error. ANTLR guarantees that a parse SLL completes is the one full LL finds; LL is needed
     * only where SLL reports an error, which may be a real one or a decision SLL cannot make, so those
     * inputs are parsed again by {@link #parseLl}. Full-context LL predictions are not cached: on every
     * call they cost most of the parse (a third of a cold 220-problem batch's main thread, measured).
     */
    private static FormulaSyntax.FormulaContext parseSll(List<Token> tokens) {
        FormulaSyntax parser = new FormulaSyntax(new CommonTokenStream(new ListTokenSource(tokens)));
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return parser.formula();
        } catch (ParseCancellationException e) {
            return null;
        }
    }

    /** Full LL, whose first syntax error becomes the user's message. */
    private static FormulaSyntax.FormulaContext parseLl(List<Token> tokens) {
        FormulaSyntax parser = new FormulaSyntax(new CommonTokenStream(new ListTokenSource(tokens)));
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors());
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        try {
            return parser.formula();
        } catch (ParseCancellationException e) {
            throw e.getCause() instanceof FormulaError fe ? fe : new FormulaError("cannot parse the formula", 1, 0);
        }
    }

    private static ParseException located(String source, ParseOptions o, FormulaError e) {
        String[] lines = source.split("\r\n|\r|\n", -1);
        int line = Math.max(1, e.line);
        String sourceLine = line <= lines.length ? lines[line - 1] : "";
        int col = e.column + 1;
        if (col < 1) col = 1;
        int outLine = line == 1 ? o.line() : o.line() + line - 1;
        int outCol = line == 1 ? o.column() + col - 1 : col;
        return new ParseException(e.getMessage(), outLine, outCol, sourceLine);
    }
}
