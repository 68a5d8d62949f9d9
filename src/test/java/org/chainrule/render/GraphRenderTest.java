package org.chainrule.render;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetParser;
import org.chainrule.render.Doc.Graph;
import org.chainrule.render.Doc.GraphEdge;
import org.chainrule.render.Doc.GraphNode;
import org.chainrule.render.GraphLayout.Box;
import org.chainrule.render.GraphLayout.Size;
import org.chainrule.render.GraphLayout.Tip;
import org.chainrule.sheet.AnswerKey;
import org.junit.jupiter.api.Test;

/** The computation-graph block: its layout, and the LaTeX back end (compiled with pdflatex). */
class GraphRenderTest {

    /** Widths by character count: enough for the geometry. */
    static final GraphLayout.Measure MEASURE = new GraphLayout.Measure() {
        @Override
        public Size label(String latex) { return new Size(latex.length() * 4f, 8f, 3f); }

        @Override
        public Size text(String text) { return new Size(text.length() * 4.5f, 7f, 2f); }
    };

    static Graph seedGraph() {
        return (Graph) SampleDocs.graph().blocks().get(2);
    }

    /** A random layered DAG: every node of layer l > 0 uses one or two nodes of earlier layers. */
    static Graph randomGraph(Random r, int layers) {
        List<GraphNode> nodes = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        Map<Integer, List<String>> byLayer = new HashMap<>();
        int id = 0;
        for (int l = 0; l < layers; l++) {
            int count = l == layers - 1 ? 1 : 1 + r.nextInt(3);
            for (int k = 0; k < count; k++) {
                String name = "n" + id++;
                nodes.add(new GraphNode(name, "v_{" + id + "} = " + "x".repeat(1 + r.nextInt(6)), "value " + r.nextInt(100), "adjoint 1", l));
                if (l > 0) {
                    // one operand from the layer just before (so the layer is right), one from anywhere earlier
                    List<String> prev = byLayer.get(l - 1);
                    String a = prev.get(r.nextInt(prev.size()));
                    edges.add(new GraphEdge(a, name));
                    if (r.nextBoolean()) {
                        int el = r.nextInt(l);
                        String b = byLayer.get(el).get(r.nextInt(byLayer.get(el).size()));
                        if (!b.equals(a)) edges.add(new GraphEdge(b, name));
                    }
                }
                byLayer.computeIfAbsent(l, x -> new ArrayList<>()).add(name);
            }
        }
        return new Graph(nodes, edges);
    }

    static void assertWellLaidOut(Graph g, GraphLayout.Result result) {
        assertEquals(1, result.bands().size());
        assertWellLaidOut(g, result.bands().get(0));
    }

    static void assertWellLaidOut(Graph g, GraphLayout.Band r) {
        assertEquals(g.nodes().size(), r.boxes().size());
        Map<String, Box> boxes = new HashMap<>();
        for (Box b : r.boxes()) {
            boxes.put(b.node().id(), b);
            assertTrue(b.x() >= -0.01 && b.y() >= -0.01 && b.x() + b.width() <= r.width() + 0.01 && b.y() + b.height() <= r.height() + 0.01,
                    "box outside the drawing: " + b);
            assertTrue(b.labelBaseline() < b.ruleY() && b.ruleY() < b.valueBaseline() && b.valueBaseline() < b.adjointBaseline()
                    && b.adjointBaseline() < b.y() + b.height(), "lines out of order in " + b);
        }
        for (Box a : r.boxes())
            for (Box b : r.boxes()) {
                if (a == b) continue;
                boolean apart = a.x() + a.width() <= b.x() + 0.01 || b.x() + b.width() <= a.x() + 0.01
                        || a.y() + a.height() <= b.y() + 0.01 || b.y() + b.height() <= a.y() + 0.01;
                assertTrue(apart, "boxes overlap: " + a.node().id() + " and " + b.node().id());
                if (a.node().layer() < b.node().layer())
                    assertTrue(a.x() + a.width() < b.x(), a.node().id() + " is not left of " + b.node().id());
            }
        // one arrowhead per edge into a box, its tip on the box's left side
        assertEquals(g.edges().size(), r.tips().size());
        for (GraphEdge e : g.edges()) {
            Box to = boxes.get(e.to());
            assertTrue(r.tips().stream().anyMatch(t -> Math.abs(t.x() - to.x()) < 0.01 && t.y() >= to.y() && t.y() <= to.y() + to.height()),
                    "no arrowhead into " + e.to());
        }
        for (GraphLayout.Piece p : r.pieces())
            assertTrue(p.x0() >= -0.01 && p.x1() <= r.width() + 0.01 && p.x0() <= p.x1() + 0.01, "an edge piece runs backwards: " + p);
    }

