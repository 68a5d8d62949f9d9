package org.chainrule.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chainrule.render.Doc.GraphEdge;
import org.chainrule.render.Doc.GraphNode;

/**
 * Where the parts of a {@link Doc.Graph} go, for both back ends: a layered drawing from left to right
 * (layer 0 at the left), each node a box with its label, a rule, its value and its adjoint, and each
 * edge a smooth curve ending in an arrowhead at the left side of the node it enters.
 *
 * <p>The method is the usual one for layered graphs: an edge that skips layers passes through a dummy
 * point in each layer it crosses (shared by the edges leaving one node, so they travel together);
 * nodes are ordered within their layer by barycentres to reduce crossings; vertical positions are
 * pulled towards the neighbours' positions, keeping the order and the gaps, by isotonic regression.
 *
 * <p>Sizes come from the back end ({@link Measure}); coordinates are in the same unit (points), with
 * the origin at the top left and y growing downwards.
 */
public final class GraphLayout {
    private GraphLayout() {}

    /** A measured line: its width, its height above the baseline and its depth below. */
    public record Size(float width, float height, float depth) {}

    /** The back end's measures of a node's label (LaTeX) and of its value and adjoint (plain text). */
    public interface Measure {
        Size label(String latex);

        Size text(String text);
    }

    /**
     * Spacing: padding inside a box, the gap around the rule under the label, between the two text
     * lines, between boxes of a layer, between layers, the arrowhead's length, the narrowest box and
     * the distance between arrows entering one side of a box.
     */
    public record Spacing(float padX, float padY, float ruleGap, float lineGap, float nodeGap, float layerGap,
                          float arrow, float minWidth, float portGap) {
        /** Spacing that suits labels set at {@code size} points. */
        public static Spacing forSize(float size) {
            float k = size / 10f;
            return new Spacing(5f * k, 3.5f * k, 2.5f * k, 1.5f * k, 11f * k, 26f * k, 4.5f * k, 30f * k, 5f * k);
        }
    }

    /**
     * A node's box (top-left corner, size), the rule under its label, and the baselines of its three
     * lines, each centred on {@link #cx()}. A ghost repeats, at the left of a later band, a node of an
     * earlier band that this band's nodes use.
     */
    public record Box(GraphNode node, float x, float y, float width, float height, float ruleY,
                      float labelBaseline, float valueBaseline, float adjointBaseline, boolean ghost) {
        public float cx() { return x + width / 2; }
    }

    /** A quadratic Bézier piece from (x0, y0) through the control point (cx, cy) to (x1, y1). */
    public record Piece(float x0, float y0, float cx, float cy, float x1, float y1) {
        /** A straight piece: the control point is the midpoint. */
        static Piece line(float x0, float y0, float x1, float y1) {
            return new Piece(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2, x1, y1);
        }

        public boolean horizontal() {
            return Math.abs(y0 - y1) < 1e-3 && Math.abs(cy - y0) < 1e-3;
        }

        /** The length of the control polygon, an upper bound of the curve's length. */
        public float length() {
            return (float) (Math.hypot(cx - x0, cy - y0) + Math.hypot(x1 - cx, y1 - cy));
        }
    }

    /** An arrowhead {@code length} long pointing right, its tip at (x, y). */
    public record Tip(float x, float y, float length) {}

    /** One band of the drawing, in its own coordinates: its size, the boxes, the pieces of the edges, the arrowheads. */
    public record Band(float width, float height, List<Box> boxes, List<Piece> pieces, List<Tip> tips) {
        public Band {
            boxes = List.copyOf(boxes);
            pieces = List.copyOf(pieces);
            tips = List.copyOf(tips);
        }
    }

    /**
     * The drawing: one band when the graph fits the width it was given, otherwise several, each a run
     * of consecutive layers to be set one under the other (a page may break between them).
     */
    public record Result(List<Band> bands) {
        public Result { bands = List.copyOf(bands); }

        public float width() { return (float) bands.stream().mapToDouble(Band::width).max().orElse(0); }
    }

    /** Something to place in a band: a node of the graph (or a ghost of one) and its layer in the band. */
    private record Entry(GraphNode node, float width, int layer, boolean ghost) {}

    /** The sizes shared by every box of a graph. */
    private record Metrics(float labAsc, float labDesc, float txtAsc, float txtDesc, float nodeH) {}

