package org.chainrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code refers to classes by their simple names, with imports: a fully-qualified name such as
 * {@code org.chainrule.render.Doc.Row} or {@code java.util.Map} in code (not in package and import
 * lines, comments or strings) fails this test.
 */
class QualifiedNamesTest {

    static final Path SOURCES = Path.of("src/main/java");

    /**
     * Files that still have qualified names, with how many. They are being cleaned up on another
     * branch; this list may only shrink: lower a count or drop a file when it is cleaned, never add
     * one or raise a count.
     */
    static final Map<String, Integer> KNOWN = Map.ofEntries(
            Map.entry("org/chainrule/derive/Check.java", 2),
            Map.entry("org/chainrule/derive/Definitions.java", 36),
            Map.entry("org/chainrule/derive/Engine.java", 37),
            Map.entry("org/chainrule/derive/matrix/ComponentView.java", 2),
            Map.entry("org/chainrule/derive/matrix/MatrixAlgebra.java", 1),
            Map.entry("org/chainrule/derive/matrix/MatrixCalculus.java", 6),
            Map.entry("org/chainrule/derive/matrix/MatrixEngine.java", 2),
            Map.entry("org/chainrule/derive/matrix/MatrixRules.java", 11),
            Map.entry("org/chainrule/derive/matrix/MatrixVerifier.java", 6),
            Map.entry("org/chainrule/derive/rules/IndexedSumRule.java", 1),
            Map.entry("org/chainrule/derive/rules/ProductRule.java", 1),
            Map.entry("org/chainrule/derive/rules/VariableRule.java", 2),
            Map.entry("org/chainrule/render/DerivationJson.java", 8),
            Map.entry("org/chainrule/render/DerivationLayout.java", 7),
            Map.entry("org/chainrule/render/DerivationText.java", 16),
            Map.entry("org/chainrule/render/MatrixLayout.java", 1));

    /** A package path of lower-case segments, then a class name: org.chainrule.expr.Expr, java.util.Map, com.fasterxml.jackson.databind.JsonNode. */
    static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(?:org|com|java|javax)(?:\\.[a-z_]\\w*)+\\.[A-Z]\\w*");

    static final Pattern PACKAGE_OR_IMPORT = Pattern.compile("\\s*(package|import)\\b.*");

    @Test
    void codeUsesImportsNotQualifiedNames() throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> names = qualifiedNames(Files.readString(p));
                if (!names.isEmpty()) found.put(SOURCES.relativize(p).toString().replace('\\', '/'), names);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> en : found.entrySet()) {
            int allowed = KNOWN.getOrDefault(en.getKey(), 0);
            if (en.getValue().size() > allowed)
                problems.add(en.getKey() + ": " + en.getValue().size() + " qualified names (allowed " + allowed + "): " + en.getValue());
        }
        assertTrue(problems.isEmpty(), "import these classes instead:\n" + String.join("\n", problems));
    }

    @Test
    void onlyCodeCounts() {
        String source = """
                package org.chainrule.x;

                import java.util.List;
                import static java.util.Map.entry;

                /** See {@link org.chainrule.expr.Expr} and java.util.Map. */
                class A {
                    // java.util.Set in a comment
                    String s = "org.chainrule.render.Doc and \\" java.util.Set";
                    char c = '"';
                    String block = \"""
                            java.util.Optional
                            \""";
                    java.util.Map<String, org.chainrule.expr.Expr.Sym> m; /* java.util.Set */
                    double d = java.lang.Math.abs(-1) + Math.max(1, 2) + this.value.MAX;
                    com.fasterxml.jackson.databind.JsonNode n;
                }
                """;
        assertEquals(List.of("java.util.Map", "org.chainrule.expr.Expr", "java.lang.Math", "com.fasterxml.jackson.databind.JsonNode"),
                qualifiedNames(source));
    }

    /** The qualified class names in the code of a source file, in order. */
    static List<String> qualifiedNames(String source) {
        List<String> out = new ArrayList<>();
        for (String line : codeOnly(source).split("\n")) {
            if (PACKAGE_OR_IMPORT.matcher(line).matches()) continue;
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) out.add(m.group());
        }
        return out;
    }

    /** The source with comments, strings, text blocks and character literals blanked out (lines kept). */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0, n = s.length();
        while (i < n) {
            int end;
            if (s.startsWith("//", i)) end = indexOrEnd(s, "\n", i, 0);
            else if (s.startsWith("/*", i)) end = indexOrEnd(s, "*/", i + 2, 2);
            else if (s.startsWith("\"\"\"", i)) end = textBlockEnd(s, i);
            else if (s.charAt(i) == '"' || s.charAt(i) == '\'') end = literalEnd(s, i);
            else {
                out.append(s.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) out.append(s.charAt(k) == '\n' ? '\n' : ' ');
            i = end;
        }
        return out.toString();
    }

    private static int indexOrEnd(String s, String close, int from, int closeLength) {
        int k = s.indexOf(close, from);
        return k < 0 ? s.length() : k + closeLength;
    }

    /** The index after a text block starting at i (escaped quotes skipped). */
    private static int textBlockEnd(String s, int i) {
        int k = i + 3;
        while (k < s.length() && !s.startsWith("\"\"\"", k)) k += s.charAt(k) == '\\' ? 2 : 1;
        return Math.min(k + 3, s.length());
    }

    /** The index after a string or character literal starting at i (escapes skipped). */
    private static int literalEnd(String s, int i) {
        char quote = s.charAt(i);
        int k = i + 1;
        while (k < s.length() && s.charAt(k) != quote && s.charAt(k) != '\n') k += s.charAt(k) == '\\' ? 2 : 1;
        return Math.min(k + 1, s.length());
    }
}