    @Test
    void theSeedGraphIsLaidOutInLayersLeftToRight() {
        Graph g = seedGraph();
        GraphLayout.Result result = GraphLayout.of(g, MEASURE, GraphLayout.Spacing.forSize(10));
        assertWellLaidOut(g, result);
        GraphLayout.Band r = result.bands().get(0);
        // the output is the rightmost box, the inputs share the leftmost column
        Box out = r.boxes().get(6);
        for (Box b : r.boxes()) assertTrue(b == out || b.x() + b.width() < out.x());
        assertEquals(r.boxes().get(0).cx(), r.boxes().get(1).cx(), 0.01);
        for (Tip t : r.tips()) assertEquals(4.5f, t.length(), 0.01);
    }

    @Test
    void randomGraphsAreLaidOutWithoutOverlaps() {
        Random r = new Random(7);
        for (int k = 0; k < 60; k++) {
            Graph g = randomGraph(r, 2 + r.nextInt(7));
            assertWellLaidOut(g, GraphLayout.of(g, MEASURE, GraphLayout.Spacing.forSize(10)));
        }
    }

    @Test
    void aGraphWiderThanAllowedIsFoldedIntoBandsWithGhosts() {
        Random random = new Random(11);
        for (int k = 0; k < 30; k++) {
            Graph g = randomGraph(random, 8 + random.nextInt(6));
            float max = 300;
            GraphLayout.Result r = GraphLayout.of(g, MEASURE, GraphLayout.Spacing.forSize(10), max);
            assertTrue(r.bands().size() > 1, "not folded");
            Map<String, Integer> seen = new HashMap<>();
            for (int b = 0; b < r.bands().size(); b++) {
                GraphLayout.Band band = r.bands().get(b);
                assertTrue(band.width() <= max + 0.01, "band " + b + " is " + band.width() + " wide");
                float ghostRight = 0, realLeft = Float.MAX_VALUE;
                for (Box box : band.boxes()) {
                    if (box.ghost()) ghostRight = Math.max(ghostRight, box.x() + box.width());
                    else {
                        realLeft = Math.min(realLeft, box.x());
                        seen.merge(box.node().id(), 1, Integer::sum);
                    }
                }
                assertEquals(b == 0, band.boxes().stream().noneMatch(Box::ghost), "ghosts only after the first band");
                if (b > 0) assertTrue(ghostRight < realLeft, "ghosts stand left of the band's own nodes");
                // every edge into a node of this band has its arrowhead here
                long into = g.edges().stream().filter(e -> band.boxes().stream().anyMatch(x -> !x.ghost() && x.node().id().equals(e.to()))).count();
                assertEquals(into, band.tips().size());
            }
            for (GraphNode n : g.nodes()) assertEquals(1, seen.get(n.id()), n.id() + " is drawn once, not as a ghost");
        }
    }

