package org.chainrule.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.chainrule.parse.ParseException;

/** Strict UTF-8 for every text chainrule reads (formulas, sheets, claims): a bad byte is an error at its place. */
final class Utf8 {

    private Utf8() {}

    /**
     * The text of {@code bytes}.
     *
     * @throws ParseException at the line and column of the first byte that is not UTF-8, with the line up to it
     */
    static String decode(byte[] bytes) throws ParseException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            int at = in.position();
            String before = out.flip().toString();
            int lineStart = before.lastIndexOf('\n') + 1;
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            throw new ParseException("not UTF-8 text: " + hex(bytes, at, Math.max(1, r.length()))
                    + " is not a character in UTF-8; save the file as UTF-8", line, before.length() - lineStart + 1,
                    before.substring(lineStart));
        }
        return out.flip().toString();
    }

    /** "byte 0xC3" or "bytes 0xED 0xA0 0x80". */
    private static String hex(byte[] b, int from, int n) {
        StringBuilder s = new StringBuilder(n == 1 ? "byte" : "bytes");
        for (int i = from; i < Math.min(b.length, from + n); i++) s.append(String.format(" 0x%02X", b[i] & 0xFF));
        return s.toString();
    }
}
