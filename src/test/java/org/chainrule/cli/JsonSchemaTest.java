package org.chainrule.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON that derive (--format json, --jsonl) and key (--format json) write, validated against
 * docs/schema/chainrule-1.schema.json by an independent validator; and the schema is strict enough to
 * reject a document with a wrong type or a missing field.
 */
class JsonSchemaTest {
    static final ObjectMapper M = new ObjectMapper();
    static final Schema SCHEMA = load();

    private static Schema load() {
        try {
            JsonNode schema = M.readTree(Files.readString(Path.of("docs/schema/chainrule-1.schema.json")));
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Error> errors(JsonNode doc) {
        return SCHEMA.validate(doc);
    }

    static JsonNode valid(String json) throws IOException {
        JsonNode doc = M.readTree(json);
        List<Error> errs = errors(doc);
        assertTrue(errs.isEmpty(), errs + "\n" + json);
        assertEquals("chainrule/1", doc.get("schema").asText());
        return doc;
    }

    static JsonNode derive(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("derive"));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "json"));
        Cli r = Cli.run(all.toArray(new String[0]));
        return valid(r.out());
    }

    @Test
    void deriveDirectChainPiecewiseAndMatrixOutputsMatchTheSchema() throws IOException {
        JsonNode direct = derive("\\sigma(w x)", "--wrt", "w", "--at", "w = 0.5, x = 2");
        assertEquals("direct", direct.at("/derivation/kind").asText());
        assertEquals("agrees", direct.at("/derivation/cas/verdict").asText());
        assertTrue(direct.at("/at/value").isNumber());

        JsonNode chain = derive("l", "--given", "a = w x", "--given", "p = \\sigma(a)", "--given", "l = (y - p)^2",
                "--wrt", "w", "--at", "w = 0.5, x = 0.3, y = 1", "--no-cas");
        assertEquals("chain", chain.at("/derivation/kind").asText());
        assertEquals("skipped", chain.at("/derivation/cas/verdict").asText());
        assertEquals("--no-cas", chain.at("/derivation/cas/reason").asText());
        assertTrue(chain.at("/at/intermediates").has("p"), chain.toString());

        JsonNode piecewise = derive("\\max(0, 1 - y w x) + w^2", "--wrt", "w", "--no-cas");
        assertFalse(piecewise.has("at"));
        assertFalse(piecewise.at("/derivation/conventions").isEmpty());

        JsonNode matrix = derive("\\frac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|^2", "--given", "X \\in \\mathbb{R}^{n\\times m}",
                "--given", "\\mathbf{w} \\in \\mathbb{R}^{m}", "--given", "\\mathbf{y} \\in \\mathbb{R}^{n}",
                "--wrt", "\\mathbf{w}", "--components");
        assertEquals("matrix", matrix.at("/derivation/kind").asText());
        assertTrue(matrix.at("/derivation/matrix/components").isObject(), matrix.toString());

        JsonNode error = valid(Cli.run("derive", "\\frac{", "--wrt", "x", "--format", "json").out());
        assertFalse(error.get("ok").asBoolean());
    }

    @Test
    void everyJsonlLineMatchesTheSchemaErrorsIncluded() throws IOException {
        String in = """
                {"id": "a", "expr": "\\\\log(1 + e^{-z})", "wrt": "z", "at": {"z": 0.3}}
                {"id": 2, "given": ["a = w x", "p = \\\\sigma(a)"], "expr": "p", "wrt": "w"}
                {"id": "bad", "expr": "\\\\frac{", "wrt": "x"}
                not json
                {"id": "v", "given": ["\\\\mathbf{v} \\\\in \\\\mathbb{R}^{3}"], "expr": "\\\\mathbf{v}^\\\\top \\\\mathbf{v}", "wrt": "\\\\mathbf{v}", "at": {"\\\\mathbf{v}": [1, 2, 3]}}
                """;
        Cli r = Cli.runWithStdin(in, "derive", "--jsonl", "-");
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out() + r.err());
        List<JsonNode> docs = new ArrayList<>();
        for (String l : lines) docs.add(valid(l));
        assertEquals(List.of(true, true, false, false, true), docs.stream().map(d -> d.get("ok").asBoolean()).toList());
        assertEquals("chain", docs.get(1).at("/derivation/kind").asText());
        assertEquals("matrix", docs.get(4).at("/derivation/kind").asText(), lines.get(4));
        assertTrue(docs.get(4).at("/at/value").isArray(), lines.get(4));
    }

    @Test
    void theKeyOfEverySampleSheetMatchesTheSchema(@TempDir Path dir) throws IOException {
        List<Path> sheets;
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            sheets = s.filter(p -> p.toString().endsWith(".tex")).sorted().toList();
        }
        assertFalse(sheets.isEmpty());
        for (Path sheet : sheets) {
            Path out = dir.resolve(sheet.getFileName() + ".json");
            Cli r = Cli.run("key", sheet.toString(), "--format", "json", "-o", out.toString());
            assertTrue(Files.exists(out), sheet + ": " + r.err());
            JsonNode key = valid(Files.readString(out));
            assertFalse(key.get("results").isEmpty() && key.get("sections").isEmpty(), sheet.toString());
        }
    }

    @Test
    void aMangledDocumentIsRejected() throws IOException {
        Cli r = Cli.run("derive", "l", "--given", "a = w x", "--given", "l = a^2", "--wrt", "w", "--no-cas", "--format", "json");
        ObjectNode good = (ObjectNode) valid(r.out());

        ObjectNode wrongType = good.deepCopy();
        ((ObjectNode) wrongType.get("derivation")).put("verified", "yes");
        assertFalse(errors(wrongType).isEmpty(), "a string where a boolean belongs");

        ObjectNode missing = good.deepCopy();
        ((ObjectNode) missing.get("derivation")).remove("answer");
        assertFalse(errors(missing).isEmpty(), "no answer");

        ObjectNode wrongKind = good.deepCopy();
        ((ObjectNode) wrongKind.get("derivation")).put("kind", "direct"); // a chain's fields under the wrong kind
        assertFalse(errors(wrongKind).isEmpty(), "a chain called direct");

        ObjectNode badStep = good.deepCopy();
        ObjectNode step = (ObjectNode) badStep.at("/derivation/locals/0/derivation");
        step.remove("check");
        assertFalse(errors(badStep).isEmpty(), "a step without its check");

        ObjectNode badCas = good.deepCopy();
        ((ObjectNode) badCas.at("/derivation/cas")).put("verdict", "disagrees");
        assertFalse(errors(badCas).isEmpty(), "a disagreement without its detail");

        ObjectNode badClaim = good.deepCopy();
        ((ObjectNode) ((ArrayNode) badClaim.at("/derivation/verification/claims")).get(0)).put("points", -1);
        assertFalse(errors(badClaim).isEmpty(), "a negative count of points");

        ObjectNode noSchema = good.deepCopy();
        noSchema.put("schema", "chainrule/0");
        assertFalse(errors(noSchema).isEmpty(), "another schema version");
    }
}
