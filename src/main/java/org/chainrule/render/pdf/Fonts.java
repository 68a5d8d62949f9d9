package org.chainrule.render.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The prose fonts of one PDF: DejaVu Serif and Sans (Bitstream Vera licence, with DejaVu's changes in
 * the public domain), read from the {@code net.sf.jasperreports:jasperreports-fonts} artifact and
 * embedded as subsets. Faces are loaded on first use. Characters a face lacks fall back to DejaVu Sans
 * (which has the arrows, ✓ and circled digits), then to '?'.
 */
final class Fonts {

    enum Face {
        SERIF("DejaVuSerif.ttf"),
        SERIF_ITALIC("DejaVuSerif-Italic.ttf"),
        SANS("DejaVuSans.ttf"),
        SANS_BOLD("DejaVuSans-Bold.ttf"),
        /**
         * DejaVu Sans cut down to printable ASCII (src/test …/InvisibleFontTest makes it), for the
         * invisible LaTeX source over formulas: parsing the whole face costs a one-formula PDF about
         * a tenth of its time, and LaTeX source is ASCII (anything else falls back to SANS).
         */
        SANS_ASCII(ASCII_SUBSET);

        final String file;

        Face(String file) {
            this.file = file;
        }

        /** The resource path of the face's file. */
        String resource() {
            return file.startsWith("/") ? file : DIR + file;
        }
    }

    private static final String DIR = "/net/sf/jasperreports/fonts/dejavu/";
    static final String ASCII_SUBSET = "/org/chainrule/render/pdf/DejaVuSans-ASCII.ttf";

    /** The font files, read once per JVM on first use of each face. */
    private static final Map<Face, byte[]> FILES = new EnumMap<>(Face.class);

    private static byte[] file(Face face) {
        synchronized (FILES) {
            return FILES.computeIfAbsent(face, f -> {
                try (InputStream in = Fonts.class.getResourceAsStream(f.resource())) {
                    if (in == null) throw new IllegalStateException("font " + f.file + " is not on the class path "
                            + "(the net.sf.jasperreports:jasperreports-fonts dependency)");
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Parsed fonts, one set per thread: parsing a face costs more than laying out a page, and a
     * TrueTypeFont reads its tables lazily from one stream, so it must not be shared between threads.
     * The documents only read them (subsets are written from them on save) and never close them.
     */
    private static final ThreadLocal<Map<Face, TrueTypeFont>> PARSED = ThreadLocal.withInitial(() -> new EnumMap<>(Face.class));

    private static TrueTypeFont parsed(Face face) {
        return PARSED.get().computeIfAbsent(face, f -> {
            try {
                TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(file(f)));
                // no glyph substitution: it costs more than the rest of the text, and ligatures
                // ("ﬀ" in "differentiate") would copy out of the PDF as odd characters
                ttf.setEnableGsub(false);
                return ttf;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A piece of text in one font. */
    record Run(PDFont font, String text) {}

    private final PDDocument doc;
    private final Map<Face, PDFont> loaded = new EnumMap<>(Face.class);
    private final Map<PDFont, Map<Integer, Boolean>> hasGlyph = new HashMap<>();

    Fonts(PDDocument doc) {
        this.doc = doc;
    }

    PDFont get(Face face) {
        return loaded.computeIfAbsent(face, f -> {
            try {
                return PDType0Font.load(doc, parsed(f), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private boolean has(PDFont font, int codePoint) {
        return hasGlyph.computeIfAbsent(font, k -> new HashMap<>()).computeIfAbsent(codePoint, cp -> {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false; // "No glyph for U+…"
            }
        });
    }

    /** {@code text} split into runs that {@code face} (or the fallback) can show; tabs and newlines become spaces. */
    List<Run> runs(String text, Face face) {
        PDFont primary = get(face);
        List<Run> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        PDFont curFont = primary;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) cp = ' ';
            PDFont f;
            if (has(primary, cp)) f = primary;
            else if (has(get(Face.SANS), cp)) f = get(Face.SANS);
            else {
                f = primary;
                cp = '?';
            }
            if (f != curFont && cur.length() > 0) {
                out.add(new Run(curFont, cur.toString()));
                cur.setLength(0);
            }
            curFont = f;
            cur.appendCodePoint(cp);
        }
        if (cur.length() > 0) out.add(new Run(curFont, cur.toString()));
        return out;
    }

    /** Width of {@code text} in {@code face} at {@code size} points, fallbacks included. */
    float width(String text, Face face, float size) {
        float w = 0;
        for (Run r : runs(text, face)) w += width(r, size);
        return w;
    }

    static float width(Run r, float size) {
        try {
            return r.font().getStringWidth(r.text()) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
