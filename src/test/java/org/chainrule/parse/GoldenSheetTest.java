package org.chainrule.parse;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.chainrule.parse.SheetSource.*;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden sheets in src/test/resources/golden/sheet: {@code <case>.in} is a sheet; {@code <case>.out}
 * lists what was read (problems, statements, givens, finds and per-problem errors with their
 * line:column), {@code <case>.err} a sheet-level error.
 */
class GoldenSheetTest {
    static final Path DIR = Path.of("src/test/resources/golden/sheet");

    @TestFactory
    Stream<DynamicTest> golden() {
        return Golden.tests(DIR, List.of("out", "err"), GoldenSheetTest::run);
    }

    static Golden.Result run(String input) {
        try {
            return new Golden.Result("out", dump(SheetParser.parse(input)));
        } catch (ParseException e) {
            return new Golden.Result("err", e.line() + ":" + e.column() + ": " + e.reason() + "\n" + e.excerpt() + "\n");
        }
    }

    static String dump(SheetSource s) {
        StringBuilder b = new StringBuilder();
        s.title().ifPresent(t -> b.append("title: ").append(prose(t)).append('\n'));
        s.author().ifPresent(t -> b.append("author: ").append(prose(t)).append('\n'));
        for (Diagnostic w : s.warnings()) b.append("warning: ").append(w).append('\n');
        for (Problem p : s.problems()) {
            b.append("problem ").append(p.number()).append(" at ").append(p.at().line()).append(':').append(p.at().column())
                    .append(": ").append(prose(p.title())).append('\n');
            for (Prose para : p.statement()) b.append("  text: ").append(prose(para)).append('\n');
            for (Expr g : p.given()) b.append("  given: ").append(LatexPrinter.print(g)).append('\n');
            for (var f : p.functions()) b.append("  function: ").append(LatexPrinter.print(f)).append('\n');
            for (Find f : p.finds()) {
                b.append("  find: ").append(LatexPrinter.print(f.target())).append("  wrt ").append(LatexPrinter.print(f.wrt()));
                if (f.flat()) b.append("  flat");
                if (!f.inTermsOf().isEmpty()) b.append("  in terms of ").append(f.inTermsOf().stream().map(LatexPrinter::print).toList());
                f.updateRate().ifPresent(r -> b.append("  update with rate ").append(LatexPrinter.print(r)));
                b.append('\n');
            }
            for (Directive d : p.numeric()) {
                b.append("  ").append(d.name());
                d.option().ifPresent(o -> b.append('[').append(o).append(']'));
                for (List<Expr> arg : d.args()) b.append(" {").append(String.join(", ", arg.stream().map(LatexPrinter::print).toList())).append('}');
                b.append(" at ").append(d.at().line()).append(':').append(d.at().column()).append('\n');
            }
            for (Claim c : p.claims()) {
                b.append("  check");
                c.option().ifPresent(o -> b.append('[').append(o).append(']'));
                b.append(" at ").append(c.at().line()).append(':').append(c.at().column()).append(": ").append(LatexPrinter.print(c.lhs())).append('\n');
                for (ClaimLine l : c.lines())
                    b.append("    = ").append(LatexPrinter.print(l.rhs())).append("  at ").append(l.at().line()).append(':').append(l.at().column()).append('\n');
            }
            for (Prose n : p.notes()) b.append("  note: ").append(prose(n)).append('\n');
            for (ParseException e : p.errors()) b.append("  error ").append(e.line()).append(':').append(e.column()).append(": ").append(e.reason()).append('\n');
        }
        return b.toString();
    }

    static String prose(Prose p) {
        StringBuilder b = new StringBuilder();
        for (Piece x : p.pieces()) {
            switch (x) {
                case Words w -> b.append(w.text());
                case InlineMath m -> b.append('$').append(LatexPrinter.print(m.expr())).append('$');
                case TextMath m -> b.append("text$").append(m.latex()).append('$'); // kept as written, whitelisted
            }
        }
        return b.toString().replaceAll("\\s+", " ").strip();
    }
}
