package org.chainrule.render;

import org.chainrule.render.Doc.Block;
import org.chainrule.render.Doc.Paragraph;

/**
 * What both back ends keep on one page: a paragraph that leads into the block after it goes to the
 * next page with that block, and a short equation chain is never split. A lead-in alone at the foot
 * of a page reads as a sentence that lost its formula.
 */
public final class Keeps {
    private Keeps() {}

    /** An equation chain of at most this many rows is never split across pages. */
    public static final int FEW_ROWS = 3;

    /**
     * Whether {@code p} introduces {@code next}: it ends with a colon ("First, ∂E/∂θ:") or with
     * "where", or it stands right before a table or a graph, which a paragraph always introduces.
     */
    public static boolean leadsIn(Paragraph p, Block next) {
        if (next instanceof Doc.Table || next instanceof Doc.Graph) return true;
        if (p.parts().isEmpty() || !(p.parts().get(p.parts().size() - 1) instanceof Doc.Text t)) return false;
        String s = t.text().strip();
        return s.endsWith(":") || s.equalsIgnoreCase("where") || s.endsWith(" where") || s.endsWith(",where");
    }
}