    /** One thing in a layer: a node's box or a dummy point of an edge that skips layers. */
    private static final class Item {
        final int node;     // index into the graph's nodes, or -1 for a dummy
        final int layer;
        final float width, height;
        final List<Integer> preds = new ArrayList<>(), succs = new ArrayList<>();
        float y;            // centre
        int pos;            // position in its layer

        Item(int node, int layer, float width, float height) {
            this.node = node;
            this.layer = layer;
            this.width = width;
            this.height = height;
        }

        boolean dummy() { return node < 0; }
    }

    /** The graph in one band, however wide. */
    public static Result of(Doc.Graph g, Measure m, Spacing sp) {
        return of(g, m, sp, Float.MAX_VALUE);
    }

    /**
     * The graph in bands no wider than {@code maxWidth} where possible: consecutive layers while they
     * fit (a band holds at least one layer), each later band starting with ghosts of the earlier
     * nodes it uses.
     */
    public static Result of(Doc.Graph g, Measure m, Spacing sp, float maxWidth) {
        List<GraphNode> nodes = g.nodes();
        if (nodes.isEmpty()) return new Result(List.of());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) index.put(nodes.get(i).id(), i);
        int minLayer = nodes.stream().mapToInt(GraphNode::layer).min().orElse(0);

        // ---------------------------------------------------------------- measures
        float labAsc = 0, labDesc = 0, txtAsc = 0, txtDesc = 0;
        float[] widths = new float[nodes.size()];
        int[] layer = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            GraphNode n = nodes.get(i);
            Size l = m.label(n.label()), v = m.text(n.value()), a = m.text(n.adjoint());
            labAsc = Math.max(labAsc, l.height());
            labDesc = Math.max(labDesc, l.depth());
            txtAsc = Math.max(txtAsc, Math.max(v.height(), a.height()));
            txtDesc = Math.max(txtDesc, Math.max(v.depth(), a.depth()));
            widths[i] = Math.max(sp.minWidth(), Math.max(l.width(), Math.max(v.width(), a.width())) + 2 * sp.padX());
            layer[i] = n.layer() - minLayer;
        }
        float nodeH = sp.padY() + labAsc + labDesc + 2 * sp.ruleGap() + 2 * (txtAsc + txtDesc) + sp.lineGap() + sp.padY();
        Metrics metrics = new Metrics(labAsc, labDesc, txtAsc, txtDesc, nodeH);
        List<int[]> edges = new ArrayList<>();
        for (GraphEdge e : g.edges()) edges.add(new int[] {index.get(e.from()), index.get(e.to())});

        // ---------------------------------------------------------------- bands of layers
        int layerCount = 0;
        for (int l : layer) layerCount = Math.max(layerCount, l + 1);
        float[] colW = new float[layerCount];
        for (int i = 0; i < nodes.size(); i++) colW[layer[i]] = Math.max(colW[layer[i]], widths[i]);
        List<int[]> ranges = new ArrayList<>();
        for (int start = 0; start < layerCount; ) {
            int end = start;
            while (end + 1 < layerCount && bandWidth(start, end + 1, colW, widths, layer, edges, sp) <= maxWidth) end++;
            ranges.add(new int[] {start, end});
            start = end + 1;
        }
        List<Band> bands = new ArrayList<>();
        for (int[] range : ranges) {
            int start = range[0], end = range[1];
            List<Entry> entries = new ArrayList<>();
            Map<Integer, Integer> entryOf = new HashMap<>(), ghostOf = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++)
                if (layer[i] >= start && layer[i] <= end) {
                    entryOf.put(i, entries.size());
                    entries.add(new Entry(nodes.get(i), widths[i], layer[i] - start + (start > 0 ? 1 : 0), false));
                }
            List<int[]> links = new ArrayList<>();
            for (int[] e : edges) {
                Integer to = entryOf.get(e[1]);
                if (to == null) continue;
                Integer from = entryOf.get(e[0]);
                if (from == null) {
                    if (layer[e[0]] >= start) continue; // an edge backwards into the band: not drawn
                    from = ghostOf.get(e[0]);
                    if (from == null) {
                        from = entries.size();
                        ghostOf.put(e[0], from);
                        entries.add(new Entry(nodes.get(e[0]), widths[e[0]], 0, true));
                    }
                }
                links.add(new int[] {from, to});
            }
            bands.add(band(entries, links, metrics, sp));
        }
        return new Result(bands);
    }

    /** The width of the band of layers start…end, with a column of ghosts when it does not start at 0. */
    private static float bandWidth(int start, int end, float[] colW, float[] widths, int[] layer, List<int[]> edges, Spacing sp) {
        float w = 0;
        for (int l = start; l <= end; l++) w += colW[l] + (l > start ? sp.layerGap() : 0);
        if (start > 0) {
            float ghosts = 0;
            for (int[] e : edges)
                if (layer[e[0]] < start && layer[e[1]] >= start && layer[e[1]] <= end) ghosts = Math.max(ghosts, widths[e[0]]);
            w += ghosts + sp.layerGap();
        }
        return w;
    }

    /** One band: the entries in their layers, with links between entries (from an earlier layer to a later one). */
    private static Band band(List<Entry> entries, List<int[]> edgeList, Metrics mx, Spacing sp) {
        float labAsc = mx.labAsc(), labDesc = mx.labDesc(), txtAsc = mx.txtAsc(), txtDesc = mx.txtDesc(), nodeH = mx.nodeH();

        // ---------------------------------------------------------------- items and layout edges
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) items.add(new Item(i, entries.get(i).layer(), entries.get(i).width(), nodeH));
        Map<List<Integer>, Integer> dummies = new HashMap<>();
        Set<List<Integer>> links = new LinkedHashSet<>();
        for (int[] e : edgeList) {
            int u = e[0], v = e[1];
            int prev = u;
            for (int l = items.get(u).layer + 1; l < items.get(v).layer; l++) {
                List<Integer> key = List.of(u, l);
                Integer d = dummies.get(key);
                if (d == null) {
                    d = items.size();
                    items.add(new Item(-1, l, 0, 0));
                    dummies.put(key, d);
                }
                links.add(List.of(prev, d));
                prev = d;
            }
            links.add(List.of(prev, v));
        }
        for (List<Integer> link : links) {
            items.get(link.get(0)).succs.add(link.get(1));
            items.get(link.get(1)).preds.add(link.get(0));
        }

        // ---------------------------------------------------------------- order within layers
        int layerCount = items.stream().mapToInt(it -> it.layer).max().orElse(0) + 1;
        List<List<Item>> layers = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) layers.add(new ArrayList<>());
        for (Item it : items) layers.get(it.layer).add(it);
        number(layers);
        List<List<Item>> best = copy(layers);
        long bestCrossings = crossings(layers, items);
        for (int round = 0; round < 24 && bestCrossings > 0; round++) {
            boolean down = round % 2 == 0;
            for (int k = 1; k < layerCount; k++) {
                int l = down ? k : layerCount - 1 - k;
                List<Item> layer = layers.get(l);
                Map<Item, Double> key = new HashMap<>();
                for (Item it : layer) key.put(it, barycentre(down ? it.preds : it.succs, items, it.pos));
                layer.sort(Comparator.comparingDouble(key::get));
                number(layers);
            }
            long c = crossings(layers, items);
            if (c < bestCrossings) {
                bestCrossings = c;
                best = copy(layers);
            }
        }
        layers = best;
        number(layers);

        // ---------------------------------------------------------------- vertical positions
        float tallest = 0;
        List<float[]> seps = new ArrayList<>();
        for (List<Item> layer : layers) {
            float[] sep = new float[Math.max(0, layer.size() - 1)];
            for (int i = 0; i + 1 < layer.size(); i++) {
                Item a = layer.get(i), b = layer.get(i + 1);
                float gap = a.dummy() || b.dummy() ? sp.nodeGap() * 0.6f : sp.nodeGap();
                sep[i] = (a.height + b.height) / 2 + gap;
            }
            seps.add(sep);
            float total = layer.isEmpty() ? 0 : layer.get(0).height / 2 + layer.get(layer.size() - 1).height / 2;
            for (float s : sep) total += s;
            tallest = Math.max(tallest, total);
        }
        for (int l = 0; l < layerCount; l++) {
            List<Item> layer = layers.get(l);
            if (layer.isEmpty()) continue;
            float[] sep = seps.get(l);
            float total = layer.get(0).height / 2 + layer.get(layer.size() - 1).height / 2;
            for (float s : sep) total += s;
            float y = (tallest - total) / 2 + layer.get(0).height / 2;
            for (int i = 0; i < layer.size(); i++) {
                layer.get(i).y = y;
                if (i < sep.length) y += sep[i];
            }
        }
        for (int round = 0; round < 48; round++) {
            int mode = round >= 36 ? 2 : round % 2; // 0: towards predecessors, 1: successors, 2: both
            for (int k = 0; k < layerCount; k++) {
                int l = mode == 1 ? layerCount - 1 - k : k;
                List<Item> layer = layers.get(l);
                float[] desired = new float[layer.size()];
                for (int i = 0; i < layer.size(); i++) {
                    Item it = layer.get(i);
                    List<Integer> nb = new ArrayList<>();
                    if (mode != 1) nb.addAll(it.preds);
                    if (mode != 0) nb.addAll(it.succs);
                    desired[i] = nb.isEmpty() ? it.y : (float) nb.stream().mapToDouble(j -> items.get(j).y).average().orElse(it.y);
                }
                float[] placed = place(desired, seps.get(l));
                for (int i = 0; i < layer.size(); i++) layer.get(i).y = placed[i];
            }
        }
        // Parts of the graph that are not connected in this band drift apart: close every empty
        // horizontal strip of the drawing down to the gap between boxes.
        List<Item> byTop = new ArrayList<>(items);
        byTop.sort(Comparator.comparingDouble(it -> it.y - it.height / 2));
        float reach = -Float.MAX_VALUE, shift = 0;
        for (Item it : byTop) {
            float itTop = it.y - it.height / 2 - shift;
            if (reach > -Float.MAX_VALUE && itTop > reach + sp.nodeGap()) shift += itTop - (reach + sp.nodeGap());
            it.y -= shift;
            reach = Math.max(reach, it.y + it.height / 2);
        }
        float top = Float.MAX_VALUE, bottom = -Float.MAX_VALUE;
        for (Item it : items) {
            top = Math.min(top, it.y - it.height / 2);
            bottom = Math.max(bottom, it.y + it.height / 2);
        }
        for (Item it : items) it.y -= top;
        float height = bottom - top;

        // ---------------------------------------------------------------- columns
        float[] colX = new float[layerCount], colW = new float[layerCount];
        float x = 0;
        for (int l = 0; l < layerCount; l++) {
            float w = 0;
            for (Item it : layers.get(l)) w = Math.max(w, it.width);
            colW[l] = w > 0 ? w : sp.minWidth() / 2;
            colX[l] = x;
            x += colW[l] + sp.layerGap();
        }
        float width = x - sp.layerGap();

        // ---------------------------------------------------------------- boxes
        List<Box> boxes = new ArrayList<>();
        Map<Item, float[]> extent = new HashMap<>(); // left and right x of each item
        for (Item it : items) {
            float left = it.dummy() ? colX[it.layer] : colX[it.layer] + (colW[it.layer] - it.width) / 2;
            float right = it.dummy() ? colX[it.layer] + colW[it.layer] : left + it.width;
            extent.put(it, new float[] {left, right});
            if (it.dummy()) continue;
            float boxTop = it.y - it.height / 2;
            float labelBase = boxTop + sp.padY() + labAsc;
            float rule = labelBase + labDesc + sp.ruleGap();
            float valueBase = rule + sp.ruleGap() + txtAsc;
            float adjointBase = valueBase + txtDesc + sp.lineGap() + txtAsc;
            boxes.add(new Box(entries.get(it.node).node(), left, boxTop, it.width, it.height, rule, labelBase, valueBase, adjointBase,
                    entries.get(it.node).ghost()));
        }

        // ---------------------------------------------------------------- edges
        Map<List<Integer>, float[]> ports = new HashMap<>(); // link -> {y at the source, y at the target}
        for (List<Integer> link : links) ports.put(link, new float[2]);
        for (Item it : items) {
            int me = items.indexOf(it);
            List<Integer> outs = new ArrayList<>(it.succs);
            outs.sort(Comparator.comparingDouble(j -> items.get(j).y));
            for (int k = 0; k < outs.size(); k++)
                ports.get(List.of(me, outs.get(k)))[0] = port(it, k, outs.size(), sp);
            List<Integer> ins = new ArrayList<>(it.preds);
            ins.sort(Comparator.comparingDouble(j -> items.get(j).y));
            for (int k = 0; k < ins.size(); k++)
                ports.get(List.of(ins.get(k), me))[1] = port(it, k, ins.size(), sp);
        }
        List<Piece> pieces = new ArrayList<>();
        List<Tip> tips = new ArrayList<>();
        for (Item it : items)
            if (it.dummy()) pieces.add(Piece.line(extent.get(it)[0], it.y, extent.get(it)[1], it.y));
        for (List<Integer> link : links) {
            Item a = items.get(link.get(0)), b = items.get(link.get(1));
            float[] p = ports.get(link);
            float x0 = extent.get(a)[1], x1 = extent.get(b)[0];
            if (!b.dummy()) {
                tips.add(new Tip(x1, p[1], sp.arrow()));
                x1 -= sp.arrow();
            }
            curve(pieces, x0, p[0], x1, p[1]);
        }
        return new Band(width, height, boxes, pieces, tips);
    }

    /** The y of the k-th of m edges at one side of an item: spread around its centre for a box. */
    private static float port(Item it, int k, int m, Spacing sp) {
        if (it.dummy() || m <= 1) return it.y;
        float step = Math.min(sp.portGap(), it.height * 0.6f / (m - 1));
        return it.y + (k - (m - 1) / 2f) * step;
    }

    /** An S-shaped curve leaving and arriving horizontally: two quadratic pieces meeting in the middle. */
    private static void curve(List<Piece> out, float x0, float y0, float x1, float y1) {
        if (Math.abs(y1 - y0) < 0.25f || x1 <= x0) {
            out.add(Piece.line(x0, y0, x1, y1));
            return;
        }
        float a = 0.35f * (x1 - x0);
        float c1x = x0 + a, c2x = x1 - a;
        float mx = (c1x + c2x) / 2, my = (y0 + y1) / 2;
        out.add(new Piece(x0, y0, c1x, y0, mx, my));
        out.add(new Piece(mx, my, c2x, y1, x1, y1));
    }

    private static void number(List<List<Item>> layers) {
        for (List<Item> layer : layers)
            for (int i = 0; i < layer.size(); i++) layer.get(i).pos = i;
    }

    private static List<List<Item>> copy(List<List<Item>> layers) {
        List<List<Item>> out = new ArrayList<>();
        for (List<Item> l : layers) out.add(new ArrayList<>(l));
        return out;
    }

    private static double barycentre(List<Integer> neighbours, List<Item> items, int current) {
        if (neighbours.isEmpty()) return current;
        double s = 0;
        for (int j : neighbours) s += items.get(j).pos;
        // the current position breaks ties, so equal barycentres keep their order
        return s / neighbours.size() + current * 1e-6;
    }

    /** Pairs of links between neighbouring layers that cross. */
    private static long crossings(List<List<Item>> layers, List<Item> items) {
        number(layers);
        long n = 0;
        for (List<Item> layer : layers) {
            List<int[]> links = new ArrayList<>();
            for (Item a : layer)
                for (int j : a.succs) links.add(new int[] {a.pos, items.get(j).pos});
            for (int i = 0; i < links.size(); i++)
                for (int k = i + 1; k < links.size(); k++) {
                    int[] p = links.get(i), q = links.get(k);
                    if ((p[0] - q[0]) * (long) (p[1] - q[1]) < 0) n++;
                }
        }
        return n;
    }

    /**
     * Positions as close as possible (least squares) to {@code desired}, in order, with at least
     * {@code sep[i]} between item i and i + 1: isotonic regression of the desired positions minus the
     * cumulative gaps (pool adjacent violators).
     */
    static float[] place(float[] desired, float[] sep) {
        int n = desired.length;
        float[] offset = new float[n];
        for (int i = 1; i < n; i++) offset[i] = offset[i - 1] + sep[i - 1];
        double[] sum = new double[n];
        int[] count = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            sum[blocks] = desired[i] - offset[i];
            count[blocks] = 1;
            blocks++;
            while (blocks > 1 && sum[blocks - 2] / count[blocks - 2] > sum[blocks - 1] / count[blocks - 1]) {
                sum[blocks - 2] += sum[blocks - 1];
                count[blocks - 2] += count[blocks - 1];
                blocks--;
            }
        }
        float[] out = new float[n];
        int i = 0;
        for (int b = 0; b < blocks; b++) {
            float mean = (float) (sum[b] / count[b]);
            for (int k = 0; k < count[b]; k++, i++) out[i] = mean + offset[i];
        }
        return out;
    }
}
