package org.chainrule.parse;

import org.antlr.v4.runtime.Token;

/**
 * Internal unchecked carrier for a located error; {@link FormulaParser} turns it into a
 * {@link ParseException} at the API boundary, where the sheet offset is applied.
 *
 * @param line   1-based line inside the formula
 * @param column 0-based column inside that line (ANTLR's convention)
 */
final class FormulaError extends RuntimeException {
    final int line;
    final int column;

    FormulaError(String reason, int line, int column) {
        super(reason, null, false, false);
        this.line = line;
        this.column = column;
    }

    FormulaError(String reason, Token at) {
        this(reason, at.getLine(), at.getCharPositionInLine());
    }

    /** "line:column" of a token as the user sees it (with the sheet offset of {@code o}). */
    static String where(Token t, ParseOptions o) {
        int line = t.getLine();
        int col = t.getCharPositionInLine() + 1;
        if (line == 1) return o.line() + ":" + (o.column() + col - 1);
        return (o.line() + line - 1) + ":" + col;
    }
}
