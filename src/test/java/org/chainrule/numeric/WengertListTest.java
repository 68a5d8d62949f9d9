package org.chainrule.numeric;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.expr.Rational;
import org.chainrule.numeric.WengertList.Adjoint;
import org.chainrule.numeric.WengertList.Node;
import org.chainrule.numeric.WengertList.Op;
import org.chainrule.numeric.WengertList.Value;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

/** The Wengert list, its forward values and its reverse sweep, on the seeds' example and small cases. */
class WengertListTest {

    static final Sym x = Sym.of("x"), w = Sym.of("w"), b = Sym.of("b");

    static Expr parse(String latex) throws Exception {
        return FormulaParser.parseExpr(latex);
    }

    static Map<Sym, Value> point(Object... symbolThenDecimal) {
        Map<Sym, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < symbolThenDecimal.length; i += 2)
            m.put((Sym) symbolThenDecimal[i], Value.of(Rational.parse((String) symbolThenDecimal[i + 1])));
        return m;
    }

    static String ops(WengertList list) {
        StringBuilder s = new StringBuilder();
        for (Node n : list.nodes())
            s.append(LatexPrinter.print(n.name())).append(" = ").append(LatexPrinter.print(n.operation())).append('\n');
        return s.toString();
    }

    /** δ_{11} and δ_{12} are the constants 1 and 0, never inputs: f = δ_{11} w x + δ_{12} w, so ∂f/∂w = x exactly. */
    @Test
    void numberedKroneckerDeltasAreConstants() throws Exception {
        WengertList list = WengertList.of(parse("\\delta_{11} w x + \\delta_{12} w"), point(w, "0.5", x, "0.3"));
        assertEquals(Optional.of(Rational.parse("0.15")), list.value().exact());
        assertEquals(2, list.gradient().size(), "only w and x are inputs");
        assertEquals(Optional.of(Rational.parse("0.3")), list.gradient().get(w).exact());
    }

    /** Seed 004 Q3: y = x + 1/(wx + b) at x = 0.3, w = 0.5, b = 0.1, the seed's own trace. */
    @Test
    void seed004Question3() throws Exception {
        WengertList list = WengertList.of(parse("x + \\frac{1}{w x + b}"), point(x, "0.3", w, "0.5", b, "0.1"));
        assertEquals("""
                v_{-2} = x
                v_{-1} = w
                v_{0} = b
                v_{1} = v_{-1} v_{-2}
                v_{2} = v_{1} + v_{0}
                v_{3} = \\frac{1}{v_{2}}
                v_{4} = v_{-2} + v_{3}
                """, ops(list));
        assertEquals(4, list.output());
        assertEquals(List.of(Op.INPUT, Op.INPUT, Op.INPUT, Op.MUL, Op.ADD, Op.RECIP, Op.ADD),
                list.nodes().stream().map(Node::op).toList());
        // forward values, exact
        assertEquals(Rational.parse("0.15"), list.node(1).value().exact().orElseThrow());
        assertEquals(Rational.parse("0.25"), list.node(2).value().exact().orElseThrow());
        assertEquals(Rational.of(4), list.node(3).value().exact().orElseThrow());
        assertEquals(Rational.parse("4.3"), list.node(4).value().exact().orElseThrow());
        assertEquals(0.15, list.node(1).value().approx(), 1e-12);
        assertEquals(0.25, list.node(2).value().approx(), 1e-12);
        assertEquals(4, list.node(3).value().approx(), 1e-12);
        assertEquals(4.3, list.node(4).value().approx(), 1e-12);
        // adjoints
        assertEquals(-7, list.adjoint(-2).value().approx(), 1e-9);
        assertEquals(-4.8, list.adjoint(-1).value().approx(), 1e-9);
        assertEquals(-16, list.adjoint(0).value().approx(), 1e-9);
        assertEquals(-16, list.adjoint(1).value().approx(), 1e-9);
        assertEquals(-16, list.adjoint(2).value().approx(), 1e-9);
        assertEquals(1, list.adjoint(3).value().approx(), 1e-9);
        assertEquals(1, list.adjoint(4).value().approx(), 1e-9);
        assertEquals(Rational.of(-7), list.adjoint(-2).value().exact().orElseThrow());
        assertEquals(Rational.parse("-4.8"), list.adjoint(-1).value().exact().orElseThrow());
        assertEquals(Rational.of(-16), list.adjoint(0).value().exact().orElseThrow());
        // the chain rule of each adjoint: consumers from the last back, partials over the v's
        Adjoint a2 = list.adjoint(2);
        assertEquals(1, a2.terms().size());
        assertEquals(3, a2.terms().get(0).consumer());
        assertEquals("-\\frac{1}{v_{2}^{2}}", LatexPrinter.print(a2.terms().get(0).partial()));
        Adjoint am2 = list.adjoint(-2);
        assertEquals(List.of(4, 1), am2.terms().stream().map(WengertList.Term::consumer).toList());
        assertEquals("v_{-1}", LatexPrinter.print(am2.terms().get(1).partial()));
        // the gradient in the order of the inputs
        assertEquals(List.of(x, w, b), List.copyOf(list.gradient().keySet()));
        assertEquals(List.of(4, 3, 2, 1, 0, -1, -2), list.adjoints().stream().map(Adjoint::id).toList());
    }

    @Test
    void inputsAreNumberedInOrderOfFirstAppearance() throws Exception {
        assertEquals(List.of(Sym.of("b"), Sym.of("a"), Sym.of("c")), WengertList.freeSymbols(parse("b \\cdot a + \\sin(c) + a")));
        assertEquals(List.of(Sym.of("w", Expr.num(1)), x), WengertList.freeSymbols(parse("w_1 x")));
        // the index of a sum is bound; x_k is one symbol
        assertEquals(List.of(Sym.of("x", Sym.of("k"))), WengertList.freeSymbols(parse("\\sum_{k=1}^{3} x_k")));
    }

    @Test
    void longSumsAndProductsGoLeftToRightAndMinusSignsSubtract() throws Exception {
        Sym a = Sym.of("a"), c = Sym.of("c");
        WengertList list = WengertList.of(parse("a + b - c + 2 a b c"), point(a, "1", b, "2", c, "3"));
        assertEquals("""
                v_{-2} = a
                v_{-1} = b
                v_{0} = c
                v_{1} = v_{-2} + v_{-1}
                v_{2} = v_{1} - v_{0}
                v_{3} = 2 v_{-2}
                v_{4} = v_{3} v_{-1}
                v_{5} = v_{4} v_{0}
                v_{6} = v_{2} + v_{5}
                """, ops(list));
        assertEquals(Rational.of(12), list.value().exact().orElseThrow());
        // ∂/∂a = 1 + 2bc = 13, ∂/∂b = 1 + 2ac = 7, ∂/∂c = −1 + 2ab = 3
        assertEquals(List.of(13.0, 7.0, 3.0), list.gradient().values().stream().map(Value::approx).toList());
    }

    @Test
    void aSharedSubExpressionIsComputedOnce() throws Exception {
        WengertList list = WengertList.of(parse("\\sigma(w x) (1 - \\sigma(w x))"), point(w, "0.5", x, "2"));
        assertEquals("""
                v_{-1} = w
                v_{0} = x
                v_{1} = v_{-1} v_{0}
                v_{2} = \\sigma(v_{1})
                v_{3} = 1 - v_{2}
                v_{4} = v_{2} v_{3}
                """, ops(list));
        // v_2 feeds two operations, so its adjoint sums two terms
        assertEquals(2, list.adjoint(2).terms().size());
        double s = 1 / (1 + Math.exp(-1));
        double dsdw = s * (1 - s) * 2;
        assertEquals(dsdw * (1 - 2 * s), list.gradient().get(w).approx(), 1e-12);
    }

    @Test
    void unaryOperationsPowersAndDivision() throws Exception {
        WengertList list = WengertList.of(parse("-\\frac{\\exp(x)}{w^2} + \\log(x) + \\sqrt{w} + \\cos(x) \\tanh(w)"),
                point(x, "0.7", w, "1.3"));
        String ops = ops(list);
        assertTrue(ops.contains("= -v_{"), ops);
        assertTrue(ops.contains("= e^{v_{-1}}"), ops);
        assertTrue(ops.contains("= v_{0}^{2}"), ops);
        assertTrue(ops.contains("= \\frac{v_{1}}{v_{2}}"), ops);
        assertTrue(ops.contains("= \\log(v_{-1})"), ops);
        assertTrue(ops.contains("= \\sqrt{v_{0}}"), ops);
        double xv = 0.7, wv = 1.3;
        double dx = -Math.exp(xv) / (wv * wv) + 1 / xv - Math.sin(xv) * Math.tanh(wv);
        double t = Math.tanh(wv);
        double dw = 2 * Math.exp(xv) / (wv * wv * wv) + 0.5 / Math.sqrt(wv) + Math.cos(xv) * (1 - t * t);
        assertEquals(dx, list.gradient().get(x).approx(), 1e-12);
        assertEquals(dw, list.gradient().get(w).approx(), 1e-12);
        assertTrue(list.gradient().get(x).exact().isEmpty(), "exp is not rational");
    }

    @Test
    void theOutputCanBeAnInput() throws Exception {
        WengertList list = WengertList.of(parse("x"), point(x, "2"));
        assertEquals(0, list.output());
        assertEquals(1.0, list.gradient().get(x).approx());
    }

    @Test
    void errorsArePlainWords() throws Exception {
        TraceException missing = assertThrows(TraceException.class, () -> WengertList.of(parse("x + b"), point(x, "1")));
        assertTrue(missing.getMessage().contains("no value for b"), missing.getMessage());
        TraceException relu = assertThrows(TraceException.class,
                () -> WengertList.of(parse("\\operatorname{ReLU}(x)"), point(x, "1")));
        assertTrue(relu.getMessage().contains("cannot take \\operatorname{ReLU}(x)"), relu.getMessage());
        TraceException zero = assertThrows(TraceException.class, () -> WengertList.of(parse("\\frac{1}{x - 1}"), point(x, "1")));
        assertTrue(zero.getMessage().contains("divides by zero"), zero.getMessage());
        TraceException log = assertThrows(TraceException.class, () -> WengertList.of(parse("\\log(x)"), point(x, "-1")));
        assertTrue(log.getMessage().contains("logarithm"), log.getMessage());
        TraceException power = assertThrows(TraceException.class, () -> WengertList.of(parse("x^w"), point(x, "1", w, "2")));
        assertTrue(power.getMessage().contains("numeric exponent"), power.getMessage());
        assertThrows(TraceException.class, () -> WengertList.of(parse("2 + 3"), Map.of()));
    }

    @Test
    void constantsAreFoldedNotNodes() throws Exception {
        WengertList list = WengertList.of(parse("x \\cdot 2 \\cdot 3 + \\pi"), point(x, "1"));
        for (Node n : list.operations())
            assertTrue(n.args().stream().anyMatch(a -> a instanceof WengertList.Var), "an operation on constants only: " + ops(list));
        assertEquals(6, list.gradient().get(x).approx(), 1e-12);
        assertEquals(Optional.empty(), list.value().exact()); // π
    }
}
