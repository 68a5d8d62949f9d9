package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chainrule.derive.Derivation;
import org.chainrule.derive.Engine;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetParser;
import org.chainrule.parse.SheetSource;
import org.chainrule.render.Doc;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: functions defined with arguments in a sheet, {@code \let{g(x) = w x^2 + b}} and
 * {@code \given{r(t) = …}}, as derive --given reads them; and the author's mistakes in them, each
 * at its line and column.
 */
class FunctionDefinitionSheetTest {

    static SheetSource parse(String sheet) {
        try {
            return SheetParser.parse(sheet);
        } catch (ParseException e) {
            throw new AssertionError(e.format("sheet"), e);
        }
    }

    static AnswerKey key(String sheet) {
        return AnswerKey.of(parse(sheet), Engine::new);
    }

    static Derivation only(AnswerKey k) {
        assertTrue(k.failures().isEmpty(), "failures: " + k.failures());
        assertEquals(1, k.results().size());
        return k.results().get(0).derivation().orElseThrow();
    }

    static double at(Expr e, Map<String, Double> point) {
        Map<Sym, Double> values = new HashMap<>();
        point.forEach((name, v) -> values.put(Sym.of(name), v));
        return Evaluator.eval(e, Env.of(values));
    }

    /** The sheet: \let{g(x) = w x^2 + b}, ∂g(2)/∂w = 2² = 4. */
    @Test
    void functionLetGivesTheHandComputedAnswer() {
        Derivation d = only(key("""
                \\problem{Function}
                \\let{g(x) = w x^2 + b}
                \\find{\\frac{\\partial g(2)}{\\partial w}}
                """));
        assertTrue(d.verified(), d.problems().toString());
        assertEquals(Expr.num(4), d.answer());
    }

    /**
     * A function through a named intermediate and a sigmoid: L = g(2) with g(x) = σ(w x + b), so
     * ∂L/∂w = 2 σ(2w + b)(1 − σ(2w + b)); at w = 0.5, b = −1 that is 2 · ½ · ½ = 0.5.
     */
    @Test
    void functionThroughANamedIntermediateAtAPoint() {
        Derivation d = only(key("""
                \\problem{Logistic unit}
                \\let{g(x) = \\sigma(w x + b), L = g(2)}
                \\find{\\frac{\\partial L}{\\partial w}}
                """));
        assertTrue(d.verified(), d.problems().toString());
        assertEquals(0.5, at(d.answerFlat(), Map.of("w", 0.5, "b", -1.0)), 1e-12);
        // and away from σ = ½: w = 1, b = 0 gives 2 σ(2)(1 − σ(2))
        double s = 1 / (1 + Math.exp(-2.0));
        assertEquals(2 * s * (1 - s), at(d.answerFlat(), Map.of("w", 1.0, "b", 0.0)), 1e-12);
        // the boxed answer is in the author's name L = σ(2w + b)
        assertEquals("L (2 - 2 L)", LatexPrinter.print(d.answer()));
    }

    /**
     * r is not one of the letters read as functions (f, g, h): writing it as a call in \let declares it
     * for the whole problem, before the definition too. ∂r(w x)/∂w with r(t) = t³ is 3(w x)² x: 24 at w = 1, x = 2.
     */
    @Test
    void anyLetterWrittenAsACallIsAFunctionForTheWholeProblem() {
        SheetSource s = parse("""
                \\problem{Function r}
                The unit computes $r(w x)$.
                \\find{\\frac{\\partial r(w x)}{\\partial w}}
                \\let{r(t) = t^3}
                """);
        SheetSource.Problem p = s.problems().get(0);
        assertTrue(p.errors().isEmpty(), p.errors().toString());
        assertEquals(List.of(Sym.of("r")), p.functions());
        SheetSource.Piece math = p.statement().get(0).pieces().stream().filter(x -> x instanceof SheetSource.InlineMath).findFirst().orElseThrow();
        assertInstanceOf(Apply.class, ((SheetSource.InlineMath) math).expr(), "prose before the \\let reads r(w x) as a call");
        Derivation d = only(AnswerKey.of(s, Engine::new));
        assertTrue(d.verified(), d.problems().toString());
        assertEquals(24, at(d.answer(), Map.of("w", 1.0, "x", 2.0)), 1e-12);
        // "r t = …" is still the product it says it is, and \let refuses it
        SheetSource product = parse("\\problem{P}\n\\let{r t = 1}\n\\find{\\frac{\\partial r}{\\partial w}}\n");
        assertEquals("2:6: \\let defines a name or a function: write name = formula, or g(x) = formula",
                errors(product).get(0));
    }

    /** The leaky unit: a piecewise body in \given, the slope 1 where w x > 0 and 0.1 elsewhere. */
    @Test
    void piecewiseFunctionInGiven() {
        Derivation d = only(key("""
                \\problem{Leaky unit}
                \\given{r(t) = \\begin{cases} t & t > 0 \\\\ 0.1 t & \\text{otherwise} \\end{cases}}
                \\find{\\frac{\\partial r(w x)}{\\partial w}}
                """));
        assertTrue(d.verified(), d.problems().toString());
        assertEquals(2, at(d.answer(), Map.of("w", 1.0, "x", 2.0)), 1e-12);   // w x = 2 > 0: x
        assertEquals(0.2, at(d.answer(), Map.of("w", -1.0, "x", 2.0)), 1e-12); // w x = −2: 0.1 x
        assertEquals(-3, at(d.answer(), Map.of("w", -1.0, "x", -3.0)), 1e-12); // w x = 3 > 0: x
    }

