package org.chainrule.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Golden-file tests in the style of google-java-format: {@code <case>.in} beside exactly one expected
 * file {@code <case>.<ext>}, one of the allowed extensions (the kind of result: a tree, an error, a
 * derivation). Pairs are found automatically; an orphan on either side and any stray file fail. With
 * {@code -Dgolden.update=true} the expected files are rewritten, to be reviewed by eye in the diff.
 * Each case also checks that running twice gives the same output.
 */
public final class Golden {
    private Golden() {}

    public static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** The output of one case: which expected file it belongs in, and its text. */
    public record Result(String ext, String text) {}

    public static Stream<DynamicTest> tests(Path dir, List<String> exts, Function<String, Result> run) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : names) {
            int dot = name.lastIndexOf('.');
            String base = dot < 0 ? name : name.substring(0, dot);
            String ext = dot < 0 ? "" : name.substring(dot + 1);
            if (ext.equals("in")) {
                tests.add(DynamicTest.dynamicTest(base, () -> check(dir, base, names, exts, run)));
            } else if (exts.contains(ext)) {
                if (!names.contains(base + ".in"))
                    tests.add(DynamicTest.dynamicTest(name + " (orphan)", () -> fail("no " + base + ".in for " + name)));
            } else {
                tests.add(DynamicTest.dynamicTest(name + " (stray)", () -> fail("unexpected file " + name + " in " + dir)));
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, String base, Set<String> names, List<String> exts, Function<String, Result> run)
            throws IOException {
        String input = Files.readString(dir.resolve(base + ".in"), StandardCharsets.UTF_8);
        // One trailing newline is file hygiene, not part of the input.
        if (input.endsWith("\n")) input = input.substring(0, input.length() - 1);
        Result got = run.apply(input);
        if (UPDATE) {
            for (String e : exts) Files.deleteIfExists(dir.resolve(base + "." + e));
            Files.writeString(dir.resolve(base + "." + got.ext()), got.text(), StandardCharsets.UTF_8);
            return;
        }
        List<String> present = exts.stream().filter(e -> names.contains(base + "." + e)).toList();
        if (present.size() > 1) fail(base + " has several expected files: " + present);
        if (present.isEmpty()) fail("orphan " + base + ".in: no expected file (run with -Dgolden.update=true)");
        String want = Files.readString(dir.resolve(base + "." + present.get(0)), StandardCharsets.UTF_8);
        assertEquals(present.get(0) + "\n" + want, got.ext() + "\n" + got.text(), base + " for input: " + input);
        assertEquals(got, run.apply(input), base + " is not stable");
    }
}
