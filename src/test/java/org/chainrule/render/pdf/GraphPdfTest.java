package org.chainrule.render.pdf;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetParser;
import org.chainrule.render.Doc;
import org.chainrule.render.Doc.Graph;
import org.chainrule.render.Doc.GraphEdge;
import org.chainrule.render.Doc.GraphNode;
import org.chainrule.sheet.AnswerKey;
import org.junit.jupiter.api.Test;

/** The computation-graph block in the embedded renderer: boxes, curves, arrowheads and text, on the page. */
class GraphPdfTest {

    static final int DPI = 72; // one pixel per point

    static Graph seedGraph() {
        List<GraphNode> nodes = List.of(
                new GraphNode("v-2", "v_{-2} = x", "value 0.3", "adjoint \u22127", 0),
                new GraphNode("v-1", "v_{-1} = w", "value 0.5", "adjoint \u22124.8", 0),
                new GraphNode("v0", "v_{0} = b", "value 0.1", "adjoint \u221216", 0),
                new GraphNode("v1", "v_{1} = v_{-1} v_{-2}", "value 0.15", "adjoint \u221216", 1),
                new GraphNode("v2", "v_{2} = v_{1} + v_{0}", "value 0.25", "adjoint \u221216", 2),
                new GraphNode("v3", "v_{3} = \\frac{1}{v_{2}}", "value 4", "adjoint 1", 3),
                new GraphNode("v4", "v_{4} = v_{-2} + v_{3}", "value 4.3", "adjoint 1", 4));
        return new Graph(nodes, List.of(new GraphEdge("v-1", "v1"), new GraphEdge("v-2", "v1"), new GraphEdge("v1", "v2"),
                new GraphEdge("v0", "v2"), new GraphEdge("v2", "v3"), new GraphEdge("v-2", "v4"), new GraphEdge("v3", "v4")));
    }

    /** A chain of {@code n} operations: n + 1 layers, far wider than the page at full size. */
    static Graph chain(int n) {
        List<GraphNode> nodes = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        nodes.add(new GraphNode("v0", "v_{0} = x", "value 0.5", "adjoint 0.0123", 0));
        for (int k = 1; k <= n; k++) {
            nodes.add(new GraphNode("v" + k, "v_{" + k + "} = \\sin(v_{" + (k - 1) + "})", "value 0.4794", "adjoint 0.8776", k));
            edges.add(new GraphEdge("v" + (k - 1), "v" + k));
        }
        return new Graph(nodes, edges);
    }

    static BufferedImage page(byte[] pdf, int p) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFRenderer(d).renderImageWithDPI(p, DPI);
        }
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    /** Dark pixels in the columns [fromX, toX). */
    static int dark(BufferedImage img, int fromX, int toX) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = Math.max(0, fromX); x < Math.min(img.getWidth(), toX); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16 & 0xff) * 3 + (rgb >> 8 & 0xff) * 6 + (rgb & 0xff)) / 10;
                if (lum < 160) n++;
            }
        return n;
    }

    @Test
    void theGraphIsDrawnWithInkAndItsTextIsInTheTextLayer() throws IOException {
        byte[] withGraph = PdfRenderer.render(new Doc("", List.of(Doc.Paragraph.text("Graph:"), seedGraph())));
        byte[] without = PdfRenderer.render(new Doc("", List.of(Doc.Paragraph.text("Graph:"))));
        int ink = dark(page(withGraph, 0), 0, Integer.MAX_VALUE), base = dark(page(without, 0), 0, Integer.MAX_VALUE);
        assertTrue(ink > base + 1500, "the graph drew little: " + ink + " dark pixels against " + base);
        String text = text(withGraph);
        for (String s : List.of("v_{1} = v_{-1} v_{-2}", "v_{3} = \\frac{1}{v_{2}}", "value 0.15", "adjoint \u22124.8", "value 4.3"))
            assertTrue(text.contains(s), "missing '" + s + "' in:\n" + text);
    }

    @Test
    void aDeepGraphIsSetInBandsInsideTheTextWidth() throws IOException {
        byte[] pdf = PdfRenderer.render(new Doc("", List.of(chain(12))));
        BufferedImage img = page(pdf, 0);
        int margin = Math.round(PdfRenderer.MARGIN);
        // at full size (no shrinking to a sliver): a lot of ink
        assertTrue(dark(img, margin, img.getWidth() - margin) > 4000, "little ink: " + dark(img, margin, img.getWidth() - margin));
        String text = text(pdf);
        assertTrue(text.contains("a dashed box repeats a node"), text);
        // every node, and some ghosts: v_{12} once, v_{3} twice (itself and its ghost)
        assertEquals(1, count(text, "v_{12} = \\sin(v_{11})"), text);
        assertTrue(count(text, "v_{3} = \\sin(v_{2})") + count(text, "v_{4} = \\sin(v_{3})") >= 3, text);
        assertEquals(0, dark(img, 0, margin - 2), "ink in the left margin");
        assertEquals(0, dark(img, img.getWidth() - margin + 2, img.getWidth()), "ink in the right margin");
    }

    static int count(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) n++;
        return n;
    }

    @Test
    void theKeyOfSeed004Question3RendersEveryPageWithInk() throws Exception {
        AnswerKey key = AnswerKey.of(SheetParser.parse("""
                \\problem{Reverse-mode automatic differentiation}
                \\trace{x + \\frac{1}{w x + b}}{x = 0.3, w = 0.5, b = 0.1}
                """), Engine::new);
        byte[] pdf = PdfRenderer.render(key.doc());
        String text = text(pdf);
        for (String s : List.of("Forward (primal) trace", "Reverse (adjoint) trace", "v_{4} = v_{-2} + v_{3}", "agrees"))
            assertTrue(text.contains(s), "missing '" + s + "' in:\n" + text);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            for (int p = 0; p < d.getNumberOfPages(); p++) assertTrue(dark(page(pdf, p), 0, Integer.MAX_VALUE) > 500, "page " + (p + 1));
        }
    }

    @Test
    void theSameGraphGivesTheSameBytes() {
        Doc doc = new Doc("", List.of(seedGraph()));
        assertArrayEquals(PdfRenderer.render(doc), PdfRenderer.render(doc));
    }
}
