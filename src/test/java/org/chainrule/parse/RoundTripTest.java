package org.chainrule.parse;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.expr.Expr;
import org.chainrule.expr.LatexPrinter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The printer's contract: for every test input that parses, parse(print(parse(s))) == parse(s),
 * statement by statement. Inputs: the golden parse cases, the seed corpus and the round-trip list.
 */
class RoundTripTest {

    static List<String[]> inputs() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/parse"))) {
            for (Path p : files.sorted().toList())
                if (p.toString().endsWith(".in")) out.add(new String[] {p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8).strip()});
        }
        for (Corpus c : Corpus.load()) if (c.ok()) out.add(new String[] {"seeds.tsv:" + c.lineNumber(), c.latex()});
        List<String> cases = Files.readAllLines(Path.of("src/test/resources/roundtrip/cases.txt"), StandardCharsets.UTF_8);
        for (int i = 0; i < cases.size(); i++) {
            String l = cases.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) out.add(new String[] {"cases.txt:" + (i + 1), l});
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> printedFormulasParseBackToTheSameTree() throws IOException {
        return inputs().stream().map(in -> DynamicTest.dynamicTest(in[0], () -> {
            Parsed first;
            try {
                first = FormulaParser.parse(in[1]);
            } catch (ParseException e) {
                return; // a reject case: nothing to round-trip
            }
            for (Expr e : first.statements()) {
                String printed = LatexPrinter.print(e);
                Expr again;
                try {
                    again = FormulaParser.parseExpr(printed);
                } catch (ParseException ex) {
                    fail("printed form does not parse: " + printed + "\n" + ex.format("printed"));
                    return;
                }
                assertEquals(TreeText.of(e), TreeText.of(again), "input: " + in[1] + "\nprinted: " + printed);
            }
        }));
    }
}
