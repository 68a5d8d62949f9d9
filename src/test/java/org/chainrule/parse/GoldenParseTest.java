package org.chainrule.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files in src/test/resources/golden/parse: {@code <case>.in} holds a formula, and exactly one
 * of {@code <case>.tree} (the {@link TreeText} of a successful parse) or {@code <case>.err}
 * ({@code line:column: reason}). Pairs are found automatically; an orphan on either side fails.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff by eye.
 */
class GoldenParseTest {
    static final Path DIR = Path.of("src/test/resources/golden/parse");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : names) {
            int dot = name.lastIndexOf('.');
            String base = name.substring(0, dot);
            String ext = name.substring(dot + 1);
            switch (ext) {
                case "in" -> tests.add(DynamicTest.dynamicTest(base, () -> check(base, names)));
                case "tree", "err" -> {
                    if (!names.contains(base + ".in"))
                        tests.add(DynamicTest.dynamicTest(name + " (orphan)", () -> fail("no " + base + ".in for " + name)));
                }
                default -> tests.add(DynamicTest.dynamicTest(name + " (stray)", () -> fail("unexpected file " + name)));
            }
        }
        return tests.stream();
    }

    static String actual(String input) {
        try {
            return TreeText.of(FormulaParser.parse(input));
        } catch (ParseException e) {
            return e.line() + ":" + e.column() + ": " + e.reason() + "\n";
        }
    }

    private static void check(String base, Set<String> names) throws IOException {
        String input = Files.readString(DIR.resolve(base + ".in"), StandardCharsets.UTF_8);
        // One trailing newline is file hygiene, not part of the formula.
        if (input.endsWith("\n")) input = input.substring(0, input.length() - 1);
        boolean hasTree = names.contains(base + ".tree");
        boolean hasErr = names.contains(base + ".err");
        String got = actual(input);
        boolean isErr = !got.startsWith("(") && !got.startsWith(";") && !got.isEmpty() && Character.isDigit(got.charAt(0));
        if (UPDATE) {
            Files.deleteIfExists(DIR.resolve(base + ".tree"));
            Files.deleteIfExists(DIR.resolve(base + ".err"));
            Files.writeString(DIR.resolve(base + (isErr ? ".err" : ".tree")), got, StandardCharsets.UTF_8);
            return;
        }
        if (hasTree && hasErr) fail(base + " has both .tree and .err");
        if (!hasTree && !hasErr) fail("orphan " + base + ".in: no .tree or .err (run with -Dgolden.update=true)");
        String want = Files.readString(DIR.resolve(base + (hasTree ? ".tree" : ".err")), StandardCharsets.UTF_8);
        assertEquals(want, got, base + " for input: " + input);
        // Parsing is a function of the input: a second parse gives the same text.
        assertEquals(got, actual(input), base + " is not stable");
    }
}
