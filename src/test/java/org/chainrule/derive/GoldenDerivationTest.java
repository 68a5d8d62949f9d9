package org.chainrule.derive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.numeric.Draw;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Expr;
import org.chainrule.parse.FormulaParser;
import org.chainrule.parse.ParseException;
import org.chainrule.render.DerivationText;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden derivations in src/test/resources/golden/derive: {@code <case>.in} is the formula on its
 * first line, then {@code wrt: …}, {@code given: …} (repeatable), {@code flat: true},
 * {@code in-terms-of: …}; the expected {@code <case>.txt} is the text rendering of the derivation
 * (reviewed by eye), or {@code <case>.err} for input that cannot be differentiated.
 */
public class GoldenDerivationTest {
    static final Path DIR = Path.of("src/test/resources/golden/derive");

    @TestFactory
    Stream<DynamicTest> golden() {
        return Golden.tests(DIR, List.of("txt", "err"), GoldenDerivationTest::run);
    }

    /** A golden input: the formula on the first line, then wrt:, given:, flat:, in-terms-of: lines. */
    public static Engine.Problem problem(String input) throws ParseException {
        String[] lines = input.split("\n");
        Expr expr = FormulaParser.parseExpr(lines[0]);
        Sym wrt = null;
        boolean flat = false;
        List<Expr> given = new ArrayList<>();
        List<Sym> terms = new ArrayList<>();
        for (int k = 1; k < lines.length; k++) {
            String l = lines[k];
            if (l.startsWith("wrt:")) wrt = (Sym) FormulaParser.parseExpr(l.substring(4).strip());
            else if (l.startsWith("given:")) given.addAll(FormulaParser.parse(l.substring(6).strip()).statements());
            else if (l.startsWith("flat:")) flat = Boolean.parseBoolean(l.substring(5).strip());
            else if (l.startsWith("in-terms-of:")) terms.add((Sym) FormulaParser.parseExpr(l.substring(12).strip()));
            else if (!l.isBlank()) throw new IllegalArgumentException("unknown line in golden input: " + l);
        }
        return new Engine.Problem(expr, wrt, given, flat, terms, Draw.SEED);
    }

    static Golden.Result run(String input) {
        try {
            Derivation d = new Engine().derive(problem(input));
            return new Golden.Result("txt", DerivationText.render(d));
        } catch (ParseException e) {
            return new Golden.Result("err", "parse error " + e.line() + ":" + e.column() + ": " + e.reason() + "\n");
        } catch (DeriveException e) {
            return new Golden.Result("err", "cannot differentiate: " + e.getMessage() + "\n");
        }
    }
}