    @Test
    void placementKeepsOrderAndGapsAndOtherwiseTheWish() {
        float[] p = GraphLayout.place(new float[] {10, 0, 30}, new float[] {4, 4});
        assertTrue(p[1] - p[0] >= 4 - 1e-4 && p[2] - p[1] >= 4 - 1e-4);
        assertEquals(30f, p[2], 1e-4);
        assertEquals(3f, p[0], 1e-4); // 10 and 0 pooled: mean of 10 and 0 + 4, less the gap
        assertArrayEquals(new float[] {0, 10, 20}, GraphLayout.place(new float[] {0, 10, 20}, new float[] {4, 4}), 1e-4f);
    }

    @Test
    void theLatexIsAPictureOfKernelCommandsOnly() {
        String tex = LatexWriter.fragment(SampleDocs.graph());
        assertTrue(tex.contains("\\begin{picture}("), tex);
        assertTrue(tex.contains("\\qbezier["), tex);
        assertTrue(tex.contains("\\vector(1,0)"), tex);
        assertTrue(tex.contains("\\framebox("), tex);
        assertTrue(tex.contains("\\makebox[0pt]{$v_{3} = \\frac{1}{v_{2}}$}"), tex);
        assertTrue(tex.contains("adjoint $-$4.8"), tex);
        assertFalse(tex.contains("tikz") || tex.contains("usepackage"), tex);
        SafeLatex.checkBody(tex);
        // the picture fits the text width
        Matcher m = Pattern.compile("\\\\begin\\{picture\\}\\(([0-9.]+),([0-9.]+)\\)").matcher(tex);
        assertTrue(m.find());
        assertTrue(Float.parseFloat(m.group(1)) <= LatexWriter.TEXT_WIDTH, m.group());
    }

    @Test
    void theGraphCompilesWithPdflatex() {
        byte[] pdf = PdflatexSupport.pdflatex().compile(LatexWriter.standalone(SampleDocs.graph()));
        PdflatexSupport.Pdf read = PdflatexSupport.read(pdf);
        assertEquals(1, read.pages());
        for (String s : List.of("value 0.15", "adjoint", "value 4.3", "Computation graph"))
            assertTrue(read.text().contains(s), "missing '" + s + "' in:\n" + read.text());
    }

    @Test
    void aDeepGraphIsSetInBandsAndCompiles() {
        Graph g = randomGraph(new Random(3), 9);
        String tex = LatexWriter.fragment(new Doc("Deep", List.of(g)));
        // in bands of the largest type, one picture each, with dashed ghosts and a note
        assertTrue(tex.contains("\\small\n\\begin{picture}"), tex);
        assertTrue(tex.contains("\\par\\bigskip\n\\begin{picture}"), tex);
        assertTrue(tex.contains("\\dashbox{2}("), tex);
        assertTrue(tex.contains("a dashed box repeats a node of an earlier row"), tex);
        Matcher m = Pattern.compile("\\\\begin\\{picture\\}\\(([0-9.]+),").matcher(tex);
        while (m.find()) assertTrue(Float.parseFloat(m.group(1)) <= LatexWriter.TEXT_WIDTH, m.group());
        byte[] pdf = PdflatexSupport.pdflatex().compile(LatexWriter.standalone(new Doc("Deep", List.of(g))));
        assertEquals(1, PdflatexSupport.read(pdf).pages());
    }

    @Test
    void theKeyOfSeed004Question3CompilesWithPdflatex() throws Exception {
        AnswerKey key = AnswerKey.of(SheetParser.parse("""
                \\problem{Reverse-mode automatic differentiation}
                \\trace{x + \\frac{1}{w x + b}}{x = 0.3, w = 0.5, b = 0.1}
                """), Engine::new);
        assertEquals(List.of(), key.failures());
        byte[] pdf = PdflatexSupport.pdflatex().compile(LatexWriter.standalone(key.doc()));
        String text = PdflatexSupport.read(pdf).text();
        for (String s : List.of("Forward (primal) trace", "Reverse (adjoint) trace", "value 0.25", "adjoint"))
            assertTrue(text.contains(s), "missing '" + s + "' in:\n" + text);
    }
}
