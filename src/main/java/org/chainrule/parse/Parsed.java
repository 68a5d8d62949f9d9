package org.chainrule.parse;

import java.util.List;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.RelOp;

/**
 * The result of parsing one formula: usually one statement, several when the input separates them
 * ({@code a = 1, b = 2}; lines of an {@code aligned} block that start afresh; {@code \Rightarrow}).
 * Annotations are the non-mathematical remarks written beside a formula ("by chain rule", a circled
 * label); warnings flag input that parsed but may not mean what its author intended. {@code continues}
 * is the relation a formula starts with when it continues the previous one ({@code = …} on its own line).
 */
public record Parsed(List<Expr> statements, List<String> annotations, List<Diagnostic> warnings,
                     Optional<RelOp> continues) {
    public Parsed {
        statements = List.copyOf(statements);
        annotations = List.copyOf(annotations);
        warnings = List.copyOf(warnings);
    }

    public Parsed(List<Expr> statements, List<String> annotations, List<Diagnostic> warnings) {
        this(statements, annotations, warnings, Optional.empty());
    }

    /** The only statement; callers that expect one formula use this. */
    public Expr single() {
        if (statements.size() != 1)
            throw new IllegalStateException("expected one statement, found " + statements.size());
        return statements.get(0);
    }
}
