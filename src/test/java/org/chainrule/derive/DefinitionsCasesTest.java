package org.chainrule.derive;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.chainrule.derive.core.DeriveException;
import org.chainrule.expr.Expr.*;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Exprs;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.numeric.AbstractFunctions;
import org.chainrule.numeric.Env;
import org.chainrule.numeric.Evaluator;
import org.chainrule.parse.FormulaParser;
import org.chainrule.simplify.Indices;
import org.chainrule.simplify.Simplifier;
import org.junit.jupiter.api.Test;

/**
 * Definitions the way ML courses write them (issue 11): numbered members under a sum, functions
 * defined with arguments, a family member alone, softmax families through further definitions, and
 * unknown functions. Each answer's value at a concrete point is compared with an oracle computed here
 * in plain doubles: a hand-derived formula or a central difference of the flat function written out
 * in Java. Sums written without bounds run over 1..3 for the check.
 */
class DefinitionsCasesTest {

    static final int N = 3;

    // ------------------------------------------------------------------ numbered members under a sum

    @Test
    void aSumWithoutBoundsRunsOverTheNumberedMembers() throws Exception {
        double w1 = 0.7, w2 = -1.3, x = 1.1;
        Derivation d = derive("L", "w_1", "s_1 = w_1 x", "s_2 = w_2 x", "L = \\sum_k s_k^2");
        DoubleUnaryOperator flat = w -> Math.pow(w * x, 2) + Math.pow(w2 * x, 2);
        assertValue(fd(flat, w1), d, vals("w_1", w1, "w_2", w2, "x", x));
        assertEquals(2 * w1 * x * x, value(d.answerFlat(), vals("w_1", w1, "w_2", w2, "x", x)), 1e-9);
        assertTrue(d.verified(), d.report().toString());
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains("runs over those members")), d.warnings().toString());
    }

    @Test
    void logSumExpOverNumberedMembers() throws Exception {
        double w1 = 0.4, w2 = -0.9, x = 1.7;
        Derivation d = derive("L", "w_1", "s_1 = w_1 x", "s_2 = w_2 x", "L = \\log(\\sum_k e^{s_k})");
        double hand = x * Math.exp(w1 * x) / (Math.exp(w1 * x) + Math.exp(w2 * x));
        assertValue(hand, d, vals("w_1", w1, "w_2", w2, "x", x));
        assertValue(fd(w -> Math.log(Math.exp(w * x) + Math.exp(w2 * x)), w1), d, vals("w_1", w1, "w_2", w2, "x", x));
        assertTrue(d.verified(), d.report().toString());
    }

    @Test
    void numericBoundsOverNumberedMembersAndSymbolicBoundsRefused() throws Exception {
        double w1 = 0.7, w2 = -1.3, x = 1.1;
        Derivation d = derive("L", "w_1", "s_1 = w_1 x", "s_2 = w_2 x", "L = \\sum_{k=1}^{2} s_k^2");
        assertValue(2 * w1 * x * x, d, vals("w_1", w1, "w_2", w2, "x", x));
        assertTrue(d.verified());
        DeriveException e = assertThrows(DeriveException.class,
                () -> derive("L", "w_1", "s_1 = w_1 x", "s_2 = w_2 x", "L = \\sum_{k=1}^{n} s_k^2"));
        assertTrue(e.getMessage().contains("s_{1}, s_{2}"), e.getMessage());
        assertThrows(DeriveException.class, () -> derive("L", "w_1", "s_1 = w_1 x", "s_2 = w_2 x", "L = \\sum_{k=1}^{3} s_k^2"));
    }

    // ------------------------------------------------------------------ functions with arguments

    @Test
    void aFunctionDefinitionIsAppliedToItsArguments() throws Exception {
        double w = 0.8, b = -0.2, x = 1.9;
        Derivation at2 = derive("g(2)", "w", "g(x) = w x^2 + b");
        assertValue(4, at2, vals("w", w, "b", b));
        assertTrue(at2.verified(), at2.report().toString());
        Derivation atX = derive("g(x)", "w", "g(x) = w x^2 + b");
        assertValue(x * x, atX, vals("w", w, "b", b, "x", x));
        assertTrue(atX.verified());
        // The definition itself as the expression.
        Derivation rel = new Engine().derive(new Engine.Problem(FormulaParser.parseExpr("g(x) = w x^2 + b"), sym("w"), List.of()));
        assertEquals(x * x, value(rel.answerFlat(), vals("x", x)), 1e-9);
        // Through a named intermediate: L = (g(x_i) - y_i)^2 with g as above, by w and by b.
        double xi = -0.6, yi = 0.3;
        Map<String, Double> at = vals("w", w, "b", b, "x_i", xi, "y_i", yi);
        Derivation chain = derive("L", "w", "g(x) = w x^2 + b", "L = (g(x_i) - y_i)^2");
        assertValue(fd(v -> Math.pow(v * xi * xi + b - yi, 2), w), chain, at);
        assertTrue(chain.verified());
        Derivation byB = derive("L", "b", "g(x) = w x^2 + b", "r = g(x_i) - y_i", "L = r^2");
        assertValue(2 * (w * xi * xi + b - yi), byB, at);
        assertTrue(byB.verified());
    }

    @Test
    void aFunctionNamedWithoutItsArgumentsIsTheFunctionAtItsOwnArguments() throws Exception {
        double w = 0.8, b = -0.2, x = 1.3, y = 0.4;
        Map<String, Double> at = vals("w", w, "b", b, "x", x, "y", y);
        Derivation d = derive("\\mathcal{L}", "w", "\\mathcal{L}(w, b) = (w x + b - y)^2");
        assertValue(2 * (w * x + b - y) * x, d, at);
        assertTrue(d.verified(), d.report().toString());
        Derivation j = derive("\\frac{\\partial h}{\\partial \\theta}", "\\theta", "h(\\theta) = \\frac{1}{2}(\\theta x - y)^2");
        assertValue((0.5 * x - y) * x, j, vals("\\theta", 0.5, "x", x, "y", y));
    }

    @Test
    void aProductThatLooksLikeAFunctionDefinitionIsRefusedNotZero() {
        // J(θ) = … reads as J·θ = … (J is not a function name): never ∂J/∂θ = 0.
        DeriveException e = assertThrows(DeriveException.class,
                () -> derive("J", "\\theta", "J(\\theta) = \\frac{1}{2}(\\theta x - y)^2"));
        assertTrue(e.getMessage().contains("product"), e.getMessage());
    }

    @Test
    void aSubscriptedHypothesisFunction() throws Exception {
        double t0 = 0.3, t1 = -1.1, xi = 0.9, y = 1;
        Map<String, Double> at = vals("\\theta_0", t0, "\\theta_1", t1, "x_i", xi, "x", xi, "y", y);
        Derivation d = derive("h_\\theta(x_i)", "\\theta_1", "h_\\theta(x) = \\sigma(\\theta_0 + \\theta_1 x)");
        double s = sigma(t0 + t1 * xi);
        assertValue(s * (1 - s) * xi, d, at);
        assertTrue(d.verified(), d.report().toString());
        // Logistic loss through the hypothesis: (σ − y) x.
        Derivation loss = derive("J", "\\theta_1", "h_\\theta(x) = \\sigma(\\theta_0 + \\theta_1 x)",
                "J = -y \\log(h_\\theta(x)) - (1 - y) \\log(1 - h_\\theta(x))");
        assertValue((s - y) * xi, loss, at);
        assertValue(fd(t -> -y * Math.log(sigma(t0 + t * xi)) - (1 - y) * Math.log(1 - sigma(t0 + t * xi)), t1), loss, at);
        assertTrue(loss.verified());
    }

    @Test
    void thePrimeOfADefinedFunctionIsItsDerivative() throws Exception {
        // g'(x) = 2 w x, so g'(3) = 6w and ∂/∂w g'(3) = 6; g''(3) = 2w.
        double w = 0.7;
        Derivation d = derive("w g'(3)", "w", "g(x) = w x^2 + b");
        assertValue(12 * w, d, vals("w", w, "b", 1));
        assertTrue(d.verified(), d.report().toString());
        assertValue(2, derive("g''(3)", "w", "g(x) = w x^2 + b"), vals("w", w, "b", 1));
    }

    @Test
    void aFunctionCalledWithTheWrongNumberOfArgumentsIsAnError() {
        DeriveException e = assertThrows(DeriveException.class, () -> derive("g(x, y)", "w", "g(x) = w x^2 + b"));
        assertTrue(e.getMessage().contains("1 argument"), e.getMessage());
        assertThrows(DeriveException.class, () -> derive("g(2)", "w", "g(2) = w"));
    }

    // ------------------------------------------------------------------ a family member alone

    @Test
    void aMemberOfASoftmaxFamilyAlone() throws Exception {
        double[] a = {0.2, -0.5, 1.1};
        Map<String, Double> at = vals("a_1", a[0], "a_2", a[1], "a_3", a[2]);
        double z = Math.exp(a[0]) + Math.exp(a[1]) + Math.exp(a[2]);
        double s1 = Math.exp(a[0]) / z, s2 = Math.exp(a[1]) / z;
        for (String def : List.of("s_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}", "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{3} e^{a_k}}")) {
            Derivation d = derive("s_1", "a_2", def);
            assertValue(-s1 * s2, d, at);
            assertValue(fd(v -> Math.exp(a[0]) / (Math.exp(a[0]) + Math.exp(v) + Math.exp(a[2])), a[1]), d, at);
        }
        assertTrue(derive("s_1", "a_2", "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{3} e^{a_k}}").verified());
    }

    @Test
    void aMemberOfASigmoidFamilyAlone() throws Exception {
        double a2 = 0.35;
        Derivation d = derive("p_2", "a_2", "p_i = \\sigma(a_i)");
        assertValue(sigma(a2) * (1 - sigma(a2)), d, vals("a_2", a2));
        assertTrue(d.verified());
        Derivation other = derive("p_2", "a_1", "p_i = \\sigma(a_i)");
        assertValue(0, other, vals("a_2", a2, "a_1", 0.1));
    }

    // ------------------------------------------------------------------ families through definitions

    @Test
    void multinomialLogisticRegression() throws Exception {
        double x = 0.8;
        double[] w = {0.5, -0.4, 1.2}, y = {0.2, 0.5, 0.3};
        Map<String, Double> at = vals("x", x, "j", 2, "w_1", w[0], "w_2", w[1], "w_3", w[2], "y_1", y[0], "y_2", y[1], "y_3", y[2]);
        double[] s = softmax(new double[] {w[0] * x, w[1] * x, w[2] * x});
        double hand = x * (s[1] * (y[0] + y[1] + y[2]) - y[1]);
        DoubleUnaryOperator flat = v -> {
            double[] p = softmax(new double[] {w[0] * x, v * x, w[2] * x});
            return -(y[0] * Math.log(p[0]) + y[1] * Math.log(p[1]) + y[2] * Math.log(p[2]));
        };
        for (String bounds : List.of("_k", "_{k=1}^{3}")) {
            Derivation d = derive("L", "w_j", "L = -\\sum" + bounds + " y_k \\log s_k",
                    "s_i = \\frac{e^{z_i}}{\\sum" + bounds + " e^{z_k}}", "z_i = w_i x");
            assertValue(hand, d, at);
            assertValue(fd(flat, w[1]), d, at);
            assertNoCapture(d.answer());
            assertTrue(Exprs.symbols(d.answer()).contains(sym("s_j")), "written with the user's s: " + LatexPrinter.print(d.answer()));
            // s_k's definition is recognised in the chain's e^{z_k} form (its own Σ_k renamed, not capturing k).
            assertFalse(LatexPrinter.print(d.answer()).contains("e^{"), "written with the user's s: " + LatexPrinter.print(d.answer()));
            if (bounds.contains("=")) assertTrue(d.verified(), d.report().toString());
        }
    }

    @Test
    void byAMemberOfADefinedFamilyTheFamilyIsTheVariable() throws Exception {
        // ∂L/∂s_j with s_i = softmax given: the s are the variables here, −y_j/s_j (was 0).
        Derivation d = derive("L", "s_j", "L = -\\sum_{k=1}^{3} y_k \\log s_k", "s_i = \\frac{e^{a_i}}{\\sum_{k=1}^{3} e^{a_k}}");
        Map<String, Double> at = vals("j", 2, "s_1", 0.2, "s_2", 0.5, "s_3", 0.3, "y_1", 0.1, "y_2", 0.7, "y_3", 0.2);
        assertValue(-0.7 / 0.5, d, at);
        assertTrue(d.verified(), d.report().toString());
    }

    @Test
    void attentionScoresKeepTheirCrossTerms() throws Exception {
        double q = 0.6;
        double[] k = {0.3, -1.2, 0.9}, v = {1.5, -0.4, 0.7};
        Map<String, Double> at = vals("q", q, "j", 2, "k_1", k[0], "k_2", k[1], "k_3", k[2], "v_1", v[0], "v_2", v[1], "v_3", v[2]);
        java.util.function.BiFunction<Double, Double, Double> o = (qq, k2) -> {
            double[] a = softmax(new double[] {qq * k[0], qq * k2, qq * k[2]});
            return a[0] * v[0] + a[1] * v[1] + a[2] * v[2];
        };
        double[] a = softmax(new double[] {q * k[0], q * k[1], q * k[2]});
        double out = a[0] * v[0] + a[1] * v[1] + a[2] * v[2];
        for (String bounds : List.of("_j", "_{j=1}^{3}")) {
            String[] given = {"e_i = q k_i", "a_i = \\frac{e^{e_i}}{\\sum" + bounds + " e^{e_j}}",
                    "o = \\sum" + bounds.replace('j', 'i') + " a_i v_i"};
            Derivation byQ = derive("o", "q", given);
            double handQ = 0;
            double meanK = a[0] * k[0] + a[1] * k[1] + a[2] * k[2];
            for (int i = 0; i < N; i++) handQ += a[i] * v[i] * (k[i] - meanK);
            assertValue(handQ, byQ, at);
            assertValue(fd(qq -> o.apply(qq, k[1]), q), byQ, at);
            assertNoCapture(byQ.answer());

            Derivation byK = derive("o", "k_j", given);
            assertValue(q * a[1] * (v[1] - out), byK, at);
            assertValue(fd(kk -> o.apply(q, kk), k[1]), byK, at);
            assertNoCapture(byK.answer());
            if (bounds.contains("=")) {
                assertTrue(byQ.verified(), byQ.report().toString());
                assertTrue(byK.verified(), byK.report().toString());
            }
        }
    }

    @Test
    void softmaxOfAVectorWhoseComponentsAreDefined() throws Exception {
        double q = -0.7;
        double[] k = {0.3, -1.2, 0.9}, v = {1.5, -0.4, 0.7};
        Map<String, Double> at = vals("q", q, "k_1", k[0], "k_2", k[1], "k_3", k[2], "v_1", v[0], "v_2", v[1], "v_3", v[2]);
        Derivation d = derive("o", "q", "e_i = q k_i", "a_i = \\operatorname{softmax}(\\mathbf{e})_i", "o = \\sum_{i=1}^{3} a_i v_i");
        DoubleUnaryOperator o = qq -> {
            double[] a = softmax(new double[] {qq * k[0], qq * k[1], qq * k[2]});
            return a[0] * v[0] + a[1] * v[1] + a[2] * v[2];
        };
        assertValue(fd(o, q), d, at);
    }

    @Test
    void aSuperscriptFamilyKeepsItsSum() throws Exception {
        double w = 0.9, b = -0.3;
        double[] x = {0.5, -1.0, 1.4}, y = {0.2, -0.7, 1.0};
        Map<String, Double> at = vals("w", w, "b", b, "n", 3, "x^{(1)}", x[0], "x^{(2)}", x[1], "x^{(3)}", x[2],
                "y^{(1)}", y[0], "y^{(2)}", y[1], "y^{(3)}", y[2]);
        Derivation d = derive("L", "w", "\\hat{y}^{(i)} = w x^{(i)} + b",
                "L = \\frac{1}{n}\\sum_{i=1}^{n} (\\hat{y}^{(i)} - y^{(i)})^2");
        DoubleUnaryOperator flat = v -> {
            double sum = 0;
            for (int i = 0; i < N; i++) sum += Math.pow(v * x[i] + b - y[i], 2);
            return sum / N;
        };
        assertValue(fd(flat, w), d, at);
        assertTrue(d.verified(), d.report().toString());
        // A member with another letter is an instance of the family: ŷ^{(k)} from ŷ^{(i)}.
        Derivation k = derive("L", "w", "\\hat{y}^{(i)} = w x^{(i)} + b",
                "L = \\frac{1}{n}\\sum_{k=1}^{n} (\\hat{y}^{(k)} - y^{(k)})^2");
        assertValue(fd(flat, w), k, at);
    }

    // ------------------------------------------------------------------ unknown functions

    @Test
    void anUnknownFunctionIsAbstractNotATautology() throws Exception {
        Derivation d = derive("s", "x", "s = \\operatorname{mish}(x)");
        Expr question = new Deriv(sym("s"), List.of(sym("x")), true);
        assertNotEquals(question, d.answer(), "∂s/∂x = ∂s/∂x");
        assertFalse(mentionsDerivativeOf(d.answer(), sym("s")), LatexPrinter.print(d.answer()));
        // The answer is the derivative of mish at x, whatever smooth function mish is.
        AbstractFunctions f = AbstractFunctions.random(11);
        Sym mish = new Sym("mish", List.of("rm"), List.of(), SupIndex.NONE);
        double x = 0.45, h = 1e-5;
        double oracle = (f.apply(mish, new double[] {x + h}) - f.apply(mish, new double[] {x - h})) / (2 * h);
        double got = Evaluator.eval(d.answerFlat(), Env.of(Map.of(sym("x"), x)).withFunctions(f));
        assertEquals(oracle, got, 1e-4);
        assertTrue(d.verified(), d.report().toString());
        // written as mish'(x), with a warning that mish has no formula
        assertEquals("\\mathrm{mish}'(x)", LatexPrinter.print(d.answerFlat()));
        assertTrue(d.warnings().stream().anyMatch(w -> w.startsWith("\\mathrm{mish} has no formula here")), d.warnings().toString());
        // f, g, h are unknown on purpose in exercises: no warning
        assertTrue(derive("g(x^2)", "x").warnings().isEmpty());
    }

    // ------------------------------------------------------------------ index hygiene

    @Test
    void collapsingADeltaDoesNotCaptureAnInnerIndex() throws Exception {
        // Σ_m δ_{mj} Σ_j u_{jm} = Σ_l u_{l j}: the inner j is bound and must not become the outer j.
        Expr e = FormulaParser.parseExpr("\\sum_{m=1}^{3} \\delta_{mj} \\sum_{j=1}^{3} u_{jm}");
        Expr simple = Simplifier.simplify(e);
        double[][] u = {{0.1, 0.2, 0.3}, {1.0, 2.0, 3.0}, {-1.0, 5.0, 7.0}};
        Map<String, Double> at = new LinkedHashMap<>();
        at.put("j", 2.0);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) at.put("u_{" + (r + 1) + (c + 1) + "}", u[r][c]);
        double hand = u[0][1] + u[1][1] + u[2][1];
        assertEquals(hand, value(simple, at), 1e-12, LatexPrinter.print(simple));
    }

    @Test
    void aSumInTheAnswerDoesNotReuseAFreeIndex() throws Exception {
        // s_i = e^{a_i}/Σ_j e^{a_j} by a_j: the flat answer must not write Σ_j next to the free j.
        Derivation d = derive("s_i", "a_j", "s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}");
        assertNoCapture(d.answerFlat());
        assertNoCapture(d.answer());
        double[] a = {0.4, -0.3, 0.8};
        double[] s = softmax(a);
        Map<String, Double> at = vals("i", 1, "j", 3, "a_1", a[0], "a_2", a[1], "a_3", a[2]);
        assertValue(-s[0] * s[2], d, at);
        assertValue(s[0] * (1 - s[0]), d, vals("i", 1, "j", 1, "a_1", a[0], "a_2", a[1], "a_3", a[2]));
    }

    // ------------------------------------------------------------------ helpers

    static Derivation derive(String expr, String wrt, String... given) throws Exception {
        List<Expr> g = new ArrayList<>();
        for (String s : given) g.addAll(FormulaParser.parse(s).statements());
        return new Engine().derive(new Engine.Problem(FormulaParser.parseExpr(expr), sym(wrt), g));
    }

    static Sym sym(String latex) {
        try {
            return (Sym) FormulaParser.parseExpr(latex);
        } catch (Exception e) {
            throw new IllegalArgumentException(latex, e);
        }
    }

    static Map<String, Double> vals(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return m;
    }

    /** The answer (flat form, sums without bounds over 1..N) at the point, in chainrule's evaluator. */
    static double value(Expr e, Map<String, Double> at) {
        Map<Sym, Double> env = new LinkedHashMap<>();
        for (Map.Entry<String, Double> en : at.entrySet()) env.put(sym(en.getKey()), en.getValue());
        return Evaluator.eval(bounded(e), Env.of(env));
    }

    static Expr bounded(Expr e) {
        Expr inner = Exprs.mapChildren(e, DefinitionsCasesTest::bounded);
        if (inner instanceof BigOp b && b.from().isEmpty() && b.to().isEmpty())
            return new BigOp(b.kind(), b.index(), Optional.of(Expr.num(1)), Optional.of(Expr.num(N)), b.body());
        return inner;
    }

    /** Both the flat answer and the answer in the user's names (inlined) have the oracle's value. */
    static void assertValue(double oracle, Derivation d, Map<String, Double> at) {
        String shown = LatexPrinter.print(d.answer()) + "  (flat " + LatexPrinter.print(d.answerFlat()) + ")";
        assertEquals(oracle, value(d.answerFlat(), at), 1e-6 * (1 + Math.abs(oracle)), shown);
        Expr named = d.answer();
        for (int round = 0; round < 8; round++) named = inlineAll(named, d.definitions());
        assertEquals(oracle, value(named, at), 1e-6 * (1 + Math.abs(oracle)), "named: " + shown);
    }

    /** The user's names replaced by their definitions (families by index renaming), independently of Definitions. */
    private static Expr inlineAll(Expr e, Map<Sym, Expr> defs) {
        if (e instanceof Sym s) {
            if (defs.containsKey(s)) return defs.get(s);
            for (Map.Entry<Sym, Expr> en : defs.entrySet()) {
                Sym p = en.getKey();
                List<Expr> pi = items(p), si = items(s);
                if (p.name().equals(s.name()) && p.styles().equals(s.styles()) && p.sub().size() == s.sub().size()
                        && p.sup().kind() == s.sup().kind() && pi.size() == 1 && si.size() == 1
                        && pi.get(0) instanceof Sym i && i.name().length() == 1 && i.sub().isEmpty()) {
                    // the definition's bound indices are renamed away from the incoming index
                    return Indices.substitute(en.getValue(), i, si.get(0));
                }
            }
            return s;
        }
        return Exprs.mapChildren(e, c -> inlineAll(c, defs));
    }

    private static List<Expr> items(Sym s) {
        List<Expr> out = new ArrayList<>(s.sub());
        out.addAll(s.sup().items());
        return out;
    }

    static double fd(DoubleUnaryOperator f, double at) {
        double h = 1e-5;
        return (f.applyAsDouble(at + h) - f.applyAsDouble(at - h)) / (2 * h);
    }

    static double sigma(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double[] softmax(double[] z) {
        double sum = 0;
        for (double v : z) sum += Math.exp(v);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) out[i] = Math.exp(z[i]) / sum;
        return out;
    }

    /** No sum's index is also used free in the answer (Σ_j next to a free j reads as capture). */
    static void assertNoCapture(Expr answer) {
        java.util.Set<Sym> free = Indices.free(answer);
        assertFalse(bindsAny(answer, free), "a bound index is also free: " + LatexPrinter.print(answer));
    }

    private static boolean bindsAny(Expr e, java.util.Set<Sym> free) {
        if (e instanceof BigOp b && free.contains(b.index())) return true;
        for (Expr c : Exprs.children(e)) if (bindsAny(c, free)) return true;
        return false;
    }

    private static boolean mentionsDerivativeOf(Expr e, Sym s) {
        if (e instanceof Deriv d && d.f().equals(s)) return true;
        for (Expr c : Exprs.children(e)) if (mentionsDerivativeOf(c, s)) return true;
        return false;
    }
}