    /** The key shows the definition as the author wrote it, with the other definitions, not as an assumption. */
    @Test
    void keyShowsTheDefinitionAsWritten() {
        AnswerKey k = key("""
                \\problem{Function}
                \\let{g(x) = w x^2 + b}
                \\let{L = g(2)}
                \\find{\\frac{\\partial L}{\\partial w}}
                """);
        assertTrue(k.failures().isEmpty(), k.failures().toString());
        List<String> rows = new ArrayList<>();
        List<String> prose = new ArrayList<>();
        for (Doc.Block b : k.doc().blocks()) {
            if (b instanceof Doc.Equations eq) for (Doc.Row r : eq.rows()) rows.add(r.lhs() + " " + r.rel() + " " + r.rhs());
            if (b instanceof Doc.Paragraph para) for (Doc.Inline i : para.parts()) if (i instanceof Doc.Text t) prose.add(t.text());
        }
        assertTrue(rows.contains("g(x) = w x^{2} + b"), rows.toString());
        assertTrue(rows.contains("L = g(2)"), rows.toString());
        assertFalse(prose.stream().anyMatch(t -> t.contains("Assume")), prose.toString());
        assertEquals(Expr.num(4), k.results().get(0).derivation().orElseThrow().answer());
    }

    // ------------------------------------------------------------------ mistakes, each at its place

    static List<String> errors(SheetSource s) {
        List<String> out = new ArrayList<>();
        for (SheetSource.Problem p : s.problems())
            for (ParseException e : p.errors()) out.add(e.line() + ":" + e.column() + ": " + e.reason());
        return out;
    }

    static final String FIND = "\\find{\\frac{\\partial L}{\\partial w}}\n";

    @Test
    void functionDefinedTwice() {
        SheetSource s = parse("\\problem{Twice}\n\\let{g(x) = w x}\n\\let{L = g(1)}\n\\given{g(u) = u^2}\n" + FIND);
        assertEquals(List.of("4:8: g is defined twice (first at line 2, column 6)"), errors(s));
        ParseException e = s.problems().get(0).errors().get(0);
        assertEquals("\\given{g(u) = u^2}\n       ^", e.excerpt());
    }

    @Test
    void callWithTheWrongNumberOfArguments() {
        // in a \let, and in the \find, before and after the definition
        SheetSource s = parse("""
                \\problem{Arity}
                \\find{\\frac{\\partial g(1, 2)}{\\partial w}}
                \\let{g(x) = w x^2 + b,
                  L = 3 + g(x, y, z)}
                """);
        assertEquals(List.of(
                "2:22: g is defined with 1 argument (at line 3, column 6) but g(1, 2) gives 2",
                "4:11: g is defined with 1 argument (at line 3, column 6) but g(x, y, z) gives 3"), errors(s));
        assertEquals("  L = 3 + g(x, y, z)}\n          ^", s.problems().get(0).errors().get(1).excerpt());
    }

    @Test
    void parameterThatIsNotAName() {
        SheetSource s = parse("\\problem{Value}\n\\let{L = g(2)}\n\\let{g(2) = w}\n" + FIND);
        assertEquals(List.of("3:8: the parameter 2 of g is not a name: a function is defined with names for its arguments, as in g(x) = …"),
                errors(s));
        SheetSource twice = parse("\\problem{Twice}\n\\let{\\mathcal{L}(w, w) = w^2}\n\\find{\\frac{\\partial \\mathcal{L}(w, w)}{\\partial w}}\n");
        assertEquals(List.of("2:21: the parameter w of \\mathcal{L} is written twice: the parameters of a function are distinct names"),
                errors(twice));
    }

    @Test
    void recursiveDefinitions() {
        SheetSource s = parse("\\problem{Loop}\n\\let{g(x) = g(x) + 1, L = g(w)}\n" + FIND);
        assertEquals(List.of("2:13: the definition of g calls g itself: a function cannot be defined in terms of itself"), errors(s));
        SheetSource mutual = parse("\\problem{Loop}\n\\let{g(x) = 2 h(x)}\n\\let{h(t) = g(t) - 1}\n\\let{L = g(w)}\n" + FIND);
        assertEquals(List.of("3:13: the definitions of g and h depend on each other in a cycle: a function cannot be defined in terms of itself"),
                errors(mutual));
        // through a named intermediate: g uses a, and a calls g
        SheetSource named = parse("\\problem{Loop}\n\\let{g(x) = a x}\n\\let{a = 1 + g(1), L = g(w)}\n" + FIND);
        assertEquals(List.of("3:14: the definitions of g and a depend on each other in a cycle: a function cannot be defined in terms of itself"),
                errors(named));
    }

    /** A problem with a mistake is left out of the key, with the message; the next problem is keyed as usual. */
    @Test
    void aMistakeLeavesOnlyItsProblemOut() {
        AnswerKey k = key("""
                \\problem{Broken}
                \\let{g(x) = g(x) + 1}
                \\find{\\frac{\\partial g(w)}{\\partial w}}
                \\problem{Fine}
                \\let{g(x) = w x^2 + b}
                \\find{\\frac{\\partial g(2)}{\\partial w}}
                """);
        assertEquals(1, k.failures().size(), k.failures().toString());
        AnswerKey.Failure f = k.failures().get(0);
        assertEquals(List.of(1, 2, 13), List.of(f.problem(), f.line(), f.column()));
        assertEquals(1, k.results().size());
        assertEquals(Expr.num(4), k.results().get(0).derivation().orElseThrow().answer());
        assertTrue(LatexPrinter.print(k.results().get(0).source().target()).contains("g(2)"));
    }
}
