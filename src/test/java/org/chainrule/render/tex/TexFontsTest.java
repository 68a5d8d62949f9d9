package org.chainrule.render.tex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scilab.forge.jlatexmath.FontInfo;

/** The light fonts draw what jlatexmath's real fonts draw, glyph for glyph (the JDK's outlines as the oracle). */
class TexFontsTest {

    private static List<Font> lightFonts() {
        Tex.layout("x", 11, Tex.Style.TEXT); // jlatexmath's set-up, which installs the light fonts
        List<Font> out = new ArrayList<>();
        for (int id = 0; id < 200; id++) {
            Font f;
            try {
                f = FontInfo.getFont(id);
            } catch (RuntimeException e) {
                continue; // no font with this id
            }
            if (f != null && TexFonts.owns(f)) out.add(f);
        }
        return out;
    }

    @Test
    void everyFontOfJlatexmathIsLight() {
        // the four Computer Modern fonts of every formula at least, and the Latin, Greek, Cyrillic … ones
        assertTrue(lightFonts().size() >= 4, "light fonts: " + lightFonts().size());
    }

    /** Characters the JDK draws as nothing whatever the font holds: controls, format characters, marks. */
    private static boolean invisibleToTheJdk(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.NON_SPACING_MARK, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    @Test
    void outlinesMatchTheJdksGlyphByGlyph() {
        FontRenderContext frc = new FontRenderContext(null, true, true);
        int glyphs = 0;
        for (Font light : lightFonts()) {
            Font real = TexFonts.real(light);
            assertEquals(real.getSize2D(), light.getSize2D(), 0);
            // the JDK rounds outlines to 1/64 unit (FreeType's 26.6 fixed point) and bounds its curves
            // differently; fontbox's are exact: a thousandth of an em is 0.01 pt in an 11 pt formula
            double tol = 1e-3 * real.getSize2D();
            for (char c = 0x20; c < 0x3000; c++) {
                if (!real.canDisplay(c)) continue;
                String s = String.valueOf(c);
                Rectangle2D want = real.createGlyphVector(frc, s).getOutline().getBounds2D();
                Rectangle2D got = TexFonts.outline(light, s).getBounds2D();
                String where = real.getFontName() + " U+" + Integer.toHexString(c);
                if (want.isEmpty() && (got.isEmpty() || invisibleToTheJdk(c))) continue;
                assertEquals(want.getMinX(), got.getMinX(), tol, where);
                assertEquals(want.getMinY(), got.getMinY(), tol, where);
                assertEquals(want.getMaxX(), got.getMaxX(), tol, where);
                assertEquals(want.getMaxY(), got.getMaxY(), tol, where);
                glyphs++;
            }
            // two characters: the second is placed at the first's advance, as the JDK places it
            if (real.canDisplay('A') && real.canDisplay('B')) {
                Rectangle2D want = real.createGlyphVector(frc, "AB").getOutline().getBounds2D();
                Rectangle2D got = TexFonts.outline(light, "AB").getBounds2D();
                assertEquals(want.getMaxX(), got.getMaxX(), 2 * tol, real.getFontName() + " AB");
            }
        }
        assertTrue(glyphs > 2000, "glyphs compared: " + glyphs);
    }
}
