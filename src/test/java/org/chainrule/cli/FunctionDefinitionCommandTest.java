package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 on the command line: mistakes in function definitions are bad input (exit 65) located in
 * the --given text, the JSONL given or the sheet, with the line and a caret; and a sheet with
 * \let{g(x) = …} is keyed like derive --given.
 */
class FunctionDefinitionCommandTest {
    static final ObjectMapper M = new ObjectMapper();

    static Cli derive(String expr, String... givens) {
        String[] args = new String[givens.length * 2 + 6];
        args[0] = "derive";
        for (int k = 0; k < givens.length; k++) {
            args[1 + 2 * k] = "--given";
            args[2 + 2 * k] = givens[k];
        }
        int i = 1 + 2 * givens.length;
        args[i++] = "--wrt";
        args[i++] = "w";
        args[i++] = "--no-cas";
        args[i++] = "--";
        args[i] = expr;
        return Cli.run(args);
    }

    static void bad(Cli r, String expected) {
        assertEquals(65, r.exitCode(), r.out() + r.err());
        assertEquals(expected, r.err().strip());
    }

    @Test
    void definedTwice() {
        bad(derive("g(2)", "g(x) = w x^2 + b", "g(y) = y"),
                "--given 2:1:1: g is defined twice (first in --given 1)\ng(y) = y\n^");
        bad(derive("r(w)", "a = 1, r(t) = t^2, r(u) = u"),
                "--given 1:1:20: r is defined twice (first at column 8)\na = 1, r(t) = t^2, r(u) = u\n                   ^");
    }

    @Test
    void wrongNumberOfArguments() {
        bad(derive("g(1, 2)", "g(x) = w x^2 + b"),
                "<arg>:1:1: g is defined with 1 argument (in --given 1) but g(1, 2) gives 2\ng(1, 2)\n^");
        bad(derive("L", "g(x) = w x^2 + b", "L = 1 +\n  g(w, 2)"),
                "--given 2:2:3: g is defined with 1 argument (in --given 1) but g(w, 2) gives 2\n  g(w, 2)\n  ^");
    }

    @Test
    void parameterThatIsNotAName() {
        bad(derive("g(2)", "g(2) = w"),
                "--given 1:1:3: the parameter 2 of g is not a name: a function is defined with names for its arguments, as in g(x) = …\ng(2) = w\n  ^");
    }

    @Test
    void recursive() {
        bad(derive("g(w)", "g(x) = g(x) + 1"),
                "--given 1:1:8: the definition of g calls g itself: a function cannot be defined in terms of itself\ng(x) = g(x) + 1\n       ^");
        bad(derive("g(w)", "g(x) = h(x)", "h(x) = 2 g(x)"),
                "--given 2:1:10: the definitions of g and h depend on each other in a cycle: a function cannot be defined in terms of itself\n"
                        + "h(x) = 2 g(x)\n         ^");
        bad(derive("g(w)", "g(x) = a x", "a = g(1)"),
                "--given 2:1:5: the definitions of g and a depend on each other in a cycle: a function cannot be defined in terms of itself\n"
                        + "a = g(1)\n    ^");
    }

    @Test
    void jsonlGivenIsLocated(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("p.jsonl");
        Files.writeString(in, "{\"id\": 1, \"given\": [\"g(x) = w x\", \"g(x) = g(x)\"], \"expr\": \"g(w)\", \"wrt\": \"w\"}\n");
        Cli r = Cli.run("derive", "--jsonl", in.toString(), "--no-cas");
        assertEquals(65, r.exitCode(), r.err());
        JsonNode err = M.readTree(r.out()).get("error");
        assertEquals("given 2: g is defined twice (first in given 1)", err.get("message").asText());
        assertEquals(1, err.get("line").asInt());
        assertEquals(1, err.get("column").asInt());
    }

    @Test
    void sheetErrorsAreLocatedWithACaret(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("hw.tex");
        Files.writeString(sheet, """
                \\problem{Function}
                \\let{g(x) = w x^2 + b}
                \\find{\\frac{\\partial g(2)}{\\partial w}}
                \\problem{Twice}
                \\let{g(x) = w x, g(2) = 1}
                \\find{\\frac{\\partial g(w)}{\\partial w}}
                """);
        Path out = dir.resolve("hw-key.json");
        Cli r = Cli.run("key", sheet.toString(), "-o", out.toString(), "--no-cas");
        assertEquals(65, r.exitCode(), r.err());
        assertTrue(r.err().contains("hw.tex:5:20: problem 2: the parameter 2 of g is not a name: "
                + "a function is defined with names for its arguments, as in g(x) = …\n"
                + "\\let{g(x) = w x, g(2) = 1}\n                   ^"), r.err());
        JsonNode key = M.readTree(Files.readString(out));
        assertEquals("4", key.get("results").get(0).at("/derivation/answer").asText(), key.toString());
    }

    @Test
    void theIssuesSheetIsKeyed(@TempDir Path dir) throws Exception {
        Path sheet = dir.resolve("f.tex");
        Files.writeString(sheet, """
                \\problem{Function}
                \\let{g(x) = w x^2 + b}
                \\find{\\frac{\\partial g(2)}{\\partial w}}
                \\problem{Function r}
                \\let{r(t) = t^3}
                \\find{\\frac{\\partial r(w x)}{\\partial w}}
                """);
        Path out = dir.resolve("f-key.tex");
        Cli r = Cli.run("key", sheet.toString(), "-o", out.toString(), "--no-cas");
        assertEquals(0, r.exitCode(), r.err());
        String tex = Files.readString(out);
        assertTrue(tex.contains("g(x) &= w x^{2} + b"), tex);
        assertTrue(tex.contains("r(t) &= t^{3}"), tex);
        assertTrue(tex.contains("\\boxed{4}"), tex);
        assertTrue(tex.contains("\\boxed{3 (w x)^{2} x}"), tex);
    }
}
