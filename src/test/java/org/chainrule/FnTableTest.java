package org.chainrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chainrule.cas.CasVerdict;
import org.chainrule.cas.Symja;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.chainrule.testing.Reference;
import org.junit.jupiter.api.Test;

/**
 * The function table against references that do not use it: values against closed forms and a
 * 60-digit series for erf, derivative templates against finite differences of the values; and every
 * row has docs, a Symja spelling (or is kept from Symja on purpose), parses from every alias and prints back.
 */
class FnTableTest {
    static final double[] POINTS = {-2.3, -0.7, 0.4, 1.3, 2.9};


    static List<BuiltinFn> unary() {
        List<BuiltinFn> out = new ArrayList<>();
        for (BuiltinFn f : BuiltinFn.values()) if (f.spec.maxArgs() == 1 && f.spec.value() != null) out.add(f);
        return out;
    }

    static boolean inDomain(BuiltinFn f, double x) {
        return f.spec.domain() == null || Evaluator.holds(f.spec.domain().apply(BuiltinFn.U), Env.of(Map.of(BuiltinFn.U, x)));
    }

    @Test
    void valuesMatchIndependentReferences() {
        for (BuiltinFn f : unary())
            for (double x : POINTS) {
                if (!inDomain(f, x)) continue;
                double ours = Evaluator.builtin(f, new double[] {x}), ref = Reference.value(f, x);
                assertEquals(ref, ours, 1e-14 * Math.max(1, Math.abs(ref)), f + " at " + x);
            }
    }

    @Test
    void normalDistributionMatchesTabulatedValues() {
        // Φ from standard tables (Abramowitz & Stegun 26.2), and erf at 1 and 2
        assertEquals(0.841344746068543, Evaluator.builtin(BuiltinFn.NORMCDF, new double[] {1}), 1e-15);
        assertEquals(0.975002104851780, Evaluator.builtin(BuiltinFn.NORMCDF, new double[] {1.96}), 1e-15);
        assertEquals(0.158655253931457, Evaluator.builtin(BuiltinFn.NORMCDF, new double[] {-1}), 1e-15);
        assertEquals(3.167124183311992e-5, Evaluator.builtin(BuiltinFn.NORMCDF, new double[] {-4}), 1e-19);
        assertEquals(0.842700792949715, Evaluator.builtin(BuiltinFn.ERF, new double[] {1}), 1e-15);
        assertEquals(0.995322265018953, Evaluator.builtin(BuiltinFn.ERF, new double[] {2}), 1e-15);
        assertEquals(0.398942280401433, Evaluator.builtin(BuiltinFn.NORMPDF, new double[] {0}), 1e-15);
    }

    @Test
    void derivativeTemplatesMatchFiniteDifferencesOfTheValues() {
        for (BuiltinFn f : unary()) {
            if (f.spec.derivative() == null || f.spec.kink()) continue;
            Expr template = f.derivative(BuiltinFn.U);
            for (double x : POINTS) {
                double h = 1e-3;
                if (!inDomain(f, x) || !inDomain(f, x - 2 * h) || !inDomain(f, x + 2 * h)) continue;
                // five-point central difference of the independent reference values: error O(h⁴)
                double fd = (-Reference.value(f, x + 2 * h) + 8 * Reference.value(f, x + h) - 8 * Reference.value(f, x - h) + Reference.value(f, x - 2 * h)) / (12 * h);
                double ours = Evaluator.eval(template, Env.of(Map.of(BuiltinFn.U, x)));
                assertEquals(fd, ours, 1e-8 * Math.max(1, Math.abs(fd)), f + "' at " + x);
                // the evaluator's own derivative (precise kernels for the older rows) is the same function
                double prime = Evaluator.prime(new Builtin(f), 1, x, Env.empty());
                assertEquals(ours, prime, 1e-12 * Math.max(1, Math.abs(ours)), f + "' kernel at " + x);
            }
        }
    }

