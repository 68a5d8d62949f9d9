package org.chainrule.render.pdf;

import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The trailer's /ID, from the document's content: the same content gives the same bytes, and PDFBox
 * does not make a time-based one. A plain 128-bit hash, not a {@code MessageDigest}: the first
 * MessageDigest of a run sets up the security providers, measured at 30–40 ms of a formula's cold
 * start. The PDF format asks only that the identifier be unlikely to repeat, not that it be secure.
 */
final class PdfId {
    private PdfId() {}

    static void set(PDDocument pdf, String content) {
        byte[] id = hash(content);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        pdf.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    /** Two 64-bit FNV-1a-style hashes with different multipliers, each finished by splitmix64's mixer. */
    static byte[] hash(String content) {
        long a = 0xcbf29ce484222325L, b = 0x6a09e667f3bcc909L;
        for (byte x : content.getBytes(StandardCharsets.UTF_8)) {
            a = (a ^ (x & 0xff)) * 0x100000001b3L;
            b = (b ^ (x & 0xff)) * 0x9e3779b97f4a7c15L;
        }
        long[] halves = {mix(a), mix(b ^ a)};
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) out[i] = (byte) (halves[i / 8] >>> (8 * (i % 8)));
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
