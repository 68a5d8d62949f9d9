package org.chainrule.expr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chainrule.expr.Expr.Sym;
import org.chainrule.expr.Shapes.Shape;
import org.chainrule.expr.Shapes.ShapeException;
import org.chainrule.parse.FormulaParser;
import org.junit.jupiter.api.Test;

class ShapesTest {
    static Map<Sym, Shape> decl(String... givens) throws Exception {
        List<Expr> g = new ArrayList<>();
        for (String s : givens) g.addAll(FormulaParser.parse(s).statements());
        return Shapes.declarations(g);
    }

    static String shape(String e, Map<Sym, Shape> d) throws Exception {
        return Shapes.of(FormulaParser.parseExpr(e), d).toString();
    }

    @Test
    void seed003ShapesAreInferred() throws Exception {
        Map<Sym, Shape> d = decl("\\mathbf{x} \\in \\mathbb{R}^{n \\times 1}", "A \\in \\mathbb{R}^{n \\times n}", "\\mathbf{z} \\in \\mathbb{R}^{n \\times 1}",
                "X \\in \\mathbb{R}^{n \\times m}", "\\mathbf{w} \\in \\mathbb{R}^{m}", "\\mathbf{y} \\in \\mathbb{R}^{n}", "W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{b} \\in \\mathbb{R}^{m}");
        assertEquals("n \\times 1", shape("A \\mathbf{x}", d));
        assertEquals("1 \\times n", shape("\\mathbf{x}^T", d));
        assertEquals("1 \\times 1", shape("\\mathbf{x}^T (A \\mathbf{x} + \\mathbf{z})", d));
        assertEquals("n \\times 1", shape("X \\mathbf{w} - \\mathbf{y}", d));
        assertEquals("1 \\times 1", shape("\\frac{1}{2} \\|X \\mathbf{w} - \\mathbf{y}\\|^2", d));
        assertEquals("m \\times 1", shape("\\sigma(W \\mathbf{x} + \\mathbf{b})", d));
        assertEquals("m \\times n", shape("\\frac{\\partial L}{\\partial W}", d));
        assertEquals("1 \\times 1", shape("3 \\mathbf{x}^T A^T A \\mathbf{x}", d));
    }

    @Test
    void mismatchesNameTheOperandsAndTheirShapes() throws Exception {
        Map<Sym, Shape> d = decl("W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{y} \\in \\mathbb{R}^{m}", "\\mathbf{x} \\in \\mathbb{R}^{n}");
        ShapeException e = assertThrows(ShapeException.class, () -> shape("W \\mathbf{y}", d));
        assertEquals("cannot multiply W (m \\times n) by \\mathbf{y} (m \\times 1): the columns of the first (n) must match the rows of the second (m)", e.getMessage());
        ShapeException add = assertThrows(ShapeException.class, () -> shape("W \\mathbf{x} + \\mathbf{x}", d));
        assertTrue(add.getMessage().startsWith("cannot add W \\mathbf{x} (m \\times 1) and \\mathbf{x} (n \\times 1)"), add.getMessage());
        assertThrows(ShapeException.class, () -> shape("\\mathbf{x}^2", d));
        assertThrows(ShapeException.class, () -> shape("\\mathbf{x} \\odot \\mathbf{y}", d));
    }

    @Test
    void undeclaredSymbolsAreScalars() throws Exception {
        assertEquals("1 \\times 1", shape("w x + \\mathbf{v}", Map.of()));
        assertEquals("2 \\times 1", shape("\\begin{bmatrix} w \\\\ 1 \\end{bmatrix}", Map.of()));
    }
}
