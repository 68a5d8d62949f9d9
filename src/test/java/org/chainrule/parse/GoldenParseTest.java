package org.chainrule.parse;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.chainrule.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files in src/test/resources/golden/parse: {@code <case>.in} holds a formula, and exactly one
 * of {@code <case>.tree} (the {@link TreeText} of a successful parse) or {@code <case>.err}
 * ({@code line:column: reason}). See {@link Golden} for the harness and {@code -Dgolden.update=true}.
 */
class GoldenParseTest {
    static final Path DIR = Path.of("src/test/resources/golden/parse");

    @TestFactory
    Stream<DynamicTest> golden() {
        return Golden.tests(DIR, List.of("tree", "err"), GoldenParseTest::actual);
    }

    static Golden.Result actual(String input) {
        try {
            return new Golden.Result("tree", TreeText.of(FormulaParser.parse(input)));
        } catch (ParseException e) {
            return new Golden.Result("err", e.line() + ":" + e.column() + ": " + e.reason() + "\n");
        }
    }
}
