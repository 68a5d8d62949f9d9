package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example of README.md and docs/ (every {@code .md} under it) that runs chainrule, in-process
 * from the repository's root, and compares it with what the page shows.
 *
 * <ul>
 *   <li>A {@code ```console} block is a terminal session. A line starting with {@code $ } is a command; the lines
 *       after it, up to the next command, are what it prints, standard output and standard error together in the
 *       order written. {@code $ echo $?} followed by a number gives the exit code of the command before it; without
 *       it the command must exit 0. In the expected output, a line that is just {@code …} stands for any number of
 *       lines (none too), and a line ending in {@code …} for any line that starts with the text before it: that is
 *       how an example shows an excerpt, or leaves out what changes from run to run. Every command in a console
 *       block runs chainrule.
 *   <li>A {@code ```sh} block holds commands without their output. Each line that runs chainrule is run and must
 *       exit 0; other lines (git, the test script) are not run.
 * </ul>
 *
 * A command is {@code ./chainrule ARGS} or {@code chainrule ARGS}; the arguments are split as a POSIX shell
 * splits them (single and double quotes, backslashes, a {@code #} comment, a trailing {@code \} continuing the
 * line), and {@code < FILE} is standard input. Files the example writes ({@code -o}, {@code --report},
 * {@code --summary}, {@code --gradescope}) go under a new temporary directory, by the relative path the page gives
 * (which is how the page shows it in messages); an example that would write next to a sheet or into the working
 * directory, or that never ends ({@code --watch}), fails the test.
 * A mismatch fails with the page, the line, and a diff ({@code -} the page, {@code +} chainrule).
 */
class ReadmeExamplesTest {

    /** An example: where it is, its command, what it should print (null: not compared) and exit with. */
    record Example(String file, int line, String command, List<String> expected, int exit) {
        String where() {
            return file + ":" + line;
        }
    }

    /** A finished in-process run: exit code and everything printed, standard output and error interleaved. */
    record Run(int exitCode, String output) {}

    static final String ANY_LINES = "…";
    private static final Set<String> OUTPUT_OPTIONS = Set.of("-o", "--output", "--report", "--summary", "--gradescope");

    @TempDir
    static Path outputs;

    // ------------------------------------------------------------------ the pages

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The examples of one page, in order. */
    static List<Example> examples(String file, String text) {
        List<Example> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i);
            if (!fence.startsWith("```")) continue;
            String lang = fence.substring(3).strip();
            int start = i + 1, end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) end++;
            List<String> body = joinContinuations(lines.subList(start, end));
            switch (lang) {
                case "console" -> out.addAll(session(file, start + 1, body));
                case "sh" -> {
                    for (int k = 0; k < body.size(); k++) {
                        String l = body.get(k);
                        if (runsChainrule(l)) out.add(new Example(file, start + 1 + k, l, null, 0));
                    }
                }
                default -> { }
            }
            i = end;
        }
        return out;
    }

    /** A console block as commands and their expected output. Line numbers are those of the page. */
    private static List<Example> session(String file, int firstLine, List<String> body) {
        List<Example> out = new ArrayList<>();
        int k = 0;
        while (k < body.size()) {
            String line = body.get(k);
            if (line.isBlank()) { // between commands
                k++;
                continue;
            }
            if (!line.startsWith("$ ")) {
                throw new AssertionError(file + ":" + (firstLine + k) + ": a console block starts each command with '$ ': " + line);
            }
            String command = line.substring(2);
            if (!runsChainrule(command))
                throw new AssertionError(file + ":" + (firstLine + k) + ": a console block runs chainrule, not: " + command);
            int at = firstLine + k;
            List<String> expected = new ArrayList<>();
            k++;
            while (k < body.size() && !body.get(k).startsWith("$ ")) expected.add(body.get(k++));
            int exit = 0;
            if (k < body.size() && body.get(k).equals("$ echo $?")) {
                if (k + 1 >= body.size()) throw new AssertionError(file + ":" + (firstLine + k) + ": '$ echo $?' without the code");
                exit = Integer.parseInt(body.get(k + 1).strip());
                k += 2;
            }
            while (!expected.isEmpty() && expected.getLast().isBlank()) expected.removeLast(); // a blank line between commands
            out.add(new Example(file, at, command, List.copyOf(expected), exit));
        }
        return out;
    }

    /** A line ending in a backslash continues on the next; the joined line keeps the first's number (the rest become blank). */
    private static List<String> joinContinuations(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder pending = null;
        int blanks = 0;
        for (String l : lines) {
            if (pending != null) {
                pending.append(' ').append(l.strip());
                blanks++;
            } else {
                pending = new StringBuilder(l);
            }
            if (pending.toString().endsWith("\\") && !pending.toString().endsWith("\\\\")) {
                pending.setLength(pending.length() - 1);
                continue;
            }
            out.add(pending.toString());
            for (; blanks > 0; blanks--) out.add("");
            pending = null;
        }
        if (pending != null) out.add(pending.toString());
        return out;
    }

    private static boolean runsChainrule(String line) {
        return line.startsWith("./chainrule ") || line.startsWith("chainrule ") || line.equals("./chainrule");
    }

    // ------------------------------------------------------------------ running

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAsThePageShows() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            for (Example e : examples(page.toString(), Files.readString(page))) {
                tests.add(DynamicTest.dynamicTest(e.where() + " " + e.command(), () -> check(e)));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static void check(Example e) throws IOException {
        Run r = run(e);
        String header = e.where() + ": $ " + e.command();
        if (e.expected() != null && !matches(e.expected(), r.output().lines().toList()))
            fail(header + "\nthe output differs from the page (- the page, + chainrule):\n"
                    + diff(e.expected(), r.output().lines().toList()));
        if (r.exitCode() != e.exit()) fail(header + "\nexit " + r.exitCode() + ", the page says " + e.exit() + "\n" + r.output());
    }

    /** Runs the example's command in-process, its outputs redirected, with the page's standard input if any. */
    static Run run(Example e) throws IOException {
        List<String> words = words(e.command());
        words.removeFirst(); // ./chainrule
        String stdin = null;
        int redirect = words.indexOf("<");
        if (redirect >= 0) {
            if (redirect + 1 >= words.size()) throw new AssertionError(e.where() + ": '<' without a file");
            stdin = Files.readString(Path.of(words.get(redirect + 1)));
            words.remove(redirect + 1);
            words.remove(redirect);
        }
        for (String w : words)
            if (w.startsWith(">") || w.equals("|") || w.equals("&&"))
                throw new AssertionError(e.where() + ": an example runs one chainrule command, without '" + w + "'");
        Path into = Files.createTempDirectory(outputs, "example");
        List<String> args = redirected(e, words, into);

        StringWriter both = new StringWriter();
        PrintWriter w = new PrintWriter(both, true);
        InputStream savedIn = System.in;
        String savedTty = System.getProperty(InputOptions.STDIN_TTY_PROPERTY);
        System.setProperty(InputOptions.STDIN_TTY_PROPERTY, String.valueOf(stdin == null));
        if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        Set<String> before = Cli.workingDirectory();
        try {
            int code = Main.commandLine().out(w).err(w).execute(args.toArray(String[]::new));
            Set<String> left = new TreeSet<>(Cli.workingDirectory());
            left.removeAll(before);
            if (!left.isEmpty()) throw new AssertionError(e.where() + ": the example left " + left + " in the working directory");
            return new Run(code, both.toString().replace(into + "/", "")); // paths as the page wrote them
        } finally {
            System.setIn(savedIn);
            if (savedTty == null) System.clearProperty(InputOptions.STDIN_TTY_PROPERTY);
            else System.setProperty(InputOptions.STDIN_TTY_PROPERTY, savedTty);
        }
    }

    /**
     * The arguments with every relative path an output option names moved under {@code into} (an absolute one is
     * the place the example means). A command that would write somewhere else (a key next to its sheet,
     * formula.pdf in the working directory) is refused.
     */
    private static List<String> redirected(Example e, List<String> words, Path into) {
        List<String> args = new ArrayList<>(words);
        boolean named = false;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (!OUTPUT_OPTIONS.contains(args.get(i)) || args.get(i + 1).equals("-")) continue;
            String value = args.get(i + 1);
            if (!Path.of(value).isAbsolute()) args.set(i + 1, into + "/" + value);
            if (args.get(i).equals("-o") || args.get(i).equals("--output")) named = true;
            i++;
        }
        for (String a : args)
            if (a.startsWith("--output=") || (a.startsWith("-o") && a.length() > 2))
                throw new AssertionError(e.where() + ": write '-o FILE' with a space, so the test can redirect it: " + a);
        if (args.contains("--watch")) throw new AssertionError(e.where() + ": --watch never ends; show it in a text block");
        String command = args.isEmpty() ? "" : args.getFirst();
        int format = args.indexOf("--format");
        boolean pdf = format >= 0 && format + 1 < args.size() && args.get(format + 1).equals("pdf");
        boolean writes = command.equals("key") || command.equals("pdf") || (command.equals("check") && pdf);
        boolean help = args.contains("--help") || args.contains("-h");
        if (writes && !named && !help)
            throw new AssertionError(e.where() + ": this example would write into the repository; give it '-o FILE'");
        return args;
    }

    /** The words of a shell command line: quotes, backslashes and a comment as a POSIX shell reads them. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' in: " + line);
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '$' || d == '`') throw new IllegalArgumentException("expansions are not supported: " + line);
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) d = line.charAt(++j);
                    w.append(d);
                }
                if (j >= line.length()) throw new IllegalArgumentException("unclosed \" in: " + line);
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < line.length()) w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else if (c == '#' && !inWord) {
                break;
            } else if ((c == '$' || c == '`' || c == '*' || c == '?') && !inWord) {
                throw new IllegalArgumentException("expansions are not supported: " + line);
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(w.toString());
        return out;
    }

    // ------------------------------------------------------------------ comparing

    /** Whether the lines match the page's: "…" alone is any lines, a line ending in "…" any line with that start. */
    static boolean matches(List<String> expected, List<String> actual) {
        Boolean[][] memo = new Boolean[expected.size() + 1][actual.size() + 1];
        return matches(expected, 0, actual, 0, memo);
    }

    private static boolean matches(List<String> expected, int i, List<String> actual, int j, Boolean[][] memo) {
        if (memo[i][j] != null) return memo[i][j];
        boolean result;
        if (i == expected.size()) {
            result = j == actual.size();
        } else if (isAnyLines(expected.get(i))) {
            result = false;
            for (int k = j; k <= actual.size() && !result; k++) result = matches(expected, i + 1, actual, k, memo);
        } else {
            result = j < actual.size() && lineMatches(expected.get(i), actual.get(j)) && matches(expected, i + 1, actual, j + 1, memo);
        }
        memo[i][j] = result;
        return result;
    }

    static boolean lineMatches(String expected, String actual) {
        String e = expected.stripTrailing(), a = actual.stripTrailing();
        if (e.endsWith(ANY_LINES) && !isAnyLines(e)) return a.startsWith(e.substring(0, e.length() - ANY_LINES.length()));
        return e.equals(a);
    }

    /**
     * A line diff of the page against the output: the alignment with the fewest lines marked, where a page line
     * matches an output line under {@link #lineMatches} and a page line "…" takes any output lines (not shown).
     * Of equally short alignments, a page line missing comes before an output line added, as in a unified diff.
     */
    static String diff(List<String> expected, List<String> actual) {
        int n = expected.size(), m = actual.size();
        int[][] cost = new int[n + 1][m + 1]; // lines marked to align expected[i..] with actual[j..]
        for (int i = n; i >= 0; i--) {
            for (int j = m; j >= 0; j--) {
                if (i == n) cost[i][j] = m - j;
                else if (isAnyLines(expected.get(i))) cost[i][j] = Math.min(cost[i + 1][j], j < m ? cost[i][j + 1] : Integer.MAX_VALUE);
                else {
                    int c = 1 + cost[i + 1][j];
                    if (j < m) c = Math.min(c, 1 + cost[i][j + 1]);
                    if (j < m && lineMatches(expected.get(i), actual.get(j))) c = Math.min(c, cost[i + 1][j + 1]);
                    cost[i][j] = c;
                }
            }
        }
        StringBuilder b = new StringBuilder();
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && isAnyLines(expected.get(i))) {
                if (j < m && cost[i][j + 1] < cost[i + 1][j]) {
                    j++; // taken by "…", only when that marks fewer lines: a line that can match shows
                } else {
                    b.append("  ").append(expected.get(i)).append('\n');
                    i++;
                }
            } else if (i < n && j < m && lineMatches(expected.get(i), actual.get(j)) && cost[i][j] == cost[i + 1][j + 1]) {
                b.append("  ").append(actual.get(j)).append('\n');
                i++;
                j++;
            } else if (i < n && cost[i][j] == 1 + cost[i + 1][j]) {
                b.append("- ").append(expected.get(i)).append('\n');
                i++;
            } else {
                b.append("+ ").append(actual.get(j)).append('\n');
                j++;
            }
        }
        return b.toString();
    }

    private static boolean isAnyLines(String line) {
        return line.strip().equals(ANY_LINES);
    }

    // ------------------------------------------------------------------ the test's own rules

    @Test
    void wordsAreSplitAsAShellSplitsThem() {
        assertEquals(List.of("./chainrule", "parse", "\\frac{"), words("./chainrule parse '\\frac{'"));
        assertEquals(List.of("derive", "g'(w x)", "--wrt", "w"), words("derive \"g'(w x)\" --wrt w"));
        assertEquals(List.of("a b", "c\\d", "e\"f"), words("a\\ b 'c\\d' \"e\\\"f\"   # a comment"));
        assertEquals(List.of("x#y"), words("x#y"));
    }

    @Test
    void aSessionIsCommandsWithTheirOutputAndExitCodes() {
        String page = String.join("\n", "text", "```console", "$ ./chainrule parse '\\frac{'", "<arg>:1:6: oops", "$ echo $?", "65",
                "", "$ chainrule parse x   # a comment", "x", "```", "```sh", "git clone x", "./chainrule derive 'x^2' \\",
                "    --wrt x", "./scripts/test", "```", "```text", "chainrule pdf x", "```");
        List<Example> ex = examples("P.md", page);
        assertEquals(List.of(new Example("P.md", 3, "./chainrule parse '\\frac{'", List.of("<arg>:1:6: oops"), 65),
                new Example("P.md", 8, "chainrule parse x   # a comment", List.of("x"), 0),
                new Example("P.md", 13, "./chainrule derive 'x^2'  --wrt x", null, 0)), ex);
    }

    @Test
    void elisionsMatchAnyLinesAndPrefixes() {
        assertTrue(matches(List.of("a", "…", "d"), List.of("a", "b", "c", "d")));
        assertTrue(matches(List.of("a", "…", "d"), List.of("a", "d")));
        assertTrue(matches(List.of("verified yes: at …"), List.of("verified yes: at 74 points")));
        assertFalse(matches(List.of("a", "…", "d"), List.of("a", "b", "c")));
        assertFalse(matches(List.of("a", "b"), List.of("a", "b", "c")), "without '…' every line counts");
        assertFalse(matches(List.of("verified yes: at …"), List.of("verified NO")));
        assertEquals("  a\n- b\n+ B\n  c\n", diff(List.of("a", "b", "c"), List.of("a", "B", "c")));
        assertEquals("  a\n  …\n- z\n", diff(List.of("a", "…", "z"), List.of("a", "x", "y")), "the lines '…' takes are not shown");
        assertEquals("  a\n  …\n  z\n+ extra\n", diff(List.of("a", "…", "z"), List.of("a", "x", "z", "extra")));
    }

    @Test
    void anExampleThatWouldWriteIntoTheRepositoryIsRefused() {
        Example key = new Example("P.md", 1, "./chainrule key samples/seed-000-smooth-l1.tex", null, 0);
        AssertionError e = assertThrows(AssertionError.class, () -> run(key));
        assertTrue(e.getMessage().contains("give it '-o FILE'"), e.getMessage());
    }
}
