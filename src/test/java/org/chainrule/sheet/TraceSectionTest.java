package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetParser;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Answer;
import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Graph;
import org.chainrule.render.Doc.GraphNode;
import org.chainrule.render.Doc.Note;
import org.chainrule.render.Doc.NoteKind;
import org.chainrule.render.Doc.Table;
import org.junit.jupiter.api.Test;

/** \trace in a sheet: the key's tables, graph, gradient and check, its data, and its errors. */
class TraceSectionTest {

    static final String SEED_004_Q3 = """
            \\problem{Reverse-mode automatic differentiation}
            \\trace{x + \\frac{1}{w x + b}}{x = 0.3, w = 0.5, b = 0.1}
            """;

    static AnswerKey key(String sheet) throws Exception {
        return AnswerKey.of(SheetParser.parse(sheet), Engine::new);
    }

    static <T extends Block> List<T> blocks(AnswerKey key, Class<T> kind) {
        return key.doc().blocks().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static Table table(AnswerKey key, String caption) {
        return blocks(key, Table.class).stream().filter(t -> t.caption().orElse("").equals(caption)).findFirst()
                .orElseThrow(() -> new AssertionError("no table '" + caption + "' in " + key.doc().blocks()));
    }

    @Test
    void seed004Question3HasBothTracesTheGraphAndAVerifiedGradient() throws Exception {
        AnswerKey key = key(SEED_004_Q3);
        assertEquals(List.of(), key.failures());
        Table forward = table(key, "Forward (primal) trace");
        assertEquals(List.of("v_i", "\\text{operation}", "\\text{value}"), forward.header());
        assertEquals(List.of(
                List.of("v_{-2}", "x", "0.3"),
                List.of("v_{-1}", "w", "0.5"),
                List.of("v_{0}", "b", "0.1"),
                List.of("v_{1}", "v_{-1} v_{-2}", "0.15"),
                List.of("v_{2}", "v_{1} + v_{0}", "0.25"),
                List.of("v_{3}", "\\frac{1}{v_{2}}", "4"),
                List.of("v_{4}", "v_{-2} + v_{3}", "4.3"),
                List.of("y", "v_{4}", "4.3")), forward.rows());
        Table reverse = table(key, "Reverse (adjoint) trace");
        assertEquals(List.of(
                List.of("\\bar{v}_{4}", "\\frac{\\partial y}{\\partial v_{4}}", "", "1"),
                List.of("\\bar{v}_{3}", "\\bar{v}_{4}", "1", "1"),
                List.of("\\bar{v}_{2}", "\\bar{v}_{3} \\cdot \\left(-\\frac{1}{v_{2}^{2}}\\right)", "1 \\cdot (-16)", "-16"),
                List.of("\\bar{v}_{1}", "\\bar{v}_{2}", "-16", "-16"),
                List.of("\\bar{v}_{0}", "\\bar{v}_{2}", "-16", "-16"),
                List.of("\\bar{v}_{-1}", "\\bar{v}_{1} \\cdot v_{-2}", "(-16) \\cdot 0.3", "-4.8"),
                List.of("\\bar{v}_{-2}", "\\bar{v}_{4} + \\bar{v}_{1} \\cdot v_{-1}", "1 + (-16) \\cdot 0.5", "-7")), reverse.rows());

        Graph graph = blocks(key, Graph.class).get(0);
        assertEquals(List.of("v-2", "v-1", "v0", "v1", "v2", "v3", "v4"), graph.nodes().stream().map(GraphNode::id).toList());
        assertEquals(List.of(0, 0, 0, 1, 2, 3, 4), graph.nodes().stream().map(GraphNode::layer).toList());
        GraphNode v3 = graph.nodes().get(5);
        assertEquals("v_{3} = \\frac{1}{v_{2}}", v3.label());
        assertEquals("value 4", v3.value());
        assertEquals("adjoint 1", v3.adjoint());
        assertEquals("adjoint \u22127", graph.nodes().get(0).adjoint());
        assertEquals(List.of(new Doc.GraphEdge("v-1", "v1"), new Doc.GraphEdge("v-2", "v1"), new Doc.GraphEdge("v1", "v2"),
                new Doc.GraphEdge("v0", "v2"), new Doc.GraphEdge("v2", "v3"), new Doc.GraphEdge("v-2", "v4"),
                new Doc.GraphEdge("v3", "v4")), graph.edges());

        Answer gradient = blocks(key, Answer.class).get(0);
        assertEquals(Doc.Mark.NONE, gradient.mark(), "a brief key says verified once, in the problem's line");
        assertTrue(blocks(key, Doc.Note.class).stream().anyMatch(n -> n.kind() == Doc.NoteKind.VERIFIED && n.text().contains("reverse-mode gradient agrees")));
        assertEquals("\\left(-7, -4.8, -16\\right)", gradient.rhs());
        assertTrue(gradient.lhs().contains("\\frac{\\partial y}{\\partial w}"), gradient.lhs());
        assertTrue(blocks(key, Note.class).stream().anyMatch(n -> n.kind() == NoteKind.VERIFIED));
        // no \find: no empty summary of answers
        assertTrue(blocks(key, Doc.Heading.class).stream().noneMatch(h -> h.text().contains("Summary")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDataHasTheListTheAdjointsAndTheGradient() throws Exception {
        AnswerKey key = key(SEED_004_Q3);
        assertEquals(1, key.sections().size());
        AnswerKey.SectionResult r = key.sections().get(0);
        assertEquals("trace", r.directive());
        Map<String, Object> d = r.data();
        assertEquals(List.of("output", "function", "point", "wengert", "result", "adjoints", "gradient", "verified"), List.copyOf(d.keySet()));
        List<Map<String, Object>> wengert = (List<Map<String, Object>>) d.get("wengert");
        assertEquals(7, wengert.size());
        assertEquals(Map.of("id", 3, "name", "v_{3}", "operation", "\\frac{1}{v_{2}}", "kind", "recip", "value", 4.0, "exact", "4"),
                wengert.get(5));
        List<Map<String, Object>> adjoints = (List<Map<String, Object>>) d.get("adjoints");
        assertEquals(-4.8, (double) adjoints.get(5).get("value"), 1e-12);
        assertEquals("-4.8", adjoints.get(5).get("exact"));
        List<Map<String, Object>> gradient = (List<Map<String, Object>>) d.get("gradient");
        assertEquals(List.of("x", "w", "b"), gradient.stream().map(g -> g.get("variable")).toList());
        assertEquals(-16.0, (double) gradient.get(2).get("value"), 1e-12);
        assertEquals(-16.0, (double) gradient.get(2).get("reference"), 1e-9);
        assertEquals("symbolic", gradient.get(2).get("check"));
        assertEquals(true, d.get("verified"));
    }

    @Test
    void aNameDefinedByLetIsTracedThroughItsDefinition() throws Exception {
        AnswerKey key = key("""
                \\problem{Through a definition}
                \\let{z = w x + b, y = x + \\frac{1}{z}}
                \\trace{y}{x = 0.3, w = 0.5, b = 0.1}
                \\find{\\frac{\\partial y}{\\partial w}}
                """);
        assertEquals(List.of(), key.failures());
        Answer gradient = blocks(key, Answer.class).stream().filter(a -> a.rhs().contains("-4.8")).findFirst().orElseThrow();
        assertTrue(gradient.lhs().startsWith("\\left(\\frac{\\partial y}{\\partial x}"), gradient.lhs());
        // the \find is boxed in its own row, once
        assertTrue(SectionTesting.rows(key).stream().anyMatch(r -> r.startsWith("\\boxed{")));
    }

    @Test
    void roundSetsTheDigitsShown() throws Exception {
        AnswerKey key = key("""
                \\problem{Thirds}
                \\round{2}
                \\trace{\\frac{1}{x} + \\sin(x)}{x = 3}
                """);
        assertEquals(List.of(), key.failures());
        List<List<String>> rows = table(key, "Forward (primal) trace").rows();
        assertEquals(List.of("v_{1}", "\\frac{1}{v_{0}}", "0.33"), rows.get(1));
        assertEquals(List.of("v_{2}", "\\sin(v_{0})", "0.14"), rows.get(2));
    }

    @Test
    void problemsAreReportedAtTheDirective() throws Exception {
        assertFailure("\\trace{x + \\frac{1}{w x + b}}{x = 0.3, w = 0.5}", "the point gives no value for b, which the function uses");
        assertFailure("\\trace{x + w}{x = 0.3, w = 0.5, c = 1}", "the point gives a value to c, which the function does not use");
        assertFailure("\\trace{\\operatorname{ReLU}(x)}{x = 1}", "cannot take \\operatorname{ReLU}(x)");
        assertFailure("\\trace{\\log(x)}{x = 0}", "logarithm");
        assertFailure("\\trace{x^2}{x = y}", "must be a number");
        assertFailure("\\trace{x^2}", "takes two arguments");
        assertFailure("\\trace{x^2}{x = 1, x = 2}", "two values");
    }

    private static void assertFailure(String directive, String message) throws Exception {
        AnswerKey key = key("\\problem{Bad}\n" + directive + "\n");
        assertEquals(1, key.failures().size(), directive + ": " + key.failures());
        AnswerKey.Failure f = key.failures().get(0);
        assertTrue(f.message().contains(message), directive + ": " + f.message());
        assertEquals(2, f.line());
        assertTrue(blocks(key, Note.class).stream().anyMatch(n -> n.kind() == NoteKind.WARNING && n.text().contains(message)));
        assertTrue(blocks(key, Table.class).isEmpty());
    }
}
