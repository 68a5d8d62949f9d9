package org.chainrule.render.tex;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.util.List;
import java.util.Locale;
import org.scilab.forge.jlatexmath.DefaultTeXFontParser;
import org.scilab.forge.jlatexmath.Glue;
import org.scilab.forge.jlatexmath.MacroInfo;
import org.scilab.forge.jlatexmath.NewEnvironmentMacro;
import org.scilab.forge.jlatexmath.ParseException;
import org.scilab.forge.jlatexmath.SymbolAtom;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * The only door to jlatexmath. Every formula passes {@link SafeTex#check} first; jlatexmath is set up
 * once per JVM, lazily and thread-safely (a holder class), and every call into it holds one lock,
 * because its tables and font caches are static and unsynchronised.
 *
 * <p>Set-up: the {@code cases} environment gets a quad between value and condition (jlatexmath 1.0.7
 * sets them touching), and the commands that define macros or read files are removed from jlatexmath's
 * command table, so even LaTeX that slipped past {@link SafeTex} could not use them.
 */
public final class Tex {

    /**
     * A Graphics2D that draws jlatexmath's characters with {@link TexFonts#outline} when
     * {@link TexFonts#owns} the font (the PDF writer's); any other gets jlatexmath's real fonts.
     */
    public interface Outlines {}

    /** How a formula is set: displayed (full-size fractions, limits above and below) or inline. */
    public enum Style { DISPLAY, TEXT }

    /**
     * A laid-out formula. Sizes are in points at the size it was laid out for: {@code height} above
     * the baseline, {@code depth} below it.
     */
    public record Box(String latex, TeXIcon icon, float size, float width, float height, float depth) {
        public float total() { return height + depth; }
    }

    /** Commands removed from jlatexmath's table at start-up (belt and braces behind SafeTex). */
    static final List<String> REMOVED = List.of("includegraphics", "newcommand", "renewcommand",
            "newenvironment", "renewenvironment", "definecolor");

    private static final Object LOCK = new Object();

    private Tex() {}

    /** Initialised on first use; the JVM runs this exactly once, whatever the threads. */
    private static final class Engine {
        static {
            // jlatexmath's XML tables are read into TexXml's small DOM, a third of its set-up time saved
            TexXml.whileLoading(() -> {
                // jlatexmath would register each font it loads with the AWT graphics environment, which first
                // reads every font installed on the machine (measured: ~0.1 s of a cold run, more on machines
                // with TeX's fonts installed). Nothing here looks fonts up by name: the Font objects are used.
                DefaultTeXFontParser.registerFonts(false);
                new TeXFormula("x"); // forces jlatexmath's static initialisation (fonts, symbols, macros)
                // and the two classes that read their XML on first use, not at start-up
                for (Class<?> c : List.of(SymbolAtom.class, Glue.class)) initialise(c);
            });
            TexFonts.install(); // before any formula asks for a font: see TexFonts
            try {
                NewEnvironmentMacro.addNewEnvironment("cases",
                        "\\left\\{\\begin{array}{l@{\\quad}l}", "\\end{array}\\right.", 0);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot redefine the cases environment", e);
            }
            for (String command : REMOVED) MacroInfo.Commands.remove(command);
        }

        static void ready() {}

        private static void initialise(Class<?> c) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e); // it is loaded: c names it
            }
        }
    }

    /** Whether jlatexmath's command table still has {@code command} (for tests of the set-up). */
    static boolean jlatexmathKnows(String command) {
        synchronized (LOCK) {
            Engine.ready();
            return MacroInfo.Commands.containsKey(command);
        }
    }

    /**
     * Lays out {@code latex} at {@code size} points.
     *
     * @throws UnsafeLatexException when SafeTex refuses it or the result is larger than the cap
     * @throws IllegalArgumentException when jlatexmath cannot parse it
     */
    public static Box layout(String latex, float size, Style style) {
        SafeTex.check(latex);
        TeXIcon icon;
        synchronized (LOCK) {
            Engine.ready();
            try {
                icon = new TeXFormula(latex).createTeXIcon(
                        style == Style.DISPLAY ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT, size);
            } catch (ParseException e) {
                throw new IllegalArgumentException("jlatexmath cannot read " + latex + ": " + e.getMessage(), e);
            }
            icon.setInsets(new Insets(0, 0, 0, 0), true); // true: exactly these, not plus 0.18 em
            icon.setForeground(Color.BLACK);
        }
        // jlatexmath's "true icon height" is height plus depth
        float w = icon.getTrueIconWidth(), d = icon.getTrueIconDepth(), h = icon.getTrueIconHeight() - d;
        // measured at one pixel per point, relative to an 11 pt formula
        float scale = 11f / size;
        if (w * scale > SafeTex.MAX_EXTENT || (h + d) * scale > SafeTex.MAX_EXTENT)
            throw new UnsafeLatexException(String.format(Locale.ROOT,
                    "formula too large: %.0f x %.0f px (limit %.0f px)", w * scale, (h + d) * scale, SafeTex.MAX_EXTENT));
        return new Box(latex, icon, size, w, h, d);
    }

    /**
     * Paints {@code box} in {@code color} with the top-left corner of its box at ({@code x}, {@code y})
     * in {@code g}'s coordinates (y down); its baseline is at {@code y + box.height()}.
     */
    public static void paint(Box box, Graphics2D g, int x, int y, Color color) {
        synchronized (LOCK) {
            box.icon().setForeground(color);
            if (g instanceof Outlines) box.icon().paintIcon(null, g, x, y);
            else TexFonts.withRealFonts(() -> box.icon().paintIcon(null, g, x, y)); // a picture: see TexFonts
        }
    }
}
