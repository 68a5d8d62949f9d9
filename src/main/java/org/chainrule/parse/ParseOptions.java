package org.chainrule.parse;

import java.util.Set;
import org.chainrule.expr.Expr.Sym;

/**
 * What the surroundings of a formula tell the parser.
 *
 * @param functions names declared as functions (besides f, g, h): {@code S} in {@code S_k(\hat y)}; the
 *                  symbol is compared by its base (name and styles, no indices)
 * @param variables names declared as variables that would otherwise be read as constants ({@code e})
 * @param line      line of the formula's first character in its file (1 for a lone formula)
 * @param column    column of the formula's first character in its file
 */
public record ParseOptions(Set<Sym> functions, Set<Sym> variables, int line, int column) {
    public static final ParseOptions DEFAULT = new ParseOptions(Set.of(), Set.of(), 1, 1);

    public ParseOptions {
        functions = Set.copyOf(functions);
        variables = Set.copyOf(variables);
    }

    // written out as the record's own: the generated ones cost a bootstrap on first use (see Expr.SupIndex)
    @Override public boolean equals(Object o) {
        return o instanceof ParseOptions p && functions.equals(p.functions) && variables.equals(p.variables)
                && line == p.line && column == p.column;
    }

    @Override public int hashCode() {
        return ((functions.hashCode() * 31 + variables.hashCode()) * 31 + line) * 31 + column;
    }

    public ParseOptions at(int line, int column) {
        return new ParseOptions(functions, variables, line, column);
    }
}
