package org.chainrule.parse;

import static org.chainrule.parse.FormulaLexer.*;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * Turns the parser's first syntax error into a plain-words {@link FormulaError}. ANTLR's own message
 * ("mismatched input … expecting {…}") names grammar tokens; here the offending token and its
 * neighbours decide what the user is told, and where.
 */
final class SyntaxErrors extends BaseErrorListener {

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        Parser parser = (Parser) recognizer;
        Token bad = (Token) offendingSymbol;
        if (e instanceof NoViableAltException nva && nva.getOffendingToken() != null) bad = nva.getOffendingToken();
        TokenStream ts = parser.getInputStream();
        if (ts instanceof BufferedTokenStream buffered) buffered.fill();
        int i = bad.getTokenIndex();
        Token prev = i > 0 ? ts.get(i - 1) : null;
        Token prev2 = i > 1 ? ts.get(i - 2) : null;
        Token start = e instanceof NoViableAltException nva ? nva.getStartToken() : null;
        throw explain(bad, prev, prev2, start, parser.getContext(), ts);
    }

    private static boolean isOperator(int t) {
        return t == PLUS || t == MINUS || t == CDOT || t == TIMES || t == STAR || t == SLASH || t == ODOT;
    }

    private static boolean isRelation(int t) {
        return t == EQ || t == DEF || t == NE || t == LT || t == LE || t == GT || t == GE || t == IN
                || t == APPROX || t == EQUIV;
    }

    private static boolean isOpener(int t) {
        return t == LPAREN || t == LBRACK || t == LBRACE || t == LCURLY || t == BAR_OPEN || t == NORM_OPEN;
    }

    private static String show(Token t) {
        if (t.getType() == Token.EOF) return "end of formula";
        return switch (t.getType()) {
            case PROSE, TEXT -> t.getText();
            default -> t.getText().strip();
        };
    }

    private static FormulaError explain(Token bad, Token prev, Token prev2, Token start, ParserRuleContext ctx,
                                        TokenStream ts) {
        int b = bad.getType();
        int p = prev == null ? -1 : prev.getType();
        int i = bad.getTokenIndex();

        // Empty groups: {} after \frac, ^, _, \hat, \sqrt …
        if (b == RBRACE && p == LBRACE) {
            Token owner = prev2;
            if (owner != null && owner.getType() == RBRACE) {
                Token before = tokenBeforeGroup(ts, owner.getTokenIndex());
                if (before != null && before.getType() == FRAC) return new FormulaError("empty denominator", prev);
            }
            String what = owner == null ? "braces {}" : switch (owner.getType()) {
                case FRAC -> "numerator";
                case CARET -> "superscript";
                case UNDERSCORE -> "subscript";
                case SQRT, ACCENT, FONT, MATHBB, GROUPING, BRACE_LABEL -> owner.getText();
                default -> "braces {}";
            };
            return new FormulaError("empty " + what, prev);
        }
        Token frac = unfinishedFrac(ts, i);
        if (frac != null) return new FormulaError("\\frac needs two arguments", frac);
        Token next = i + 1 < ts.size() ? ts.get(i + 1) : null;
        int n = next == null ? Token.EOF : next.getType();
        if (b == CARET || b == UNDERSCORE) {
            String what = b == CARET ? "superscript" : "subscript";
            if (n == Token.EOF) return new FormulaError("missing " + what + " after " + bad.getText(), bad);
            if (n == LBRACE && i + 2 < ts.size() && ts.get(i + 2).getType() == RBRACE)
                return new FormulaError("empty " + what, next);
        }
        if (b == LPAREN && n == RPAREN) return new FormulaError("empty parentheses ()", bad);
        if (b == LPAREN || b == LCURLY) {
            Token gap = emptyArgument(ts, i);
            if (gap != null) return new FormulaError("missing argument before " + gap.getText(), gap);
        }
        if (b == RPAREN && p == LPAREN) {
            if (prev2 != null && prev2.getType() == MAXMIN)
                return new FormulaError(prev2.getText() + " needs two or more arguments", prev2);
            if (prev2 != null && (prev2.getType() == FN || prev2.getType() == LOG))
                return new FormulaError(prev2.getText() + " needs an argument", prev2);
            return new FormulaError("empty parentheses ()", prev);
        }
        if (b == RCURLY && p == LCURLY && prev2 != null && prev2.getType() == MAXMIN)
            return new FormulaError(prev2.getText() + " needs two or more arguments", prev2);
        if (b == COMMA && (p == COMMA || p == LPAREN || p == LCURLY))
            return new FormulaError("missing argument before ,", bad);
        if ((b == RPAREN || b == RCURLY) && p == COMMA) return new FormulaError("missing argument after ,", prev);

        // Dangling operators.
        if (isOperator(p) && (b == Token.EOF || isRelation(b) || b == RPAREN || b == RBRACE || b == RBRACK
                || b == RCURLY || b == BAR_CLOSE || b == NORM_CLOSE || b == COMMA || b == ROWSEP || b == AMP
                || b == END_CASES || b == END_MATRIX || b == END_ALIGN || isOperator(b)))
            return new FormulaError("missing operand after " + prev.getText(), prev);
        if (isRelation(p) && (b == Token.EOF || isRelation(b) || b == RPAREN || b == RBRACE || b == COMMA
                || b == ROWSEP || b == END_ALIGN || b == END_CASES))
            return new FormulaError("missing operand after " + prev.getText(), prev);
        if (p == CARET && !(b == LBRACE)) return new FormulaError("missing superscript after ^", prev);
        if (p == UNDERSCORE && !(b == LBRACE)) return new FormulaError("missing subscript after _", prev);
        if (isRelation(b) && prev == null)
            return new FormulaError("formula starts with " + bad.getText()
                    + "; its left-hand side is missing (a continuation of the previous line?)", bad);
        if ((b == AMP || b == ROWSEP || b == END_MATRIX) && (p == AMP || (b == AMP && (p == ROWSEP || p == BEGIN_MATRIX))))
            return new FormulaError("empty matrix entry", bad);
        if ((isOperator(b) && b != MINUS && b != PLUS) || isRelation(b)) {
            if (prev == null || isOpener(p) || p == COMMA || p == SEMI || p == QUAD || p == IMPLIES || p == ROWSEP
                    || p == AMP || p == BEGIN_ALIGN || p == BEGIN_CASES || p == BEGIN_MATRIX)
                return new FormulaError("missing operand before " + bad.getText(), bad);
        }
        if (b == CARET || b == UNDERSCORE) {
            if (prev == null || isOperator(p) || isRelation(p) || isOpener(p))
                return new FormulaError("missing operand before " + bad.getText(), bad);
        }

        switch (b) {
            case PROSE:
                return new FormulaError("text " + show(bad) + " is not math; put remarks outside the formula", bad);
            case COND_WORD:
                return new FormulaError(show(bad) + " is only meaningful in a cases condition", bad);
            case OTHERWISE:
                return new FormulaError(show(bad) + " is only meaningful as the last cases condition", bad);
            case TO:
                return new FormulaError(bad.getText() + " is only allowed in a \\lim subscript such as \\lim_{x \\to 0}",
                        bad);
            case LEFTARROW:
                return new FormulaError(bad.getText() + " (an update rule) is not supported; write it with =", bad);
            case COLON:
                return new FormulaError("unexpected : (mappings and labels are not math)", bad);
            case PARTIAL:
                return new FormulaError("\\partial must be part of a derivative such as \\frac{\\partial L}{\\partial w}",
                        bad);
            case EVALBAR:
                return new FormulaError("evaluation bar | needs a subscript such as |_{w=1}", bad);
            case ROWSEP:
            case END_CASES:
                if (insideCases(ctx)) return new FormulaError("a cases row needs a condition after &", bad);
                break;
            case AMP:
                if (insideCases(ctx)) return new FormulaError("a cases row has one & (value & condition)", bad);
                break;
            case NUMBER:
                if (p == LBRACE && prev2 != null && (prev2.getType() == FONT || prev2.getType() == MATHBB))
                    return new FormulaError(prev2.getText() + "{" + bad.getText()
                            + "} must be followed by a condition, as in \\mathbf{1}(x > 0)", prev2);
                break;
            case IMPLIES:
            case THEREFORE:
            case BECAUSE:
                if (b == ts.get(ts.size() - 2).getType() && bad.getTokenIndex() == ts.size() - 2)
                    return new FormulaError(bad.getText() + " must be followed by a formula", bad);
                break;
            case Token.EOF:
                if (p == RBRACE && prev2 != null && prev2.getText().equals("1") && i >= 4
                        && (ts.get(i - 4).getType() == FONT || ts.get(i - 4).getType() == MATHBB))
                    return new FormulaError(ts.get(i - 4).getText()
                            + "{1} must be followed by a condition, as in \\mathbf{1}(x > 0)", ts.get(i - 4));
                if (prev != null && (prev.getType() == SUM || prev.getType() == PROD))
                    return new FormulaError(prev.getText() + " needs a body", prev);
                return new FormulaError("unexpected end of formula", prev == null ? bad : prev);
            default:
                break;
        }
        if (b == BAR_CLOSE || b == NORM_CLOSE) return new FormulaError("missing operand before " + bad.getText(), bad);
        return new FormulaError("unexpected " + show(bad), bad);
    }

    /** A \\frac before index {@code i} that has fewer than two complete arguments, or null. */
    private static Token unfinishedFrac(TokenStream ts, int i) {
        for (int j = i - 1; j >= 0 && j >= i - 200; j--) {
            if (ts.get(j).getType() != FRAC) continue;
            int k = j + 1;
            int args = 0;
            while (args < 2 && k < i) {
                if (ts.get(k).getType() == LBRACE) {
                    int depth = 0;
                    int m = k;
                    for (; m < ts.size(); m++) {
                        int t = ts.get(m).getType();
                        if (t == LBRACE) depth++;
                        else if (t == RBRACE && --depth == 0) break;
                    }
                    if (m >= i) return null;
                    k = m + 1;
                } else {
                    k++;
                }
                args++;
            }
            return args < 2 && k >= i && (ts.get(i).getType() == Token.EOF || ts.get(i).getType() == RBRACE
                    || ts.get(i).getType() == RPAREN) ? ts.get(j) : null;
        }
        return null;
    }

    /** In the group opened at {@code open}: a comma with nothing before or after it. */
    private static Token emptyArgument(TokenStream ts, int open) {
        int depth = 0;
        for (int j = open; j < ts.size(); j++) {
            int t = ts.get(j).getType();
            if (t == LPAREN || t == LCURLY || t == LBRACE || t == LBRACK) depth++;
            else if (t == RPAREN || t == RCURLY || t == RBRACE || t == RBRACK) { if (--depth == 0) return null; }
            else if (t == COMMA && depth == 1) {
                int before = ts.get(j - 1).getType();
                int after = ts.get(j + 1).getType();
                if (before == COMMA || before == LPAREN || before == LCURLY) return ts.get(j);
                if (after == RPAREN || after == RCURLY) return ts.get(j + 1);
            }
        }
        return null;
    }

    private static boolean insideCases(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent())
            if (c instanceof FormulaSyntax.CaseRowContext || c instanceof FormulaSyntax.CasesContext) return true;
        return false;
    }

    /** The token before the brace group that ends at {@code closeIndex}. */
    private static Token tokenBeforeGroup(TokenStream ts, int closeIndex) {
        int depth = 0;
        for (int j = closeIndex; j >= 0; j--) {
            int t = ts.get(j).getType();
            if (t == RBRACE) depth++;
            else if (t == LBRACE && --depth == 0) return j > 0 ? ts.get(j - 1) : null;
        }
        return null;
    }
}
