package org.chainrule.expr;

import static org.chainrule.expr.Ex.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.chainrule.expr.Expr.*;
import org.junit.jupiter.api.Test;

class TreePrinterTest {

    @Test
    void difference() {
        assertEquals("""
                Add
                ├─ Sym x
                └─ Mul
                   ├─ Num -1
                   └─ Sym y
                """, TreePrinter.print(sub(x, y)));
    }

    @Test
    void kroneckerDeltaIsItsOwnNode() {
        assertEquals("Kronecker delta [i, j]\n", TreePrinter.print(new Kronecker(i, Sym.of("j"))));
        assertEquals("""
                Kronecker delta [#1, 2]
                └─ index #1: Add
                   ├─ Sym i
                   └─ Num 1
                """, TreePrinter.print(new Kronecker(new Add(List.of(i, num(1))), num(2))));
    }

    @Test
    void numbersShowExactness() {
        assertEquals("Num 1/2\n", TreePrinter.print(frac(1, 2)));
        assertEquals("Num 1/2 (decimal)\n", TreePrinter.print(dec("0.5")));
        assertEquals("Num -3\n", TreePrinter.print(num(-3)));
    }

    @Test
    void symbolIdentityIsComplete() {
        Sym s = sup(ix(styled("y", "hat"), k, ix(Sym.of("h"), num(1))), SupKind.PAREN, i);
        assertEquals("""
                Sym y styles=[hat] sub=[k, #1] sup=(i)
                └─ sub #1: Sym h sub=[1]
                """, TreePrinter.print(s));
        assertEquals("Sym W sup=[2]\n", TreePrinter.print(sup(W, SupKind.BRACKET, num(2))));
        assertEquals("Sym w sup=*\n", TreePrinter.print(sup(w, SupKind.STAR)));
        assertEquals("Sym inp styles=[rm]\n", TreePrinter.print(styled("inp", "rm")));
    }

    @Test
    void functionsAndRoles() {
        assertEquals("""
                Pow
                ├─ base: Apply SIGMOID
                │  └─ arg: Sym z
                └─ exponent: Num 2
                """, TreePrinter.print(pow(sigma(z), 2)));
        assertEquals("""
                Apply log with base
                ├─ log base: Num 2
                └─ arg: Sym x
                """, TreePrinter.print(new Apply(new LogBase(num(2)), List.of(x))));
        assertEquals("""
                Apply abstract h sub=[\\theta] '' (derivative order 2)
                └─ arg: Sym x
                """, TreePrinter.print(prime(new Abstract(ix(Sym.of("h"), greek("theta"))), 2, x)));
    }

    @Test
    void structures() {
        Expr e = new Rel(List.of(num(0), p, num(1)), List.of(RelOp.LE, RelOp.LT));
        assertEquals("""
                Rel LE LT
                ├─ Num 0
                ├─ Sym p
                └─ Num 1
                """, TreePrinter.print(e));
        Expr pw = new Piecewise(List.of(new Case(z, rel(z, RelOp.GT, num(0)))), Optional.of(num(0)));
        assertEquals("""
                Piecewise
                ├─ Case
                │  ├─ value: Sym z
                │  └─ if: Rel GT
                │     ├─ Sym z
                │     └─ Num 0
                └─ otherwise: Num 0
                """, TreePrinter.print(pw));
        assertEquals("""
                BigOp SUM
                ├─ index: Sym i
                ├─ from: Num 1
                ├─ to: Sym n
                └─ body: Sym x sub=[i]
                """, TreePrinter.print(sum(i, num(1), n, ix(x, i))));
        assertEquals("""
                Deriv partial
                ├─ f: Sym E
                ├─ wrt: Sym w sub=[1]
                └─ wrt: Sym w sub=[1]
                """, TreePrinter.print(pd(E, ix(w, num(1)), ix(w, num(1)))));
        assertEquals("""
                Limit from above
                ├─ var: Sym p
                ├─ to: Num 0
                └─ body: Sym p
                """, TreePrinter.print(new Limit(p, p, num(0), 1)));
        assertEquals("""
                Matrix 2×1
                ├─ row 1
                │  └─ Sym a
                └─ row 2
                   └─ Sym b
                """, TreePrinter.print(matrix(List.of(List.of(a), List.of(b)))));
        assertEquals("""
                Space R
                ├─ dim: Sym n
                └─ dim: Num 1
                """, TreePrinter.print(new Space("R", List.of(n, num(1)))));
    }

    @Test
    void everyRowOfThePrinterTablePrintsATree() {
        for (LatexPrinterTest.Row row : LatexPrinterTest.rows()) {
            String tree = TreePrinter.print(row.tree());
            assertEquals(true, tree.endsWith("\n") && !tree.isBlank(), row.name());
        }
    }
}
