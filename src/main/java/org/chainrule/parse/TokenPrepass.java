package org.chainrule.parse;

import static org.chainrule.parse.FormulaLexer.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * Token-level work done before the grammar sees the formula: everything that needs to look across
 * brackets or is easier to say in words than in a grammar. In order: lexical errors, the nesting
 * limit, \left/\right pairing, bracket and environment balance, underbrace labels, sizing and
 * evaluation bars, environment kinds and alignment marks, opening vs closing bars, TeX's
 * one-token script rule, \text classification, and remarks moved to annotations.
 *
 * <p>Each step works on a plain list; nothing here recurses, so deep input cannot overflow the stack.
 */
final class TokenPrepass {
    static final int MAX_DEPTH = 500;

    private final String source;
    private final ParseOptions options;
    final List<String> annotations = new ArrayList<>();
    final List<Diagnostic> warnings = new ArrayList<>();
    /** Deepest bracket nesting seen; the parser recurses about a dozen frames per level. */
    int maxDepth;

    TokenPrepass(String source, ParseOptions options) {
        this.source = source;
        this.options = options;
    }

    List<Token> run(List<Token> raw) {
        List<Token> t = new ArrayList<>(raw);
        lexicalErrors(t);
        depthLimit(t);
        t = arraySpecs(t);
        t = leftRight(t);
        balance(t);
        t = braceLabels(t);
        t = sizing(t);
        t = environments(t);
        t = bars(t);
        t = splitNumbers(t);
        t = classifyText(t);
        t = annotations(t);
        textNumberWarnings(t);
        return t;
    }

    private String where(Token t) { return FormulaError.where(t, options); }

    private static CommonToken retype(Token t, int type) {
        CommonToken c = new CommonToken(t);
        c.setType(type);
        return c;
    }

    private static boolean is(List<Token> t, int i, int type) {
        return i >= 0 && i < t.size() && t.get(i).getType() == type;
    }

    // ------------------------------------------------------------------ 1. lexical errors

    private void lexicalErrors(List<Token> t) {
        for (Token k : t) {
            String x = k.getText();
            switch (k.getType()) {
                case UNKNOWN_CMD -> {
                    if (Set.of("\\text", "\\mathrm", "\\operatorname", "\\textrm", "\\textcircled",
                            "\\textbf", "\\textit", "\\mathit", "\\mathsf", "\\textsf").contains(x))
                        throw new FormulaError(x + " needs a braced argument of plain letters", k);
                    throw new FormulaError("unknown command " + x, k);
                }
                case BAD_ESCAPE -> throw new FormulaError("unknown command " + x, k);
                case DANGEROUS -> throw new FormulaError(x + " is not allowed in a formula", k);
                case STRAY -> throw new FormulaError("stray " + x, k);
                case BAD_NUMBER -> throw new FormulaError("malformed number " + x, k);
                case BAD_CHAR -> throw new FormulaError(
                        "unexpected character " + x + String.format(" (U+%04X)", x.codePointAt(0)), k);
                default -> { }
            }
        }
    }

    // ------------------------------------------------------------------ 2. nesting limit

    private static boolean opens(int type) {
        return type == LPAREN || type == LBRACK || type == LBRACE || type == LCURLY || type == BEGIN_ENV;
    }

    private static boolean closes(int type) {
        return type == RPAREN || type == RBRACK || type == RBRACE || type == RCURLY || type == END_ENV;
    }

    /** Checked before anything recursive runs: the parser and the tree builder recurse per level. */
    private void depthLimit(List<Token> t) {
        int depth = 0;
        for (Token k : t) {
            if (opens(k.getType())) maxDepth = Math.max(maxDepth, depth + 1);
            if (opens(k.getType()) && ++depth > MAX_DEPTH)
                throw new FormulaError("nesting deeper than " + MAX_DEPTH + " levels", k);
            if (closes(k.getType()) && depth > 0) depth--;
        }
    }

    // ------------------------------------------------------------------ 3. \left ... \right

