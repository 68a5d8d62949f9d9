package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scores the problem set in {@code problems/problems.jsonl} through {@code chainrule derive --jsonl}, the
 * path an autograder uses. Each line is a problem as the batch reads it plus {@code expect} (the value
 * of the derivative at the point, computed outside chainrule by make_problems.py: SymPy's derivative,
 * checked against 60-digit central differences), or {@code bad} (a reason: the line must give
 * {@code ok:false} with a line and column). A problem with several variables lists them in {@code wrt}
 * and their values in {@code expect}; each becomes one batch line {@code id#k}.
 *
 * <p>Scored: every value right to 1e-9 relative; never {@code verified:true} on a wrong value; every bad
 * input rejected.
 */
class ProblemSetTest {
    static final ObjectMapper M = new ObjectMapper();
    static final double REL = 1e-9;

    /** One scored value or one bad input, with the batch line sent and the result line received. */
    record Item(String id, ObjectNode sent, JsonNode expect, String bad, JsonNode result) {
        boolean ok() { return result != null && result.path("ok").asBoolean(false); }
        boolean verified() { return ok() && result.path("verified").asBoolean(false); }
        boolean right() { return ok() && matches(result.at("/at/value"), expect); }
        /** A value was printed and it is not the expected one. */
        boolean wrong() { return ok() && result.hasNonNull("value") && !right(); }
        boolean rejected() {
            if (result == null || result.path("ok").asBoolean(true)) return false;
            JsonNode e = result.path("error");
            return e.path("line").asInt(0) >= 1 && e.path("column").asInt(0) >= 1 && !e.path("message").asText("").isBlank();
        }
        String describe() {
            return id + "\n    input:    " + sent + "\n    expected: " + (bad != null ? "ok:false (" + bad + ")" : expect)
                    + "\n    got:      " + result;
        }
    }

    static List<Item> values = new ArrayList<>();
    static List<Item> bads = new ArrayList<>();
    static int exitCode;

    @BeforeAll
    static void runBatch() throws IOException {
        List<Item> items = new ArrayList<>();
        try (InputStream in = ProblemSetTest.class.getResourceAsStream("/problems/problems.jsonl")) {
            assertNotNull(in, "problems/problems.jsonl is on the test class path");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                ObjectNode p = (ObjectNode) M.readTree(line);
                String id = p.get("id").asText();
                if (p.has("bad")) {
                    ObjectNode sent = p.deepCopy();
                    sent.remove("bad");
                    items.add(new Item(id, sent, null, p.get("bad").asText(), null));
                    continue;
                }
                JsonNode wrt = p.get("wrt");
                int n = wrt.isArray() ? wrt.size() : 1;
                for (int k = 0; k < n; k++) {
                    ObjectNode sent = p.deepCopy();
                    sent.remove(List.of("expect", "f"));
                    sent.put("id", n == 1 ? id : id + "#" + (k + 1));
                    sent.put("wrt", wrt.isArray() ? wrt.get(k).asText() : wrt.asText());
                    JsonNode expect = n == 1 ? p.get("expect") : p.get("expect").get(k);
                    items.add(new Item(sent.get("id").asText(), sent, expect, null, null));
                }
            }
        }
        Path file = Files.createTempFile("chainrule-problems", ".jsonl");
        try {
            List<String> lines = new ArrayList<>();
            for (Item it : items) lines.add(M.writeValueAsString(it.sent()));
            Files.write(file, lines, StandardCharsets.UTF_8);
            Cli r = Cli.run("derive", "--jsonl", file.toString());
            exitCode = r.exitCode();
            String[] out = r.out().strip().split("\n");
            assertEquals(items.size(), out.length, "one result line per problem line; stderr: " + r.err());
            for (int k = 0; k < items.size(); k++) {
                Item it = items.get(k);
                JsonNode res = M.readTree(out[k]);
                Item done = new Item(it.id(), it.sent(), it.expect(), it.bad(), res);
                (it.bad() != null ? bads : values).add(done);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        long right = values.stream().filter(Item::right).count();
        long wrongVerified = values.stream().filter(i -> i.wrong() && i.verified()).count();
        long wrong = values.stream().filter(Item::wrong).count();
        long missing = values.stream().filter(i -> i.ok() && !i.result().hasNonNull("value")).count();
        long errors = values.stream().filter(i -> !i.ok()).count();
        long rejected = bads.stream().filter(Item::rejected).count();
        System.out.printf("problem set: %d/%d values right; %d wrong (%d of them verified:true), %d without a value, %d refused; "
                + "%d/%d bad inputs rejected%n", right, values.size(), wrong, wrongVerified, missing, errors, rejected, bads.size());
    }

    /** The value and the expectation: numbers to 1e-9 relative, arrays element by element with the same shape. */
    static boolean matches(JsonNode got, JsonNode want) {
        if (got == null || got.isNull()) return false;
        if (want.isNumber()) {
            if (got.isArray() && got.size() == 1) got = got.get(0).isArray() && got.get(0).size() == 1 ? got.get(0).get(0) : got.get(0);
            if (!got.isNumber()) return false;
            double e = want.asDouble(), v = got.asDouble();
            return Double.isFinite(v) && Math.abs(v - e) <= REL * Math.max(Math.abs(e), 1e-4);
        }
        if (!got.isArray() || got.size() != want.size()) return false;
        for (int k = 0; k < want.size(); k++) if (!matches(got.get(k), want.get(k))) return false;
        return true;
    }

    static String list(List<Item> items) {
        StringBuilder s = new StringBuilder();
        for (Item it : items) s.append("\n  ").append(it.describe());
        return s.toString();
    }

    @Test
    void theSetIsTheSizeOfTheHeldOutOne() {
        long problems = values.stream().map(i -> i.id().replaceAll("#\\d+$", "")).distinct().count();
        assertTrue(problems >= 150, "problems: " + problems);
        assertTrue(values.size() >= 230, "values: " + values.size());
        assertTrue(bads.size() >= 35, "bad inputs: " + bads.size());
    }

    @Test
    void noWrongValueIsVerified() {
        List<Item> bad = values.stream().filter(i -> i.wrong() && i.verified()).toList();
        assertTrue(bad.isEmpty(), bad.size() + " wrong values carry verified:true:" + list(bad));
    }

    @Test
    void everyValueIsRight() {
        List<Item> bad = values.stream().filter(i -> !i.right()).toList();
        assertTrue(bad.isEmpty(), bad.size() + " of " + values.size() + " values are not right:" + list(bad));
    }

    @Test
    void everyBadInputIsRejectedWithALineAndColumn() {
        List<Item> bad = bads.stream().filter(i -> !i.rejected()).toList();
        assertTrue(bad.isEmpty(), bad.size() + " of " + bads.size() + " bad inputs were not rejected:" + list(bad));
        assertEquals(Exit.BAD_INPUT, exitCode, "a batch with bad lines exits 65");
    }
}
