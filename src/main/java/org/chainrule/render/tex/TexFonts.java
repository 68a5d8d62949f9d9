package org.chainrule.render.tex;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.scilab.forge.jlatexmath.DefaultTeXFontParser;
import org.scilab.forge.jlatexmath.FontInfo;
import org.scilab.forge.jlatexmath.TeXFormula;

/**
 * jlatexmath's fonts without the JDK's font system. jlatexmath lays out from its own metric tables
 * and wants a {@link Font} per font only to draw with; making one ({@code Font.createFont}) starts the
 * JDK's font manager, copies the font to a temporary file and seeds a SecureRandom for its name:
 * measured at 0.1–0.3 s of a formula's cold start, most of it. Here each of jlatexmath's fonts gets a
 * light Font (a name and a size, which nothing resolves) before first use, and a Graphics2D that is a
 * {@link Tex.Outlines} (the PDF writer's) draws its glyphs from outlines read with fontbox, which the
 * PDF writer has loaded anyway.
 * jlatexmath keeps the fonts in a private table, hence the reflection; should a later jlatexmath
 * change it, nothing is installed and its own fonts are used as before. Pictures (PNG, SVG) are drawn
 * by the JDK's or another library's Graphics2D, which must see real fonts: {@link #withRealFonts}
 * puts them in place while one is painted (jlatexmath looks a font up when it draws a character).
 */
public final class TexFonts {
    private TexFonts() {}

    private static final String PREFIX = "chainrule-tex-font-";

    /** Where a light font's file is (the class that loads the resource, and its path), and whose it is. */
    private record Source(Class<?> loader, String path, Object info, Font light) {}

    private static final Map<String, Source> SOURCES = new HashMap<>();
    private static final Map<String, TrueTypeFont> PARSED = new HashMap<>();
    private static final Map<String, Font> REAL = new HashMap<>();
    private static Field fontField;

    /**
     * Gives every jlatexmath font that has no Font yet a light one. Called once, under Tex's lock,
     * after jlatexmath's static set-up.
     */
    static void install() {
        try {
            Field table = FontInfo.class.getDeclaredField("fonts");
            Field font = FontInfo.class.getDeclaredField("font");
            Field base = FontInfo.class.getDeclaredField("base");
            Field path = FontInfo.class.getDeclaredField("path");
            for (Field f : new Field[] {table, font, base, path}) f.setAccessible(true);
            Map<?, ?> fonts = (Map<?, ?>) table.get(null);
            for (Object info : fonts.values()) {
                if (font.get(info) != null) continue;
                Object b = base.get(info);
                String name = PREFIX + ((FontInfo) info).getId();
                // as FontInfo.getFont would load it, at the size DefaultTeXFontParser.createFont gives
                Font light = new Font(name, Font.PLAIN, 1).deriveFont(size());
                SOURCES.put(name, new Source(b == null ? DefaultTeXFontParser.class : b.getClass(), (String) path.get(info), info, light));
                font.set(info, light);
            }
            fontField = font;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a jlatexmath whose table is not as expected: its own fonts stay in place
        }
    }

    /** The size DefaultTeXFontParser.createFont gives its fonts. */
    private static float size() {
        return TeXFormula.PIXELS_PER_POINT * TeXFormula.FONT_SCALE_FACTOR;
    }

    private static InputStream open(Source s) throws IOException {
        InputStream in = s.loader().getResourceAsStream(s.path());
        if (in == null) throw new IOException("no font resource " + s.path());
        return in;
    }

    /** Whether {@code font} is one of the light fonts, drawn by {@link #outline}. */
    public static boolean owns(Font font) {
        return SOURCES.containsKey(font.getName());
    }

    /**
     * The outline of {@code text} in one of the light fonts, at the font's size, with the baseline at
     * y = 0 and y pointing down, as {@code Font.createGlyphVector(…).getOutline()} gives it.
     */
    public static Shape outline(Font font, String text) {
        TrueTypeFont ttf = parsed(font.getName());
        try {
            float scale = font.getSize2D() / ttf.getUnitsPerEm();
            CmapLookup cmap = ttf.getUnicodeCmapLookup();
            GeneralPath out = new GeneralPath();
            float x = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                int gid = cmap.getGlyphId(cp);
                GlyphData glyph = ttf.getGlyph().getGlyph(gid);
                if (glyph != null) {
                    AffineTransform at = AffineTransform.getTranslateInstance(x, 0);
                    at.scale(scale, -scale); // font units, y up → points, y down
                    out.append(glyph.getPath().getPathIterator(at), false);
                }
                x += ttf.getAdvanceWidth(gid) * scale;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code paint} with jlatexmath's real fonts in place of the light ones, for a Graphics2D that
     * is not a {@link Tex.Outlines}. Called under Tex's lock, like every call into jlatexmath.
     */
    static void withRealFonts(Runnable paint) {
        if (SOURCES.isEmpty()) {
            paint.run();
            return;
        }
        swap(true);
        try {
            paint.run();
        } finally {
            swap(false);
        }
    }

    private static void swap(boolean real) {
        try {
            for (Map.Entry<String, Source> en : SOURCES.entrySet()) {
                Source s = en.getValue();
                fontField.set(s.info(), real ? real(s.light()) : s.light());
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("jlatexmath's font table was readable at start-up", e);
        }
    }

    /** The real font behind a light one. */
    static Font real(Font light) {
        return REAL.computeIfAbsent(light.getName(), n -> load(SOURCES.get(n)));
    }

    /** The font as jlatexmath would make it (DefaultTeXFontParser.createFont), without registering it. */
    private static Font load(Source s) {
        try (InputStream in = open(s)) {
            return Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(size());
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load jlatexmath's font " + s.path(), e);
        }
    }

    private static synchronized TrueTypeFont parsed(String name) {
        return PARSED.computeIfAbsent(name, n -> {
            try (InputStream in = open(SOURCES.get(n))) {
                return new TTFParser().parse(new RandomAccessReadBuffer(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
