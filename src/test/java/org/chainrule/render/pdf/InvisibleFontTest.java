package org.chainrule.render.pdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.junit.jupiter.api.Test;

/**
 * The ASCII cut of DejaVu Sans that carries a formula's invisible LaTeX source: made here from the
 * full face, so the committed file is what this code makes ({@code -Dgolden.update=true} rewrites it).
 */
class InvisibleFontTest {

    private static final Path COMMITTED = Path.of("src/main/resources" + Fonts.ASCII_SUBSET);

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = InvisibleFontTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            return in.readAllBytes();
        }
    }

    private static TrueTypeFont parse(byte[] bytes) throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(bytes));
    }

    /** Printable ASCII, U+0020 to U+007E. */
    private static Set<Integer> ascii() {
        Set<Integer> s = new LinkedHashSet<>();
        for (int c = 0x20; c <= 0x7E; c++) s.add(c);
        return s;
    }

    private static byte[] make() throws IOException {
        TrueTypeFont full = parse(resource("/net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf"));
        // no kerning or substitution tables: the text is never shown, and they would be copied whole
        TTFSubsetter sub = new TTFSubsetter(full, List.of("head", "hhea", "maxp", "OS/2", "name", "post", "cmap",
                "hmtx", "loca", "glyf", "cvt ", "fpgm", "prep", "gasp"));
        sub.addAll(ascii());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sub.writeToStream(out);
        return out.toByteArray();
    }

    @Test
    void theCommittedFileIsTheSubsetThisCodeMakes() throws IOException {
        byte[] made = make();
        assertArrayEquals(made, make(), "the subset is deterministic");
        if (Boolean.getBoolean("golden.update")) Files.write(COMMITTED, made);
        assertArrayEquals(made, Files.readAllBytes(COMMITTED),
                "regenerate with -Dgolden.update=true -Dtest=InvisibleFontTest: " + COMMITTED);
    }

    /** Same glyphs and advances as the full face, so the invisible text spans what it did before. */
    @Test
    void everyPrintableAsciiCharacterKeepsItsAdvance() throws IOException {
        TrueTypeFont full = parse(resource("/net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf"));
        TrueTypeFont cut = parse(resource(Fonts.ASCII_SUBSET));
        assertTrue(cut.getNumberOfGlyphs() < 120, "a small face: " + cut.getNumberOfGlyphs() + " glyphs");
        assertTrue(Files.size(COMMITTED) < 40_000, "a small file: " + Files.size(COMMITTED) + " bytes");
        for (int c : ascii()) {
            int g = cut.getUnicodeCmapLookup().getGlyphId(c);
            assertTrue(g > 0, "a glyph for U+" + Integer.toHexString(c));
            int gFull = full.getUnicodeCmapLookup().getGlyphId(c);
            assertEquals(full.getAdvanceWidth(gFull), cut.getAdvanceWidth(g), "advance of '" + (char) c + "'");
        }
        assertEquals(0, cut.getUnicodeCmapLookup().getGlyphId('σ'), "nothing beyond ASCII");
    }
}
