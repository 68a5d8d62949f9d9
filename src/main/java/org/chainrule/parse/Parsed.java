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
                     Optional<RelOp> continues, List<Call> calls) {
    public Parsed {
        statements = List.copyOf(statements);
        annotations = List.copyOf(annotations);
        warnings = List.copyOf(warnings);
        calls = List.copyOf(calls);
    }

    public Parsed(List<Expr> statements, List<String> annotations, List<Diagnostic> warnings, Optional<RelOp> continues) {
        this(statements, annotations, warnings, continues, List.of());
    }

    public Parsed(List<Expr> statements, List<String> annotations, List<Diagnostic> warnings) {
        this(statements, annotations, warnings, Optional.empty());
    }

    /** A 1-based line and column in the coordinates of the parse options (the sheet's, for a sheet formula). */
    public record Position(int line, int column) {}

    /**
     * Where a call of a named function was written ({@code g(1, 2)}, {@code \mathcal{L}(w, b)}): the
     * call as built (the very node in the statements), its name's position and each argument's, so that
     * errors about function definitions and calls can point at the text.
     */
    public record Call(Expr.Apply call, Position at, List<Position> args) {
        public Call { args = List.copyOf(args); }
    }

    /** The only statement; callers that expect one formula use this. */
    public Expr single() {
        if (statements.size() != 1)
            throw new IllegalStateException("expected one statement, found " + statements.size());
        return statements.get(0);
    }
}
