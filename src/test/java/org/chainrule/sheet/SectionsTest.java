package org.chainrule.sheet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.chainrule.parse.SheetParser;
import org.junit.jupiter.api.Test;

/** A new section is registered twice, in the sheet parser and in the section table: the two agree. */
class SectionsTest {

    @Test
    void everyNumericDirectiveHasASectionAndEverySectionIsParsed() {
        Set<String> parsed = new TreeSet<>(SheetParser.NUMERIC);
        parsed.remove("round"); // a setting that AnswerKey reads, not a section
        assertEquals(parsed, new TreeSet<>(Sections.names()));
    }
}