    @Test
    void kinkedDerivativesAwayFromTheKink() {
        for (double x : POINTS) {
            assertEquals(x > 0 ? 1.0 : 0.0, Evaluator.eval(BuiltinFn.RELU.derivative(BuiltinFn.U), Env.of(Map.of(BuiltinFn.U, x))));
            assertEquals(0.0, Evaluator.eval(BuiltinFn.SIGN.derivative(BuiltinFn.U), Env.of(Map.of(BuiltinFn.U, x))));
        }
        assertEquals("relu-at-zero", BuiltinFn.RELU.spec.convention());
    }

    @Test
    void everyFunctionParsesFromEveryAliasAndPrintsBack() throws Exception {
        for (BuiltinFn f : BuiltinFn.values()) {
            String args = f.spec.minArgs() == 1 ? "(x)" : "(x, y)";
            Expr canonical = FormulaParser.parseExpr(f.latex + args);
            assertTrue(canonical instanceof Apply ap && ap.fn() instanceof Builtin b && b.op() == f, f + " from " + f.latex);
            assertEquals(canonical, FormulaParser.parseExpr(LatexPrinter.print(canonical)), f + " round trip");
            for (String c : f.spec.commands()) assertEquals(canonical, FormulaParser.parseExpr(c + args), f + " from " + c);
            for (String w : f.spec.words())
                for (String spelled : List.of("\\operatorname{" + w + "}", "\\mathrm{" + w + "}", "\\text{" + w + "}"))
                    assertEquals(canonical, FormulaParser.parseExpr(spelled + args), f + " from " + spelled);
        }
        Expr gelu = FormulaParser.parseExpr("\\operatorname{GELU}(w x)");
        assertEquals(gelu, FormulaParser.parseExpr("\\mathrm{GELU}(w x)"));
        assertEquals(FormulaParser.parseExpr("\\operatorname{swish}(z)"), FormulaParser.parseExpr("\\operatorname{SiLU}(z)"));
    }

    @Test
    void everyRuleHasADocsPageAndAnIndexEntry() throws Exception {
        String index = Files.readString(Path.of("docs/rules/README.md"));
        for (BuiltinFn f : BuiltinFn.withRules()) {
            Path page = Path.of("docs/rules/" + f.spec.rule() + ".md");
            assertTrue(Files.exists(page), "no docs page " + page);
            assertTrue(index.contains("(" + f.spec.rule() + ".md)"), f.spec.rule() + " missing from docs/rules/README.md");
            assertNotNull(f.spec.ruleWords(), f + " rule words");
        }
        String notation = Files.readString(Path.of("docs/notation.md"));
        for (BuiltinFn f : BuiltinFn.values())
            assertTrue(notation.contains(f.latex.replace("\\operatorname{", "").replace("}", "")), f + " not in docs/notation.md");
    }

    @Test
    void everyFunctionHasASymjaSpellingOrIsKeptFromSymjaOnPurpose() {
        for (BuiltinFn f : BuiltinFn.values()) {
            boolean spelled = f.spec.symja() != null || f.spec.definition() != null;
            // chainrule owns kinks and vector functions: Symja gets their derivatives wrong or leaves them unevaluated
            boolean kept = f.spec.kink() || f == BuiltinFn.MAX || f == BuiltinFn.MIN || f == BuiltinFn.SOFTMAX;
            assertTrue(spelled != kept, f + ": spelled " + spelled + ", kept " + kept);
        }
    }

    @Test
    void symjaAgreesWithEveryDerivativeTemplate() {
        Symja symja = new Symja(20_000);
        Sym w = Sym.of("w"), x = Sym.of("x");
        List<Map<Sym, Double>> points = List.of(Map.of(w, 0.3, x, 1.2), Map.of(w, 1.1, x, 0.7));
        for (BuiltinFn f : BuiltinFn.values()) {
            if (f.spec.derivative() == null || f.spec.kink()) continue;
            Expr u = Expr.mul(w, x), fn = Expr.apply(f, u), answer = Expr.mul(f.derivative(u), x);
            assertEquals(CasVerdict.AGREES, symja.checkDerivative(fn, w, answer, points), f.toString());
            assertTrue(symja.checkDerivative(fn, w, Expr.mul(answer, Expr.num(2)), points).disagrees(), f + " wrong");
        }
    }
}
