package org.chainrule.derive;

import static org.chainrule.expr.Expr.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.chainrule.expr.BuiltinFn;
import org.chainrule.expr.Expr;
import org.chainrule.expr.Expr.*;
import org.junit.jupiter.api.Test;

class SoftmaxSmokeTest {
    Sym i = Sym.of("i"), j = Sym.of("j"), k = Sym.of("k"), c = Sym.of("c");
    Sym si = Sym.of("s", i), aj = Sym.of("a", j);

    @Test
    void softmaxByDefinition() {
        Expr def = div(apply(BuiltinFn.EXP, Sym.of("a", i)),
                new BigOp(BigOpKind.SUM, k, Optional.of(num(1)), Optional.of(c), apply(BuiltinFn.EXP, Sym.of("a", k))));
        Derivation d = new Engine().derive(new Engine.Problem(si, aj, List.of(Rel.of(si, RelOp.EQ, def))));
        System.out.println("softmax answer " + org.chainrule.expr.LatexPrinter.print(d.answer()));
        System.out.println("softmax flat " + org.chainrule.expr.LatexPrinter.print(d.answerFlat()));
        d.report().failures().forEach(f -> System.out.println("FAIL " + f.path() + " " + f.rule() + " exp=" + f.expected() + " got=" + f.got() + " at " + f.point()));
        assertTrue(d.verified());
    }

    @Test
    void crossEntropyOverSoftmax() {
        Expr def = div(apply(BuiltinFn.EXP, Sym.of("a", i)),
                new BigOp(BigOpKind.SUM, k, Optional.of(num(1)), Optional.of(c), apply(BuiltinFn.EXP, Sym.of("a", k))));
        Sym J = Sym.of("J");
        Expr jdef = neg(new BigOp(BigOpKind.SUM, k, Optional.of(num(1)), Optional.of(c), mul(Sym.of("y", k), apply(BuiltinFn.LOG, Sym.of("s", k)))));
        Expr fact = Rel.of(new BigOp(BigOpKind.SUM, k, Optional.of(num(1)), Optional.of(c), Sym.of("y", k)), RelOp.EQ, num(1));
        Derivation d = new Engine().derive(new Engine.Problem(J, aj, List.of(Rel.of(si, RelOp.EQ, def), Rel.of(J, RelOp.EQ, jdef), fact)));
        List<Expr> given = List.of(Rel.of(si, RelOp.EQ, def), Rel.of(J, RelOp.EQ, jdef), fact);
        Definitions defs = Definitions.of(given);
        System.out.println("combined " + org.chainrule.expr.LatexPrinter.print(d.combined()));
        Expr ex = org.chainrule.simplify.Simplifier.simplify(org.chainrule.simplify.Expand.expand(d.combined()));
        System.out.println("expanded " + org.chainrule.expr.LatexPrinter.print(ex));
        System.out.println("facts " + org.chainrule.expr.LatexPrinter.print(defs.applyFacts(ex)));
        System.out.println("backsub " + org.chainrule.expr.LatexPrinter.print(defs.backSubstitute(defs.applyFacts(ex), null)));
        System.out.println("CE answer " + org.chainrule.expr.LatexPrinter.print(d.answer()));
        d.report().failures().forEach(f -> System.out.println("FAIL " + f.path() + " " + f.rule() + " exp=" + f.expected() + " got=" + f.got() + " at " + f.point()));
    }
}