    private record LeftEntry(Token left, Token delim) {}

    private List<Token> leftRight(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        Deque<LeftEntry> stack = new ArrayDeque<>();
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            int type = k.getType();
            if (type == LVERT) { out.add(retype(k, BAR_OPEN)); continue; }
            if (type == RVERT) { out.add(retype(k, BAR_CLOSE)); continue; }
            if (type == LNORM) { out.add(retype(k, NORM_OPEN)); continue; }
            if (type == RNORM) { out.add(retype(k, NORM_CLOSE)); continue; }
            if (type != LEFT && type != RIGHT) { out.add(k); continue; }
            Token d = i + 1 < t.size() ? t.get(i + 1) : null;
            int dt = d == null ? Token.EOF : d.getType();
            if (type == LEFT) {
                if (!(dt == LPAREN || dt == LBRACK || dt == LCURLY || dt == BAR || dt == NORM || dt == DOT
                        || dt == LVERT || dt == LNORM))
                    throw new FormulaError("\\left must be followed by a delimiter such as ( [ \\{ | or .", k);
                stack.push(new LeftEntry(k, d));
                i++;
                if (dt == DOT) continue;
                if (dt == BAR || dt == LVERT) out.add(retype(d, BAR_OPEN));
                else if (dt == NORM || dt == LNORM) out.add(retype(d, NORM_OPEN));
                else out.add(d);
            } else {
                if (!(dt == RPAREN || dt == RBRACK || dt == RCURLY || dt == BAR || dt == NORM || dt == DOT
                        || dt == RVERT || dt == RNORM))
                    throw new FormulaError("\\right must be followed by a delimiter such as ) ] \\} | or .", k);
                if (stack.isEmpty()) throw new FormulaError("\\right" + d.getText() + " without \\left", k);
                LeftEntry open = stack.pop();
                int lt = open.delim().getType();
                boolean ok = lt == DOT || dt == DOT
                        || (lt == LPAREN && dt == RPAREN) || (lt == LBRACK && dt == RBRACK)
                        || (lt == LCURLY && dt == RCURLY)
                        || ((lt == BAR || lt == LVERT) && (dt == BAR || dt == RVERT))
                        || ((lt == NORM || lt == LNORM) && (dt == NORM || dt == RNORM));
                if (!ok)
                    throw new FormulaError("\\left" + open.delim().getText() + " closed by \\right" + d.getText(), k);
                i++;
                if (dt == DOT) {
                    // \left\{ \begin{array} ... \end{array} \right.  is a cases block.
                    if (lt == LCURLY) markCurlyCases(out, open.delim());
                    continue;
                }
                if (dt == BAR || dt == RVERT)
                    out.add(retype(d, lt == DOT && is(t, i + 1, UNDERSCORE) ? EVALBAR : BAR_CLOSE));
                else if (dt == NORM || dt == RNORM) out.add(retype(d, NORM_CLOSE));
                else out.add(d);
            }
        }
        if (!stack.isEmpty()) {
            LeftEntry open = stack.pop();
            throw new FormulaError("\\left" + open.delim().getText() + " is never closed by \\right", open.left());
        }
        return out;
    }

    /** The \{ opened by \left\{ must wrap exactly one cases or array environment; it becomes that environment. */
    private void markCurlyCases(List<Token> out, Token curly) {
        int at = -1;
        for (int j = out.size() - 1; j >= 0; j--) if (out.get(j) == curly) { at = j; break; }
        Token begin = at >= 0 && at + 1 < out.size() ? out.get(at + 1) : null;
        Token end = out.isEmpty() ? null : out.get(out.size() - 1);
        if (begin == null || begin.getType() != BEGIN_ENV || end.getType() != END_ENV
                || !(envName(begin).equals("array") || envName(begin).equals("cases")))
            throw new FormulaError("\\left\\{ … \\right. must wrap a cases or array environment", curly);
        out.remove(at);
        out.set(at, withText(begin, "\\begin{cases}"));
        out.set(out.size() - 1, withText(end, "\\end{cases}"));
    }

    private static CommonToken withText(Token t, String text) {
        CommonToken c = new CommonToken(t);
        c.setText(text);
        return c;
    }

    static String envName(Token t) {
        String x = t.getText();
        return x.substring(x.indexOf('{') + 1, x.lastIndexOf('}'));
    }

    // ------------------------------------------------------------------ 4. array column specs

    private List<Token> arraySpecs(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            out.add(k);
            if (k.getType() == BEGIN_ENV && envName(k).equals("array") && is(t, i + 1, LBRACE)) {
                int j = i + 2;
                while (j < t.size() && (t.get(j).getType() == LETTER || t.get(j).getType() == BAR)) j++;
                if (!is(t, j, RBRACE)) throw new FormulaError("\\begin{array} needs a column spec such as {ll}", k);
                i = j;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ 5. balance

    private static String bracketName(Token t) {
        return switch (t.getType()) {
            case LPAREN, RPAREN -> "parenthesis";
            case LBRACK, RBRACK -> "bracket";
            case LBRACE, RBRACE -> "brace";
            case LCURLY, RCURLY -> "brace \\{";
            default -> t.getText();
        };
    }

    private static int closerOf(int open) {
        return switch (open) {
            case LPAREN -> RPAREN;
            case LBRACK -> RBRACK;
            case LBRACE -> RBRACE;
            case LCURLY -> RCURLY;
            default -> END_ENV;
        };
    }

    private void balance(List<Token> t) {
        Deque<Token> stack = new ArrayDeque<>();
        for (Token k : t) {
            int type = k.getType();
            if (opens(type)) { stack.push(k); continue; }
            if (!closes(type)) continue;
            if (stack.isEmpty()) {
                if (type == END_ENV) throw new FormulaError(k.getText() + " without \\begin{" + envName(k) + "}", k);
                throw new FormulaError("unbalanced " + k.getText() + " with nothing to close", k);
            }
            Token open = stack.peek();
            if (closerOf(open.getType()) != type) {
                if (open.getType() == BEGIN_ENV)
                    throw new FormulaError(open.getText() + " at " + where(open) + " is closed by " + k.getText()
                            + " before its \\end", k);
                throw new FormulaError(open.getText() + " opened at " + where(open) + " closed by " + k.getText(), k);
            }
            if (type == END_ENV && !envName(open).equals(envName(k)))
                throw new FormulaError(open.getText() + " at " + where(open) + " closed by " + k.getText(), k);
            stack.pop();
        }
        if (!stack.isEmpty()) {
            Token open = stack.peek();
            if (open.getType() == BEGIN_ENV)
                throw new FormulaError(open.getText() + " is never closed by \\end{" + envName(open) + "}", open);
            throw new FormulaError("unbalanced " + bracketName(open) + " opened at " + where(open), open);
        }
    }

    /** Index of the closer matching the opener at {@code i}; the list is balanced by now. */
    private static int match(List<Token> t, int i) {
        int depth = 0;
        for (int j = i; j < t.size(); j++) {
            if (opens(t.get(j).getType())) depth++;
            else if (closes(t.get(j).getType()) && --depth == 0) return j;
        }
        throw new IllegalStateException("unbalanced after balance check");
    }

    // ------------------------------------------------------------------ 6. underbrace labels

    /** underbrace{body}_{label}: the label is a remark about the body (its shape, its name); drop it. */
    private List<Token> braceLabels(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            out.add(k);
            if (k.getType() != BRACE_LABEL || !is(t, i + 1, LBRACE)) continue;
            int close = match(t, i + 1);
            // The body may hold labelled braces of its own (an underbrace inside an underbrace).
            out.add(t.get(i + 1));
            out.addAll(braceLabels(new ArrayList<>(t.subList(i + 2, close))));
            out.add(t.get(close));
            i = close;
            int script = k.getText().equals("\\underbrace") ? UNDERSCORE : CARET;
            if (!is(t, i + 1, script)) continue;
            int labelEnd = is(t, i + 2, LBRACE) ? match(t, i + 2) : i + 2;
            if (labelEnd >= t.size() || t.get(labelEnd).getType() == Token.EOF)
                throw new FormulaError(k.getText() + " label is missing", t.get(i + 1));
            i = labelEnd;
            if (is(t, i + 1, script))
                throw new FormulaError(k.getText() + " has a second label", t.get(i + 1));
        }
        for (Token k : out)
            if (k.getType() == SUBSTACK)
                throw new FormulaError("\\substack is only allowed in an \\underbrace label", k);
        return out;
    }

    // ------------------------------------------------------------------ 7. sizing, evaluation bars

    private List<Token> sizing(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.getType() != SIZE) { out.add(k); continue; }
            // \Big|_{w=1} is an evaluation bar; any other sizing command only changes how things look.
            if (is(t, i + 1, BAR) && is(t, i + 2, UNDERSCORE)) {
                out.add(retype(t.get(i + 1), EVALBAR));
                i++;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ 8. environments

    private static final Set<String> CASES = Set.of("cases", "dcases");
    private static final Set<String> MATRICES = Set.of("bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix");
    private static final Set<String> ALIGNS = Set.of("aligned", "align", "align*", "split", "gathered", "gather",
            "gather*", "array", "alignedat", "eqnarray", "eqnarray*", "equation", "equation*");

    private enum Env { CASES, MATRIX, ALIGN }

    private List<Token> environments(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        Deque<Env> stack = new ArrayDeque<>();
        for (Token k : t) {
            int type = k.getType();
            if (type == BEGIN_ENV || type == END_ENV) {
                String name = envName(k);
                Env env;
                if (CASES.contains(name)) env = Env.CASES;
                else if (MATRICES.contains(name)) env = Env.MATRIX;
                else if (ALIGNS.contains(name)) env = Env.ALIGN;
                else if (name.equals("vmatrix") || name.equals("Vmatrix"))
                    throw new FormulaError(name + " (a determinant) is not supported", k);
                else throw new FormulaError("unknown environment " + name, k);
                boolean begin = type == BEGIN_ENV;
                if (begin) stack.push(env);
                else stack.pop();
                out.add(retype(k, switch (env) {
                    case CASES -> begin ? BEGIN_CASES : END_CASES;
                    case MATRIX -> begin ? BEGIN_MATRIX : END_MATRIX;
                    case ALIGN -> begin ? BEGIN_ALIGN : END_ALIGN;
                }));
                continue;
            }
            if (type == AMP || type == ROWSEP) {
                if (stack.isEmpty())
                    throw new FormulaError((type == AMP ? "&" : "\\\\")
                            + " outside an environment (use \\begin{aligned}, cases or a matrix)", k);
                // Alignment marks in aligned/split carry no meaning.
                if (type == AMP && stack.peek() == Env.ALIGN) continue;
            }
            out.add(k);
        }
        return out;
    }

    // ------------------------------------------------------------------ 9. bars

    private enum Group { BRACKET, ABS, NORM }

    private static boolean endsOperand(Token prev, Token prev2) {
        if (prev == null) return false;
        return switch (prev.getType()) {
            case LETTER, D, GREEK, NUMBER, PI, INFTY, DOTS, TEXT, EULER, RPAREN, RBRACK, RBRACE, RCURLY,
                 BAR_CLOSE, NORM_CLOSE, PRIME, TOP, END_CASES, END_MATRIX, END_ALIGN, CIRCLED -> true;
            case STAR -> prev2 != null && prev2.getType() == CARET;
            default -> false;
        };
    }

    private record Open(Group kind, Token at) {}

    private List<Token> bars(List<Token> in) {
        // Split || into two bars up front only when needed; work on a queue.
        List<Token> out = new ArrayList<>(in.size());
        Deque<Open> stack = new ArrayDeque<>();
        // Per nesting level: a bar closed, then an operand followed with no operator in between.
        Deque<int[]> levelState = new ArrayDeque<>();
        levelState.push(new int[] {0});
        ArrayDeque<Token> queue = new ArrayDeque<>(in);
        while (!queue.isEmpty()) {
            Token k = queue.poll();
            // Bars nest too; they are only known as openers here.
            if (stack.size() >= MAX_DEPTH && (k.getType() == BAR || k.getType() == NORM || k.getType() == DBAR
                    || k.getType() == BAR_OPEN || k.getType() == NORM_OPEN))
                throw new FormulaError("nesting deeper than " + MAX_DEPTH + " levels", k);
            int type = k.getType();
            Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
            Token prev2 = out.size() < 2 ? null : out.get(out.size() - 2);
            Group top = stack.isEmpty() ? null : stack.peek().kind();
            boolean operand = endsOperand(prev, prev2);
            switch (type) {
                case LPAREN, LBRACK, LBRACE, LCURLY, BEGIN_CASES, BEGIN_MATRIX, BEGIN_ALIGN -> {
                    stack.push(new Open(Group.BRACKET, k));
                    levelState.push(new int[] {0});
                    out.add(k);
                }
                case RPAREN, RBRACK, RBRACE, RCURLY, END_CASES, END_MATRIX, END_ALIGN -> {
                    if (top == Group.ABS || top == Group.NORM) {
                        Open o = stack.peek();
                        throw new FormulaError(o.at().getText() + " opened at " + where(o.at())
                                + " is not closed before " + k.getText(), k);
                    }
                    if (!stack.isEmpty()) { stack.pop(); levelState.pop(); }
                    out.add(k);
                    markOperand(levelState);
                }
                case BAR_OPEN, NORM_OPEN -> {
                    stack.push(new Open(type == BAR_OPEN ? Group.ABS : Group.NORM, k));
                    levelState.push(new int[] {0});
                    out.add(k);
                }
                case BAR_CLOSE, NORM_CLOSE -> {
                    Group want = type == BAR_CLOSE ? Group.ABS : Group.NORM;
                    if (top != want) throw new FormulaError("closing " + k.getText() + " without an opening one", k);
                    stack.pop();
                    levelState.pop();
                    out.add(k);
                    levelState.peek()[0] = 1;
                }
                case BAR, NORM -> {
                    Group kind = type == BAR ? Group.ABS : Group.NORM;
                    if (operand && top == kind) {
                        stack.pop();
                        levelState.pop();
                        out.add(retype(k, type == BAR ? BAR_CLOSE : NORM_CLOSE));
                        levelState.peek()[0] = 1;
                    } else {
                        if (kind == Group.ABS && operand && levelState.peek()[0] == 2)
                            warnings.add(new Diagnostic("|a|b|c| is read as |a|·b·|c|; add braces or \\cdot if "
                                    + "you meant something else", lineOf(k), colOf(k)));
                        stack.push(new Open(kind, k));
                        levelState.push(new int[] {0});
                        out.add(retype(k, type == BAR ? BAR_OPEN : NORM_OPEN));
                    }
                }
                case DBAR -> {
                    if (operand && top == Group.ABS) {
                        // |x||y|: the first bar closes |x|, the second decides afresh.
                        CommonToken a = new CommonToken(k);
                        a.setType(BAR);
                        a.setText("|");
                        a.setStopIndex(k.getStartIndex());
                        CommonToken b = new CommonToken(k);
                        b.setType(BAR);
                        b.setText("|");
                        b.setStartIndex(k.getStartIndex() + 1);
                        b.setCharPositionInLine(k.getCharPositionInLine() + 1);
                        queue.push(b);
                        queue.push(a);
                    } else if (operand && top == Group.NORM) {
                        stack.pop();
                        levelState.pop();
                        out.add(retype(k, NORM_CLOSE));
                        levelState.peek()[0] = 1;
                    } else {
                        stack.push(new Open(Group.NORM, k));
                        levelState.push(new int[] {0});
                        out.add(retype(k, NORM_OPEN));
                    }
                }
                default -> {
                    out.add(k);
                    if (endsOperand(k, prev)) markOperand(levelState);
                    else if (type != CARET && type != UNDERSCORE && type != LBRACE) levelState.peek()[0] = 0;
                }
            }
        }
        if (!stack.isEmpty()) {
            Open o = stack.peek();
            throw new FormulaError(o.at().getText() + " opened at " + where(o.at()) + " is never closed", o.at());
        }
        return out;
    }

    private static void markOperand(Deque<int[]> levelState) {
        if (levelState.peek()[0] == 1) levelState.peek()[0] = 2;
    }

    private int lineOf(Token t) {
        return t.getLine() == 1 ? options.line() : options.line() + t.getLine() - 1;
    }

    private int colOf(Token t) {
        return t.getLine() == 1 ? options.column() + t.getCharPositionInLine() : t.getCharPositionInLine() + 1;
    }

    // ------------------------------------------------------------------ 10. one-token scripts

    /** TeX takes one token after \frac, \sqrt, ^ and _: \frac12 is ½ and x^10 is x¹·0. */
    private List<Token> splitNumbers(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
            int pt = prev == null ? -1 : prev.getType();
            boolean afterFrac = pt == FRAC || pt == SQRT || secondFracArg(out);
            boolean afterScript = pt == CARET || pt == UNDERSCORE
                    || (pt == MINUS && out.size() >= 2 && out.get(out.size() - 2).getType() == CARET);
            if (k.getType() != NUMBER || k.getText().length() < 2 || !(afterFrac || afterScript)) {
                out.add(k);
                continue;
            }
            String x = k.getText();
            String cmd = afterScript ? (pt == MINUS ? "^" : prev.getText()) : "\\frac";
            if (x.contains("."))
                throw new FormulaError(cmd + x + " needs braces: write " + cmd + "{" + x + "}", k);
            if (afterScript) {
                Token base = out.size() >= 2 ? out.get(out.size() - 2) : null;
                String b = base != null && base.getType() != CARET ? base.getText() : "x";
                warnings.add(new Diagnostic(b + cmd + x + " is " + b + cmd + x.charAt(0) + " times " + x.substring(1)
                        + " as in TeX; write " + b + cmd + "{" + x + "}", lineOf(k), colOf(k)));
            }
            for (int j = 0; j < x.length(); j++) {
                CommonToken d = new CommonToken(k);
                d.setText(String.valueOf(x.charAt(j)));
                d.setStartIndex(k.getStartIndex() + j);
                d.setStopIndex(k.getStartIndex() + j);
                d.setCharPositionInLine(k.getCharPositionInLine() + j);
                out.add(d);
            }
        }
        return out;
    }

    /** True when {@code out} ends with \frac{…}: the next token is the second argument. */
    private static boolean secondFracArg(List<Token> out) {
        int n = out.size();
        if (n == 0) return false;
        if (n >= 2 && out.get(n - 2).getType() == FRAC && out.get(n - 1).getType() != LBRACE) return true;
        if (out.get(n - 1).getType() != RBRACE) return false;
        int depth = 0;
        for (int j = n - 1; j >= 0; j--) {
            int ty = out.get(j).getType();
            if (closes(ty)) depth++;
            else if (opens(ty) && --depth == 0) return j > 0 && out.get(j - 1).getType() == FRAC;
        }
        return false;
    }

    // ------------------------------------------------------------------ 11. \text{…}

    private static final Set<String> COND_WORDS = Set.of("if", "for", "when", "where", "for all", "whenever");
    private static final Set<String> OTHERWISE_WORDS =
            Set.of("else", "otherwise", "o.w.", "ow", "elsewhere", "else.", "otherwise.");

    static String textContent(Token t) {
        String x = t.getText();
        return x.substring(x.indexOf('{') + 1, x.lastIndexOf('}'));
    }

    static String textCommand(Token t) {
        String x = t.getText();
        return x.substring(0, x.indexOf('{')).trim();
    }

    private List<Token> classifyText(List<Token> t) {
        List<Token> out = new ArrayList<>(t.size());
        for (Token k : t) {
            if (k.getType() != TEXT) { out.add(k); continue; }
            String raw = textContent(k);
            String word = raw.trim();
            String lower = word.toLowerCase(Locale.ROOT);
            if (word.isEmpty()) throw new FormulaError("empty " + textCommand(k), k);
            if (word.equals("d")) out.add(retype(k, D));
            else if (word.equals("e") && !textCommand(k).startsWith("\\text")) out.add(retype(k, EULER));
            else if (COND_WORDS.contains(lower)) out.add(retype(k, COND_WORD));
            else if (OTHERWISE_WORDS.contains(lower)) out.add(retype(k, OTHERWISE));
            // A padded word ("let ", " where") is prose next to the math; a bare word is a name.
            else if (word.equals(raw) && word.matches("[A-Za-z][A-Za-z0-9]*")) out.add(k);
            else out.add(retype(k, PROSE));
        }
        return out;
    }

    // ------------------------------------------------------------------ 12. annotations

    private static boolean endOfLine(List<Token> t, int i) {
        if (i >= t.size()) return true;
        int ty = t.get(i).getType();
        return ty == Token.EOF || ty == ROWSEP || ty == END_ALIGN
                || (ty == DOT && (i + 1 >= t.size() || t.get(i + 1).getType() == Token.EOF));
    }

    private static boolean remarkToken(int ty) {
        return ty == TEXT || ty == PROSE || ty == CIRCLED || ty == COND_WORD || ty == OTHERWISE || ty == ROWSEP
                || ty == BEGIN_ALIGN || ty == END_ALIGN || ty == COMMA || ty == DOT;
    }

    private String sourceText(Token from, Token to) {
        int a = from.getStartIndex();
        int b = to.getStopIndex();
        if (a < 0 || b < a || b >= source.length()) return from.getText();
        return source.substring(a, b + 1).trim();
    }

    /**
     * Remarks at the end of a line ("→ ①", "(by chain rule)", "[from ③]", "(∵ …)") and prose words
     * that lead a statement ("let", "where") are not math: they go to the annotations. Removed from
     * the end backwards, so several remarks in a row all go.
     */
    private List<Token> annotations(List<Token> in) {
        List<Token> t = new ArrayList<>(in);
        // \xrightarrow{label}: the label is a remark wherever the arrow stands.
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).getType() != XARROW) continue;
            if (!is(t, i + 1, LBRACE)) throw new FormulaError(t.get(i).getText() + " needs a braced label", t.get(i));
            int close = match(t, i + 1);
            annotations.add(sourceText(t.get(i), t.get(close)));
            t.subList(i + 1, close + 1).clear();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = t.size() - 1; i >= 0 && !changed; i--) {
                int ty = t.get(i).getType();
                // trailing \quad
                if (ty == QUAD && endOfLine(t, i + 1)) {
                    t.remove(i);
                    changed = true;
                } else if (ty == XARROW && endOfLine(t, i + 1)) {
                    t.remove(i); // its label is already an annotation
                    changed = true;
                } else if (ty == CIRCLED && endOfLine(t, i + 1)) {
                    annotations.add(sourceText(t.get(i), t.get(i)));
                    t.remove(i);
                    // "→ ①": the arrow only points at the label.
                    int j = i - 1;
                    while (j >= 0 && t.get(j).getType() == QUAD) j--;
                    if (j >= 0 && (t.get(j).getType() == TO || t.get(j).getType() == LEFTARROW)) t.subList(j, i).clear();
                    changed = true;
                } else if ((ty == TO || ty == LEFTARROW) && i + 1 < t.size() && remarkRun(t, i + 1)) {
                    int end = i + 1;
                    while (!endOfLine(t, end)) end++;
                    if (end > i + 1) annotations.add(sourceText(t.get(i + 1), t.get(end - 1)));
                    t.subList(i, end).clear();
                    changed = true;
                } else if ((ty == RPAREN || ty == RBRACK) && endOfLine(t, i + 1)) {
                    int open = matchBack(t, i);
                    if (open < 0) continue;
                    int first = is(t, open + 1, BEGIN_ALIGN) ? open + 2 : open + 1;
                    boolean because = is(t, first, BECAUSE) || is(t, first, THEREFORE);
                    boolean prose = true;
                    boolean hasProse = false;
                    for (int j = open + 1; j < i; j++) {
                        int jt = t.get(j).getType();
                        if (!remarkToken(jt)) prose = false;
                        if (jt != TEXT) hasProse = true;
                    }
                    boolean afterQuad = is(t, open - 1, QUAD) || open == 0;
                    if (because || (prose && i > open + 1 && (hasProse || afterQuad))) {
                        annotations.add(sourceText(t.get(open + 1), t.get(i - 1)));
                        t.subList(open, i + 1).clear();
                        changed = true;
                    }
                }
            }
        }
        // Prose words that lead a statement: "\text{let } w = …", "\text{where } …".
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).getType() != PROSE && t.get(i).getType() != COND_WORD) continue;
            int pt = i == 0 ? -1 : t.get(i - 1).getType();
            if (i == 0 || pt == COMMA || pt == SEMI || pt == QUAD || pt == IMPLIES || pt == THEREFORE
                    || pt == BECAUSE || pt == ROWSEP || pt == BEGIN_ALIGN) {
                annotations.add(textContent(t.get(i)).trim());
                t.remove(i);
                i--;
            }
        }
        // \quad that indents a line carries no meaning.
        for (int i = t.size() - 1; i >= 0; i--) {
            if (t.get(i).getType() != QUAD) continue;
            int pt = i == 0 ? -1 : t.get(i - 1).getType();
            if (i == 0 || pt == ROWSEP || pt == BEGIN_ALIGN || pt == QUAD) t.remove(i);
        }
        for (Token k : t) {
            if (k.getType() == XARROW)
                throw new FormulaError(k.getText() + "{…} is only allowed as a remark at the end of a line", k);
            if (k.getType() == CIRCLED)
                throw new FormulaError("circled label " + k.getText() + " in the middle of a formula", k);
        }
        return t;
    }

    private static boolean remarkRun(List<Token> t, int from) {
        int j = from;
        boolean any = false;
        while (!endOfLine(t, j)) {
            int ty = t.get(j).getType();
            if (!(ty == QUAD || ty == TEXT || ty == PROSE || ty == CIRCLED)) return false;
            if (ty != QUAD) any = true;
            j++;
        }
        return any;
    }

    private static int matchBack(List<Token> t, int close) {
        int depth = 0;
        for (int j = close; j >= 0; j--) {
            int ty = t.get(j).getType();
            if (closes(ty) || ty == END_ALIGN || ty == END_CASES || ty == END_MATRIX) depth++;
            else if ((opens(ty) || ty == BEGIN_ALIGN || ty == BEGIN_CASES || ty == BEGIN_MATRIX) && --depth == 0) return j;
        }
        return -1;
    }

    // ------------------------------------------------------------------ 13. warnings

    private void textNumberWarnings(List<Token> t) {
        for (int i = 0; i + 1 < t.size(); i++) {
            Token a = t.get(i);
            Token b = t.get(i + 1);
            if (a.getType() == TEXT && b.getType() == NUMBER && a.getStopIndex() + 1 == b.getStartIndex())
                warnings.add(new Diagnostic(a.getText() + b.getText() + " is read as " + textContent(a) + " times "
                        + b.getText() + "; write " + a.getText() + "_{" + b.getText() + "} for an index",
                        lineOf(a), colOf(a)));
        }
    }
}
