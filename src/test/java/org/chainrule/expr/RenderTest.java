package org.chainrule.expr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/** Everything the printer writes must lay out in jlatexmath (the embedded PDF path), not just look right. */
class RenderTest {

    @TestFactory
    Stream<DynamicTest> everyPrintedRowRendersInJlatexmath() {
        return LatexPrinterTest.rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            String latex = LatexPrinter.print(row.tree());
            TeXIcon icon = new TeXFormula(latex).createTeXIcon(TeXConstants.STYLE_DISPLAY, 20);
            assertTrue(icon.getIconWidth() > 0 && icon.getIconHeight() > 0, latex);
        }));
    }
}
