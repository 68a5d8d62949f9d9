package org.chainrule.parse;

/**
 * Bad input: a reason in plain words, located at a 1-based line and column of the source, with the
 * offending line and a caret under the column. Never carries an ANTLR type.
 */
public final class ParseException extends Exception {
    private final int line;
    private final int column;
    private final String sourceLine;
    private final String reason;

    public ParseException(String reason, int line, int column, String sourceLine) {
        super(reason);
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.sourceLine = sourceLine == null ? "" : sourceLine;
    }

    public int line() { return line; }
    public int column() { return column; }
    public String reason() { return reason; }
    public String sourceLine() { return sourceLine; }

    /** The offending line (tabs as spaces) with a caret under the column. */
    public String excerpt() {
        String text = sourceLine.replace('\t', ' ');
        int caret = Math.max(0, Math.min(column - 1, text.length()));
        // Keep very long lines readable: show a window around the caret.
        int from = Math.max(0, caret - 60);
        int to = Math.min(text.length(), caret + 60);
        String shown = (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
        int pad = caret - from + (from > 0 ? 1 : 0);
        return shown + "\n" + " ".repeat(pad) + "^";
    }

    /** {@code name:line:column: reason} followed by the excerpt, as compilers print it. */
    public String format(String name) {
        return name + ":" + line + ":" + column + ": " + reason + "\n" + excerpt();
    }
}
