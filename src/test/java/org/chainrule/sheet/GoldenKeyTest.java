package org.chainrule.sheet;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.derive.Engine;
import org.chainrule.parse.ParseException;
import org.chainrule.parse.SheetParser;
import org.chainrule.render.LatexWriter;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden keys in src/test/resources/golden/key: {@code <case>.in} is a sheet, {@code <case>.tex} the
 * body of its key as LaTeX, in the sheet's detail (brief unless it says \detail{full}). One case per
 * thing a handwritten solution does: parts citing each other, answers in a TA's identities, numbers
 * factor by factor. Read the diff by eye after {@code -Dgolden.update=true}.
 */
class GoldenKeyTest {
    static final Path DIR = Path.of("src/test/resources/golden/key");

    @TestFactory
    Stream<DynamicTest> golden() {
        return Golden.tests(DIR, List.of("tex", "err"), GoldenKeyTest::run);
    }

    static Golden.Result run(String input) {
        try {
            AnswerKey key = AnswerKey.of(SheetParser.parse(input), Engine::new);
            StringBuilder failures = new StringBuilder();
            for (AnswerKey.Failure f : key.failures()) failures.append("% failure ").append(f.line()).append(':').append(f.column()).append(' ').append(f.message()).append('\n');
            return new Golden.Result("tex", failures + LatexWriter.fragment(key.doc()));
        } catch (ParseException e) {
            return new Golden.Result("err", e.line() + ":" + e.column() + ": " + e.reason() + "\n");
        }
    }
}
