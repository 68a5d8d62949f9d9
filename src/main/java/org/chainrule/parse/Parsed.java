package org.chainrule.parse;

import java.util.List;
import org.chainrule.expr.Expr;

/**
 * The result of parsing one formula: usually one statement, several when the input separates them
 * ({@code a = 1, b = 2}; lines of an {@code aligned} block that start afresh; {@code \Rightarrow}).
 * Annotations are the non-mathematical remarks written beside a formula ("by chain rule", a circled
 * label); warnings flag input that parsed but may not mean what its author intended.
 */
public record Parsed(List<Expr> statements, List<String> annotations, List<Diagnostic> warnings) {
    public Parsed {
        statements = List.copyOf(statements);
        annotations = List.copyOf(annotations);
        warnings = List.copyOf(warnings);
    }

    /** The only statement; callers that expect one formula use this. */
    public Expr single() {
        if (statements.size() != 1)
            throw new IllegalStateException("expected one statement, found " + statements.size());
        return statements.get(0);
    }
}
