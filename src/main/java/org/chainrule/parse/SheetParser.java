package org.chainrule.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Exprs;
import org.chainrule.parse.SheetSource.*;

/**
 * Reads a problem sheet. Structural errors (an unclosed brace or $, a directive where none may be)
 * fail the whole sheet with a located {@link ParseException}; an error inside a problem (a bad
 * formula, an unknown directive) is recorded on that problem, so the other problems are still keyed.
 */
public final class SheetParser {
    private SheetParser() {}

    public static final int MAX_LENGTH = 2_000_000;

    /** Numeric directives: kept with parsed arguments for the sections of the key (package sheet). */
    /** The numeric directives: a section of sheet.Sections each (SectionsTest keeps them in step), and \round. */
    public static final Set<String> NUMERIC = Set.of("at", "trace", "descent", "limit", "round");

    public static SheetSource parse(String text) throws ParseException {
        if (text.length() > MAX_LENGTH)
            throw new ParseException("sheet too long (" + text.length() + " characters; the limit is " + MAX_LENGTH + ")", 1, 1, "");
        String[] lines = text.split("\r\n|\r|\n", -1);
        CodePointCharStream input = CharStreams.fromString(text);
        SheetLexer lexer = new SheetLexer(input);
        lexer.removeErrorListeners();
        List<? extends Token> tokens = lexer.getAllTokens();
        checkBalance(tokens, lines);
        SheetLexer again = new SheetLexer(CharStreams.fromString(text));
        again.removeErrorListeners();
        SheetSyntax parser = new SheetSyntax(new CommonTokenStream(again));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object bad, int line, int col, String msg, RecognitionException e) {
                throw new SheetError("cannot read the sheet here", line, col);
            }
        });
        try {
            SheetSyntax.SheetContext tree = parser.sheet();
            return new Builder(input, lines).build(tree);
        } catch (SheetError e) {
            throw e.located(lines);
        }
    }

    /** Unclosed braces and dollars, stray closing braces: found on the tokens, located at the opener. */
    private static void checkBalance(List<? extends Token> tokens, String[] lines) throws ParseException {
        Deque<Token> open = new ArrayDeque<>();
        Token dollar = null;
        for (Token t : tokens) {
            switch (t.getType()) {
                case SheetLexer.LBRACE, SheetLexer.ARG_OPEN -> open.push(t);
                case SheetLexer.ARG_CLOSE -> { if (!open.isEmpty()) open.pop(); }
                case SheetLexer.RBRACE -> throw new SheetError("unbalanced } (no { opened it)", t.getLine(), t.getCharPositionInLine()).located(lines);
                case SheetLexer.DOLLAR -> dollar = t;
                case SheetLexer.MATH_CLOSE -> dollar = null;
                case SheetLexer.STRAY -> throw new SheetError("stray " + t.getText(), t.getLine(), t.getCharPositionInLine()).located(lines);
                default -> { }
            }
        }
        if (!open.isEmpty()) {
            Token t = open.getLast();
            throw new SheetError("unbalanced brace opened at " + t.getLine() + ":" + (t.getCharPositionInLine() + 1) + " is never closed",
                    t.getLine(), t.getCharPositionInLine()).located(lines);
        }
        if (dollar != null)
            throw new SheetError("inline math opened with $ at " + dollar.getLine() + ":" + (dollar.getCharPositionInLine() + 1) + " is never closed",
                    dollar.getLine(), dollar.getCharPositionInLine()).located(lines);
    }

    /** A located error inside the sheet parser (column 0-based, as ANTLR counts). */
    static final class SheetError extends RuntimeException {
        final int line, column;

        SheetError(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }

        ParseException located(String[] lines) {
            String src = line >= 1 && line <= lines.length ? lines[line - 1] : "";
            return new ParseException(getMessage(), line, column + 1, src);
        }
    }

    /** Walks the items in order, keeping the problem being built. */
    private static final class Builder {
        final CodePointCharStream input;
        final String[] lines;
        Prose title, author;
        String detail;
        final List<Problem> problems = new ArrayList<>();
        final List<Diagnostic> warnings = new ArrayList<>();
        ProblemBuilder current;
        final List<Piece> preamble = new ArrayList<>();

        Builder(CodePointCharStream input, String[] lines) {
            this.input = input;
            this.lines = lines;
        }

        /** Per problem (from 1), the names its \\let and \\given define as functions by a call, r(t) = …. */
        final Map<Integer, Set<Sym>> definedFunctions = new HashMap<>();

        SheetSource build(SheetSyntax.SheetContext tree) throws ParseException {
            scanFunctionDefinitions(tree);
            for (SheetSyntax.ItemContext item : tree.item()) {
                switch (item) {
                    case SheetSyntax.DirectiveContext d -> directive(d);
                    case SheetSyntax.InlineMathContext m -> math(m);
                    case SheetSyntax.ProseContext p -> prose(p.getStart());
                    default -> throw new SheetError("unexpected " + item.getText(), item.getStart().getLine(), item.getStart().getCharPositionInLine());
                }
            }
            finish();
            if (problems.isEmpty())
                throw new ParseException("the sheet has no \\problem", Math.max(1, lines.length), 1, lines.length > 0 ? lines[lines.length - 1] : "");
            if (preamble.stream().anyMatch(p -> !(p instanceof Words w) || !w.text().isBlank()))
                warnings.add(new Diagnostic("text before the first \\problem is not part of any problem and is left out", 1, 1));
            return new SheetSource(Optional.ofNullable(title), Optional.ofNullable(author), problems, warnings, Optional.ofNullable(detail));
        }

        /**
         * A name defined with arguments ({@code \\let{r(t) = t^3}}) is a function in every formula of its
         * problem, before the definition too, as derive declares it for the expression and every given.
         */
        private void scanFunctionDefinitions(SheetSyntax.SheetContext tree) {
            int problem = 0;
            for (SheetSyntax.ItemContext item : tree.item()) {
                if (!(item instanceof SheetSyntax.DirectiveContext d)) continue;
                String text = d.COMMAND().getSymbol().getText();
                String name = text.substring(1, text.indexOf('[') < 0 ? text.length() : text.indexOf('['));
                if (name.equals("problem")) problem++;
                if (problem == 0 || !(name.equals("let") || name.equals("given")) || d.argument().size() != 1) continue;
                SheetSyntax.ArgumentContext a = d.argument(0);
                String body = raw(a.LBRACE().getSymbol().getStopIndex() + 1, a.ARG_CLOSE().getSymbol().getStartIndex() - 1);
                Set<Sym> names = FunctionDefinitions.declaredByCall(body, ParseOptions.DEFAULT);
                if (!names.isEmpty()) definedFunctions.computeIfAbsent(problem, k -> new LinkedHashSet<>()).addAll(names);
            }
        }

        private void finish() {
            if (current != null) problems.add(current.build());
            current = null;
        }

        private void prose(Token t) {
            String s = switch (t.getType()) {
                case SheetLexer.ESCAPED -> t.getText().equals("\\\\") ? "\n" : t.getText().substring(1);
                case SheetLexer.TEXT -> Builder.unescape(t.getText());
                default -> t.getText();
            };
            if (current == null) preamble.add(new Words(s));
            else current.text(s);
        }

        private void math(SheetSyntax.InlineMathContext m) {
            Token start = m.DOLLAR().getSymbol();
            String body = raw(start.getStopIndex() + 1, m.MATH_CLOSE().getSymbol().getStartIndex() - 1);
            if (current == null) return;
            for (Piece p : proseMath(body, start.getLine(), start.getCharPositionInLine() + 2, current)) current.piece(p);
        }

        /**
         * Maths in prose, which is never derived, so it never costs a problem its derivation: an expression
         * is re-printed from its tree (several may be listed: $a_1, \dots, a_c$); ordinary text maths that
         * is not one ($(\mathbf{x}, y)$, $y \in \{0,1\}$, $[0, 1)$) is kept as written once it passes the
         * {@link ProseMath} whitelist; anything else is shown as its source text, escaped, with a warning.
         */
        List<Piece> proseMath(String body, int line, int col, ProblemBuilder p) {
            String reason;
            try {
                List<Expr> es = FormulaParser.parse(body, p == null ? ParseOptions.DEFAULT.at(line, col) : p.options(line, col)).statements();
                // [0, 1] parses as a row vector; in prose it is the interval the author wrote
                if (es.stream().noneMatch(SheetParser::hasMatrix) || body.contains("\\begin") || ProseMath.vet(body).isEmpty()) {
                    List<Piece> out = new ArrayList<>();
                    for (int k = 0; k < es.size(); k++) {
                        if (k > 0) out.add(new Words(", "));
                        out.add(new InlineMath(es.get(k)));
                    }
                    return out;
                }
                reason = null;
            } catch (ParseException e) {
                reason = e.reason();
            }
            Optional<String> latex = ProseMath.vet(body);
            if (latex.isPresent()) return List.of(new TextMath(latex.get()));
            String shown = body.strip().replaceAll("\\s+", " ");
            if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
            warnings.add(new Diagnostic("$" + shown + "$ in the text is shown as written, not typeset ("
                    + ProseMath.why(body).orElse(reason) + ")", line, col));
            return List.of(new Words("$" + body.strip() + "$"));
        }

        private String raw(int from, int to) {
            return to < from ? "" : input.getText(Interval.of(from, to));
        }

        private void directive(SheetSyntax.DirectiveContext d) throws ParseException {
            Token cmd = d.COMMAND().getSymbol();
            String text = cmd.getText();
            int bracket = text.indexOf('[');
            String name = (bracket < 0 ? text : text.substring(0, bracket)).substring(1);
            String option = bracket < 0 ? null : text.substring(bracket + 1, text.length() - 1);
            List<Arg> args = new ArrayList<>();
            for (SheetSyntax.ArgumentContext a : d.argument()) {
                Token open = a.LBRACE().getSymbol();
                args.add(new Arg(raw(open.getStopIndex() + 1, a.ARG_CLOSE().getSymbol().getStartIndex() - 1),
                        open.getLine(), open.getCharPositionInLine() + 2));
            }
            int line = cmd.getLine(), col = cmd.getCharPositionInLine();
            switch (name) {
                case "title", "author" -> {
                    if (current != null) throw new SheetError("\\" + name + " belongs before the first \\problem", line, col);
                    Arg a = one(name, args, option, line, col, true);
                    Prose p = proseOf(a, null);
                    if (name.equals("title")) title = p;
                    else author = p;
                }
                case "detail" -> {
                    if (current != null) throw new SheetError("\\detail belongs before the first \\problem", line, col);
                    String level = one(name, args, option, line, col, true).text().strip();
                    if (!level.equals("brief") && !level.equals("full"))
                        throw new SheetError("\\detail takes brief or full, not '" + level + "'", line, col);
                    detail = level;
                }
                case "problem" -> {
                    finish();
                    Arg a = one(name, args, option, line, col, true);
                    current = new ProblemBuilder(problems.size() + 1, new Location(line, col + 1), this);
                    current.title = proseOf(a, current);
                }
                case "emph", "textbf", "textit", "text" -> {
                    Arg a = one(name, args, option, line, col, false);
                    for (Piece p : proseOf(a, current).pieces()) {
                        if (current == null) preamble.add(p);
                        else current.piece(p);
                    }
                }
                default -> {
                    if (current == null)
                        throw new SheetError(known(name) ? "\\" + name + " belongs inside a \\problem" : "unknown directive \\" + name, line, col);
                    current.directive(name, option, args, line, col);
                }
            }
        }

        static boolean known(String name) {
            return Set.of("given", "let", "find", "function", "note", "check").contains(name) || NUMERIC.contains(name);
        }

        private Arg one(String name, List<Arg> args, String option, int line, int col, boolean sheetLevel) {
            if (args.size() != 1) throw new SheetError("\\" + name + " takes one argument in braces", line, col);
            if (option != null) throw new SheetError("\\" + name + " takes no [option]", line, col);
            return args.get(0);
        }

        /** Prose from a raw argument: words and $…$ maths (maths parsed, or an error on the problem). */
        Prose proseOf(Arg a, ProblemBuilder p) {
            List<Piece> pieces = new ArrayList<>();
            String s = a.text();
            int i = 0, line = a.line(), col = a.column();
            StringBuilder words = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '$') {
                    int close = s.indexOf('$', i + 1);
                    if (close < 0) throw new SheetError("inline math opened with $ is never closed", line, col - 2);
                    if (words.length() > 0) pieces.add(new Words(unescape(words.toString())));
                    words.setLength(0);
                    pieces.addAll(proseMath(s.substring(i + 1, close), line, col + 1, p));
                    for (int k = i; k <= close; k++) { if (s.charAt(k) == '\n') { line++; col = 1; } else col++; }
                    i = close + 1;
                    continue;
                }
                words.append(c);
                if (c == '\n') { line++; col = 1; } else col++;
                i++;
            }
            if (words.length() > 0) pieces.add(new Words(unescape(words.toString())));
            return new Prose(pieces);
        }

        /** TeX's prose conventions: escapes, --- and -- dashes, `` '' quotes, ~ as a space. */
        static String unescape(String s) {
            return s.replace("---", "\u2014").replace("--", "\u2013").replace("``", "\u201c").replace("''", "\u201d")
                    .replace("\\%", "%").replace("\\$", "$").replace("\\&", "&").replace("\\_", "_")
                    .replace("\\{", "{").replace("\\}", "}").replace("\\#", "#").replace("~", " ");
        }
    }

    private static boolean hasMatrix(Expr e) {
        if (e instanceof Matrix) return true;
        boolean[] found = {false};
        Exprs.mapChildren(e, c -> { found[0] |= hasMatrix(c); return c; });
        return found[0];
    }

    record Arg(String text, int line, int column) {}

    /** One problem being read. */
    private static final class ProblemBuilder {
        final int number;
        final Location at;
        final Builder sheet;
        Prose title;
        final List<Prose> statement = new ArrayList<>();
        List<Piece> paragraph = new ArrayList<>();
        final List<Expr> given = new ArrayList<>();
        final List<Sym> functions = new ArrayList<>();
        final List<Find> finds = new ArrayList<>();
        final List<Directive> numeric = new ArrayList<>();
        final List<Claim> claims = new ArrayList<>();
        final List<Prose> notes = new ArrayList<>();
        final List<ParseException> errors = new ArrayList<>();
        int newlines;

        /** Every formula read, for the checks of function definitions and calls (the givens' and \\let's marked). */
        final List<FunctionDefinitions.Source> read = new ArrayList<>();

        ProblemBuilder(int number, Location at, Builder sheet) {
            this.number = number;
            this.at = at;
            this.sheet = sheet;
            functions.addAll(sheet.definedFunctions.getOrDefault(number, Set.of()));
        }

        void text(String s) {
            if (s.equals("\n") || s.equals("\r\n")) {
                newlines++;
                if (newlines >= 2) endParagraph();
                else piece(new Words(" "));
                return;
            }
            newlines = 0;
            piece(new Words(s));
        }

        void piece(Piece p) {
            if (!(p instanceof Words w && w.text().equals(" "))) newlines = 0;
            paragraph.add(p);
        }

        void endParagraph() {
            Prose p = new Prose(paragraph);
            if (!p.isBlank()) statement.add(p);
            paragraph = new ArrayList<>();
        }

        ParseOptions options(int line, int col) {
            return new ParseOptions(new LinkedHashSet<>(functions), Set.of(), line, col);
        }

        /** A formula, or null with the error recorded on this problem. */
        Expr formula(String text, int line, int col) {
            try {
                Expr e = FormulaParser.parseExpr(text, options(line, col));
                // parsed again for the places of its calls (parseExpr keeps only the tree); cheap next to keying
                remember(FormulaParser.parse(text, options(line, col)), false);
                return e;
            } catch (ParseException e) {
                errors.add(e);
                return null;
            }
        }

        List<Expr> formulas(String text, int line, int col) {
            return formulas(text, line, col, false);
        }

        List<Expr> formulas(String text, int line, int col, boolean definitions) {
            try {
                return remember(FormulaParser.parse(text, options(line, col)), definitions).statements();
            } catch (ParseException e) {
                errors.add(e);
                return List.of();
            }
        }

        private Parsed remember(Parsed p, boolean definitions) {
            read.add(new FunctionDefinitions.Source("", p, definitions, this::sourceLine));
            return p;
        }

        private String sourceLine(int line) {
            return line >= 1 && line <= sheet.lines.length ? sheet.lines[line - 1] : "";
        }

        void error(String message, int line, int col) {
            String src = line >= 1 && line <= sheet.lines.length ? sheet.lines[line - 1] : "";
            errors.add(new ParseException(message, line, col + 1, src));
        }

        void directive(String name, String option, List<Arg> args, int line, int col) {
            endParagraph();
            if (SheetParser.NUMERIC.contains(name)) {
                if (args.isEmpty()) {
                    error("\\" + name + " takes arguments in braces", line, col);
                    return;
                }
                List<List<Expr>> parsed = new ArrayList<>();
                for (Arg a : args) {
                    int before = errors.size();
                    List<Expr> es = formulas(a.text(), a.line(), a.column());
                    if (errors.size() > before) return;
                    parsed.add(es);
                }
                numeric.add(new Directive(name, Optional.ofNullable(option), parsed, new Location(line, col + 1)));
                return;
            }
            if (args.size() != 1) {
                error("\\" + name + " takes one argument in braces", line, col);
                return;
            }
            Arg a = args.get(0);
            switch (name) {
                case "given" -> given.addAll(formulas(a.text(), a.line(), a.column(), true));
                case "let" -> {
                    for (Expr e : formulas(a.text(), a.line(), a.column(), true)) {
                        if (e instanceof Rel r && r.ops().size() == 1 && (r.ops().get(0) == RelOp.EQ || r.ops().get(0) == RelOp.DEF)
                                && r.operands().get(0) instanceof Sym || FunctionDefinitions.definedCall(e) != null) given.add(e);
                        else error("\\let defines a name or a function: write name = formula, or g(x) = formula", a.line(), a.column() - 1);
                    }
                }
                case "function" -> {
                    for (Expr e : formulas(a.text(), a.line(), a.column())) {
                        if (e instanceof Sym s) functions.add(s.base());
                        else error("\\function lists names, such as \\function{S, h}", a.line(), a.column() - 1);
                    }
                }
                case "note" -> notes.add(sheet.proseOf(a, this));
                case "find" -> find(option, a, line, col);
                case "check" -> claim(option, a, line, col);
                default -> error("unknown directive \\" + name, line, col);
            }
        }

        private void find(String option, Arg a, int line, int col) {
            Expr target = formula(a.text(), a.line(), a.column());
            if (target == null) return;
            Sym wrt = null;
            List<Sym> terms = new ArrayList<>();
            boolean flat = false, components = false;
            Optional<Expr> rate = Optional.empty();
            if (target instanceof Deriv dv && dv.wrt().size() == 1 && dv.wrt().get(0) instanceof Sym x) wrt = x;
            if (option != null) {
                for (String opt : option.split(",")) {
                    String o = opt.strip();
                    if (o.isEmpty()) continue;
                    if (o.equals("flat")) flat = true;
                    else if (o.equals("components")) components = true;
                    else if (o.startsWith("in terms of ")) {
                        for (Expr e : formulas(o.substring("in terms of ".length()), line, col + 1))
                            if (e instanceof Sym s) terms.add(s);
                            else error("in terms of: list names, such as [in terms of p]", line, col);
                    } else if (o.equals("update")) {
                        rate = Optional.of(Sym.of("\\eta"));
                    } else if (o.startsWith("update") && o.contains("=")) {
                        Expr r = formula(o.substring(o.indexOf('=') + 1).strip(), line, col + 1);
                        if (r != null) rate = Optional.of(r);
                    } else if (o.startsWith("wrt") && o.contains("=")) {
                        Expr w = formula(o.substring(o.indexOf('=') + 1).strip(), line, col + 1);
                        if (w instanceof Sym s) wrt = s;
                        else error("wrt= takes one symbol", line, col);
                    } else {
                        error("unknown option [" + o + "] for \\find (known: flat, components, in terms of …, update, update = \\eta, wrt = …)", line, col);
                        return;
                    }
                }
            }
            if (wrt == null) {
                error("\\find needs a derivative such as \\frac{\\partial L}{\\partial w}, or [wrt = w]", a.line(), a.column() - 1);
                return;
            }
            finds.add(new Find(target, wrt, terms, flat, components, rate, new Location(line, col + 1)));
        }

        /**
         * \\check{LHS = RHS_1 \\\\ = RHS_2 …}: lines split at top-level \\\\ (not inside braces or an
         * environment such as cases), each later line starting with = (or &amp;=). A line may chain several
         * right sides (a = b = c); each is a claim line of its own, at the same place.
         */
        private void claim(String option, Arg a, int line, int col) {
            if (option != null && !(option.strip().equals("at") || option.strip().matches("(rate|\\\\alpha|\\\\eta)\\s*=.*"))) {
                error("unknown option [" + option.strip() + "] for \\check (known: at, rate = …)", line, col);
                return;
            }
            List<Arg> pieces = ClaimLines.split(a);
            Expr lhs = null;
            List<ClaimLine> out = new ArrayList<>();
            for (int k = 0; k < pieces.size(); k++) {
                Arg piece = pieces.get(k);
                String text = piece.text();
                int lead = 0;
                while (lead < text.length() && Character.isWhitespace(text.charAt(lead))) lead++;
                if (k > 0 && text.startsWith("&", lead)) lead++;
                int[] where = ClaimLines.advance(piece, lead);
                List<Arg> sides = ClaimLines.sides(new Arg(text.substring(lead), where[0], where[1]));
                if (k == 0 && sides.size() < 2) {
                    error("\\check takes a claim LHS = RHS", where[0], where[1] - 1);
                    return;
                }
                if (k > 0 && (sides.size() < 2 || !sides.get(0).text().isBlank())) {
                    error("each line of a \\check after the first starts with = (write LHS = a \\\\ = b)", where[0], where[1] - 1);
                    return;
                }
                for (int j = 0; j < sides.size(); j++) {
                    Arg side = sides.get(j);
                    if (k > 0 && j == 0) continue;
                    int skip = 0;
                    while (skip < side.text().length() && Character.isWhitespace(side.text().charAt(skip))) skip++;
                    int[] at = ClaimLines.advance(side, skip);
                    if (side.text().isBlank()) {
                        error(j == 0 ? "\\check needs a left side before =" : "nothing after = in \\check", at[0], Math.max(0, at[1] - 2));
                        return;
                    }
                    Expr e = formula(side.text().substring(skip), at[0], at[1]);
                    if (e == null) return;
                    if (e instanceof Rel) {
                        error("a side of a \\check claim is a formula, not a relation", at[0], at[1] - 1);
                        return;
                    }
                    if (k == 0 && j == 0) lhs = e;
                    // a line is located where it starts (its left side, or its =), a chained side where it is
                    else out.add(new ClaimLine(e, j == 1 ? new Location(where[0], where[1]) : new Location(at[0], at[1])));
                }
            }
            claims.add(new Claim(Optional.ofNullable(option).map(String::strip), lhs, out, new Location(line, col + 1)));
        }

        Problem build() {
            endParagraph();
            for (FunctionDefinitions.Problem bad : FunctionDefinitions.check(read)) errors.add(bad.error());
            if (finds.isEmpty() && numeric.isEmpty() && claims.isEmpty() && errors.isEmpty())
                error("this problem has no \\find (nor \\check, \\at, \\trace, \\descent, \\limit)", at.line(), at.column() - 1);
            return new Problem(number, title, at, statement, given, functions, finds, numeric, claims, notes, errors);
        }
    }
}
