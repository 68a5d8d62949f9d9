package org.chainrule.simplify;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** Writing a family's name back must not let the definition's own sum capture the incoming index. */
class BackSubstituteCaptureTest {

    static final List<BackSubstitute.Definition> C = List.of(new BackSubstitute.Definition(
            (Sym) parse("c_i"), parse("\\sum_{k=1}^{3} w_{ik} x_k")));

    @Test
    void aMemberWhoseIndexIsTheDefinitionsBoundLetterIsRecognised() {
        // c_k = Σ_l w_{kl} x_l: instantiating c_i at i = k must rename the definition's Σ_k first.
        Expr e = parse("\\sum_{l=1}^{3} w_{kl} x_l");
        assertEquals(parse("c_k"), BackSubstitute.apply(e, C), LatexPrinter.print(BackSubstitute.apply(e, C)));
    }

    @Test
    void aDiagonalSumIsNotMistakenForAMember() {
        // Σ_k w_{kk} x_k is not c_k (with capture, c_i at i = k would read Σ_k w_{kk} x_k).
        Expr e = parse("\\sum_{k=1}^{3} w_{kk} x_k");
        Expr out = BackSubstitute.apply(e, C);
        assertNotEquals(parse("c_k"), out, LatexPrinter.print(out));
    }

    static Expr parse(String latex) {
        try {
            return FormulaParser.parseExpr(latex);
        } catch (Exception ex) {
            throw new IllegalArgumentException(latex, ex);
        }
    }
}
