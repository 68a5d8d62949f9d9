package org.chainrule.parse;

import java.util.List;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;

/**
 * A problem sheet as read: the title and the problems, each with its statement (prose and inline
 * maths), givens, definitions and what to find. Formulas are already parsed; a problem whose
 * formulas or directives are wrong carries its errors, so the rest of the sheet can still be keyed.
 * {@code detail} is the sheet's \detail{brief|full}, if it has one.
 */
public record SheetSource(Optional<Prose> title, Optional<Prose> author, List<Problem> problems, List<Diagnostic> warnings,
                          Optional<String> detail) {
    public SheetSource {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public SheetSource(Optional<Prose> title, Optional<Prose> author, List<Problem> problems, List<Diagnostic> warnings) {
        this(title, author, problems, warnings, Optional.empty());
    }

    /** Prose with inline maths; the maths is parsed, so it is re-printed from the tree, never copied. */
    public record Prose(List<Piece> pieces) {
        public Prose { pieces = List.copyOf(pieces); }
        public boolean isBlank() {
            return pieces.stream().allMatch(p -> p instanceof Words w && w.text().isBlank());
        }
    }

    public sealed interface Piece {}

    /** Plain words (TeX escapes such as \% already resolved; emphasis dropped). */
    public record Words(String text) implements Piece {}

    public record InlineMath(Expr expr) implements Piece {}

    /**
     * Prose maths that is not an expression but ordinary text maths — a pair, a set, an interval — kept
     * as the author's LaTeX because it passed the {@link ProseMath} whitelist.
     */
    public record TextMath(String latex) implements Piece {}

    /** Where something is in the sheet (1-based). */
    public record Location(int line, int column) {}

    public record Problem(int number, Prose title, Location at, List<Prose> statement, List<Expr> given,
                          List<Sym> functions, List<Find> finds, List<Directive> numeric, List<Claim> claims,
                          List<Prose> notes, List<ParseException> errors) {
        public Problem {
            statement = List.copyOf(statement);
            given = List.copyOf(given);
            functions = List.copyOf(functions);
            finds = List.copyOf(finds);
            numeric = List.copyOf(numeric);
            claims = List.copyOf(claims);
            notes = List.copyOf(notes);
            errors = List.copyOf(errors);
        }
    }

    /**
     * A numeric directive (\at, \trace, \descent, \limit, \round) as written: its option text and
     * its arguments, each parsed as formulas (statements separated by commas) with their location.
     * What they mean is decided by the section that renders them (package sheet).
     */
    public record Directive(String name, Optional<String> option, List<List<Expr>> args, Location at) {
        public Directive { args = args.stream().map(List::copyOf).toList(); }
    }

    /**
     * One thing to find: a derivative ({@code \frac{\partial L}{\partial w_i}}), optionally in terms
     * of some names, flat, or as a gradient-descent update rule with the given learning rate.
     */
    public record Find(Expr target, Sym wrt, List<Sym> inTermsOf, boolean flat, boolean components, Optional<Expr> updateRate, Location at) {
        public Find { inTermsOf = List.copyOf(inTermsOf); }
    }

    /**
     * A claimed derivation to grade ({@code \\check}): the left side and one right side per line
     * ({@code LHS = RHS_1 \\ = RHS_2 …}), each judged against the left side. {@code option} is the
     * directive's [option] as written: empty for a symbolic claim, {@code at} for a numeric claim at the
     * problem's \\at point, {@code rate = 0.5} for an iterate of the problem's \\descent.
     */
    public record Claim(Optional<String> option, Expr lhs, List<ClaimLine> lines, Location at) {
        public Claim { lines = List.copyOf(lines); }
    }

    /** One line of a claim: its right side and where it is written. */
    public record ClaimLine(Expr rhs, Location at) {}
}
