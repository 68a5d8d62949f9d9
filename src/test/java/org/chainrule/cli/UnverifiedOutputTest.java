package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derivation whose steps cannot all be checked (log w + log(−w) has no point in its domain) is
 * never called verified: not in text, not in JSON, not in the key.
 */
class UnverifiedOutputTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String NOWHERE = "\\log(w) + \\log(-w)";

    @Test
    void textSaysVerifiedNoWithTheUncheckedStepsAndExitsNonZero() {
        Cli r = Cli.run("derive", NOWHERE, "--wrt", "w", "--no-cas");
        assertEquals(Exit.UNVERIFIABLE, r.exitCode(), r.err());
        assertFalse(r.out().contains("verified yes"), r.out());
        assertTrue(r.out().contains("verified NO: "), r.out());
        assertTrue(r.out().contains("steps unchecked"), r.out());
        assertTrue(r.out().contains("step 1.1 (log-rule), "), r.out());
        assertTrue(r.out().contains(": unchecked: no value of the variables makes w > 0 and -w > 0 hold together"), r.out());
    }

    @Test
    void jsonMarksEachStepAndIsNotVerified() throws Exception {
        Cli r = Cli.run("derive", NOWHERE, "--wrt", "w", "--no-cas", "--format", "json");
        JsonNode j = M.readTree(r.out());
        assertFalse(j.at("/derivation/verified").asBoolean());
        JsonNode step = j.at("/derivation/derivation");
        assertEquals("unchecked", step.get("check").get("status").asText());
        assertEquals("unchecked", step.get("substeps").get(0).get("check").get("status").asText());
        assertTrue(step.get("check").get("why").asText().contains("w > 0"), step.toString());

        Cli ok = Cli.run("derive", "\\log(w) + \\sqrt{w - 5}", "--wrt", "w", "--no-cas", "--format", "json");
        JsonNode k = M.readTree(ok.out());
        assertTrue(k.at("/derivation/verified").asBoolean(), ok.out());
        assertEquals("checked", k.at("/derivation/derivation").get("check").get("status").asText());
        assertTrue(k.at("/derivation/derivation").get("check").get("points").asInt() > 0);
        assertEquals(0, k.at("/derivation/verification").get("unchecked").asInt());
    }

    @Test
    void jsonlAndKeyJsonAreNotVerified(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("p.jsonl");
        Files.writeString(in, M.writeValueAsString(M.createObjectNode().put("id", "x").put("expr", NOWHERE).put("wrt", "w")) + "\n");
        Cli r = Cli.run("derive", "--jsonl", in.toString(), "--no-cas");
        JsonNode line = M.readTree(r.out().strip());
        assertTrue(line.get("ok").asBoolean(), r.out());
        assertFalse(line.at("/derivation/verified").asBoolean());
        assertTrue(line.at("/derivation/verification").get("unchecked").asInt() > 0, r.out());

        Path sheet = dir.resolve("s.tex");
        Files.writeString(sheet, "\\problem{Nowhere}\n\\let{l = " + NOWHERE + "}\n\\find{\\frac{\\partial l}{\\partial w}}\n");
        Cli key = Cli.run("key", sheet.toString(), "--format", "json", "-o", dir.resolve("k.json").toString(), "--no-cas");
        JsonNode kj = M.readTree(Files.readString(dir.resolve("k.json")));
        assertFalse(kj.toString().contains("\"verified\":true"), kj.toString());
        assertTrue(key.err().contains("not verified"), key.err());

        Cli tex = Cli.run("key", sheet.toString(), "--format", "tex", "-o", dir.resolve("k.tex").toString(), "--no-cas");
        String t = Files.readString(dir.resolve("k.tex"));
        assertTrue(t.contains("NOT verified"), t);
        assertFalse(t.contains("Verified:"), t);
        assertFalse(t.contains("Symja"), t);
        assertTrue(t.contains("could not be checked"), t);
    }
}
