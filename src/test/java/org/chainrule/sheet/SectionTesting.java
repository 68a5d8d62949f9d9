package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chainrule.derive.Engine;
import org.chainrule.parse.SheetParser;
import org.chainrule.render.Doc;

/** Keys one-problem sheets and pulls out a numeric section's data and the document's rows. */
final class SectionTesting {
    private SectionTesting() {}

    static AnswerKey key(String problemBody) {
        try {
            return AnswerKey.of(SheetParser.parse("\\problem{Test}\n" + problemBody + "\n"), Engine::new);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The data of the only section, after checking that nothing failed. */
    static Map<String, Object> data(AnswerKey key) {
        assertTrue(key.failures().isEmpty(), "failures: " + key.failures());
        assertEquals(1, key.sections().size());
        return key.sections().get(0).data();
    }

    /** Every right-hand side of every aligned row, for looking up derived conditions. */
    static List<String> rows(AnswerKey key) {
        List<String> out = new ArrayList<>();
        for (Doc.Block b : key.doc().blocks())
            if (b instanceof Doc.Equations eq) for (Doc.Row r : eq.rows()) out.add(r.rhs());
        return out;
    }
}
