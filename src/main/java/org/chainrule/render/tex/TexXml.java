package org.chainrule.render.tex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.validation.Schema;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * jlatexmath's static set-up reads some fifty XML files of font metrics and symbol tables through
 * {@code DocumentBuilderFactory.newInstance()}, and the JDK's parser, cold, took most of that time
 * building their DOM. With this one, jlatexmath's set-up and the symbol and glue tables it reads on
 * first use took 88 ms instead of 133 + ~20 (in-process, median of 12 cold runs). While
 * {@link #whileLoading} runs, this factory is the one JAXP hands out, and on that thread it reads plain
 * XML (elements, attributes, text, comments, character and the five predefined entity references, UTF-8)
 * into a read-only {@link TexDom}. Anything else — a DTD, CDATA, a processing instruction, another
 * encoding, a malformed file, a setting other than jlatexmath's — goes to the JDK's own parser, which
 * also serves every other thread and every later use of a factory made in the window, configured as
 * this one. JAXP finds the factory by name, hence public.
 */
public final class TexXml extends DocumentBuilderFactory {
    private static final String PROPERTY = DocumentBuilderFactory.class.getName();
    private static volatile Thread loading;
    /** Documents the builder read itself and those it left to the JDK (the set-up's fall-backs are slow ones). */
    static final AtomicInteger READ = new AtomicInteger(), LEFT = new AtomicInteger();

    /** The JDK's factory, which every setting reaches, so that a fall-back parses as configured. */
    private final DocumentBuilderFactory jdk = DocumentBuilderFactory.newDefaultInstance();

    /** For JAXP. */
    public TexXml() {}

    /**
     * Runs {@code setUp} with this factory in place for the current thread. A factory chosen by the
     * user (the system property already set) is left alone.
     */
    static void whileLoading(Runnable setUp) {
        if (System.getProperty(PROPERTY) != null) {
            setUp.run();
            return;
        }
        loading = Thread.currentThread();
        System.setProperty(PROPERTY, TexXml.class.getName());
        try {
            setUp.run();
        } finally {
            System.clearProperty(PROPERTY);
            loading = null;
        }
    }

    @Override public DocumentBuilder newDocumentBuilder() throws ParserConfigurationException {
        boolean plain = !jdk.isNamespaceAware() && !jdk.isValidating() && jdk.isIgnoringComments()
                && jdk.isExpandEntityReferences() && !jdk.isXIncludeAware() && jdk.getSchema() == null;
        return Thread.currentThread() == loading && plain ? new Builder(jdk) : jdk.newDocumentBuilder();
    }

    @Override public void setNamespaceAware(boolean b) { jdk.setNamespaceAware(b); }
    @Override public boolean isNamespaceAware() { return jdk.isNamespaceAware(); }
    @Override public void setValidating(boolean b) { jdk.setValidating(b); }
    @Override public boolean isValidating() { return jdk.isValidating(); }
    @Override public void setIgnoringElementContentWhitespace(boolean b) { jdk.setIgnoringElementContentWhitespace(b); }
    @Override public boolean isIgnoringElementContentWhitespace() { return jdk.isIgnoringElementContentWhitespace(); }
    @Override public void setExpandEntityReferences(boolean b) { jdk.setExpandEntityReferences(b); }
    @Override public boolean isExpandEntityReferences() { return jdk.isExpandEntityReferences(); }
    @Override public void setIgnoringComments(boolean b) { jdk.setIgnoringComments(b); }
    @Override public boolean isIgnoringComments() { return jdk.isIgnoringComments(); }
    @Override public void setCoalescing(boolean b) { jdk.setCoalescing(b); }
    @Override public boolean isCoalescing() { return jdk.isCoalescing(); }
    @Override public void setAttribute(String name, Object value) { jdk.setAttribute(name, value); }
    @Override public Object getAttribute(String name) { return jdk.getAttribute(name); }
    @Override public void setFeature(String name, boolean value) throws ParserConfigurationException { jdk.setFeature(name, value); }
    @Override public boolean getFeature(String name) throws ParserConfigurationException { return jdk.getFeature(name); }
    @Override public void setSchema(Schema schema) { jdk.setSchema(schema); }
    @Override public Schema getSchema() { return jdk.getSchema(); }
    @Override public void setXIncludeAware(boolean b) { jdk.setXIncludeAware(b); }
    @Override public boolean isXIncludeAware() { return jdk.isXIncludeAware(); }

    /**
     * Reads into a TexDom what {@link Parser} can read, and the rest with the JDK's builder, made only
     * when needed (making one costs more than reading a small file).
     */
    private static final class Builder extends DocumentBuilder {
        private final DocumentBuilderFactory jdk;
        private EntityResolver resolver;
        private ErrorHandler handler;

        Builder(DocumentBuilderFactory jdk) {
            this.jdk = jdk;
        }

        private DocumentBuilder fallback() throws SAXException {
            try {
                DocumentBuilder b = jdk.newDocumentBuilder();
                b.setEntityResolver(resolver);
                b.setErrorHandler(handler);
                return b;
            } catch (ParserConfigurationException e) {
                throw new SAXException(e);
            }
        }

        @Override public Document parse(InputSource source) throws SAXException, IOException {
            InputStream in = source.getByteStream();
            if (in == null || source.getCharacterStream() != null || source.getEncoding() != null) return fallback().parse(source);
            byte[] bytes = in.readAllBytes();
            TexDom.Doc doc = read(bytes);
            (doc != null ? READ : LEFT).incrementAndGet();
            if (doc != null) return doc;
            InputSource again = new InputSource(new ByteArrayInputStream(bytes));
            again.setSystemId(source.getSystemId());
            again.setPublicId(source.getPublicId());
            return fallback().parse(again);
        }

        @Override public boolean isNamespaceAware() { return false; }
        @Override public boolean isValidating() { return false; }
        @Override public void setEntityResolver(EntityResolver resolver) { this.resolver = resolver; }
        @Override public void setErrorHandler(ErrorHandler handler) { this.handler = handler; }

        @Override public Document newDocument() {
            try {
                return fallback().newDocument();
            } catch (SAXException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public DOMImplementation getDOMImplementation() {
            try {
                return fallback().getDOMImplementation();
            } catch (SAXException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The document in {@code bytes}, or null when it is not plain XML as described above. */
    static TexDom.Doc read(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        // characters XML does not allow raw: the JDK refuses the file, and says why
        for (int k = start; k < bytes.length; k++) {
            byte b = bytes[k];
            if (b >= 0 && b < 0x20 && b != '\n' && b != '\t' && b != '\r') return null;
        }
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        // not UTF-8 (or a replacement character), non-characters, "]]>" outside a comment perhaps: the JDK decides
        if (text.indexOf('\uFFFD') >= 0 || text.indexOf('\uFFFE') >= 0 || text.indexOf('\uFFFF') >= 0
                || text.contains("]]>")) return null;
        try {
            return new Parser(text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n')).document();
        } catch (NotPlain e) {
            return null;
        }
    }

    /** Thrown inside the parser for anything it leaves to the JDK; no stack trace, it is not an error. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    /**
     * A recursive-descent reader of the plain subset; line ends already normalised to \n. Written for
     * a cold JVM, where it runs mostly interpreted: the JDK's intrinsic String.indexOf finds the ends,
     * and names and short texts (a few dozen distinct ones in thousands of elements) are shared strings.
     */
    private static final class Parser {
        private final String s;
        private int i;
        private final String[] shared = new String[1024];
        private String[] names = new String[8], values = new String[8]; // of the element being read

        Parser(String s) {
            this.s = s;
        }

        TexDom.Doc document() {
            TexDom.Doc doc = new TexDom.Doc();
            if (s.startsWith("<?xml", i) && s.length() > 5 && isSpace(s.charAt(5))) declaration();
            boolean root = false;
            while (true) {
                skipSpace();
                if (i == s.length()) break;
                if (s.startsWith("<!--", i)) comment();
                else if (!root && s.startsWith("<", i) && i + 1 < s.length() && isNameStart(s.charAt(i + 1))) {
                    doc.add(element());
                    root = true;
                } else throw new NotPlain(); // a DTD, a processing instruction, text outside the root, a second root
            }
            if (!root) throw new NotPlain();
            return doc;
        }

        /** {@code <?xml version="1.0" encoding="UTF-8" standalone="…"?>}: UTF-8 (or no encoding) only. */
        private void declaration() {
            int end = s.indexOf("?>", i);
            if (end < 0) throw new NotPlain();
            String decl = s.substring(i + 5, end);
            int enc = decl.indexOf("encoding");
            if (enc >= 0) {
                String rest = decl.substring(enc + "encoding".length()).strip();
                if (!rest.startsWith("=")) throw new NotPlain();
                rest = rest.substring(1).strip();
                if (rest.isEmpty() || rest.charAt(0) != '"' && rest.charAt(0) != '\'') throw new NotPlain();
                int close = rest.indexOf(rest.charAt(0), 1);
                if (close < 0 || !rest.substring(1, close).equalsIgnoreCase("UTF-8")) throw new NotPlain();
            }
            i = end + 2;
        }

        private void comment() {
            int end = s.indexOf("-->", i + 4);
            if (end < 0) throw new NotPlain();
            if (s.indexOf("--", i + 4) < end) throw new NotPlain(); // "--" inside, or a body ending in "-"
            i = end + 3;
        }

        private TexDom.El element() {
            i++; // <
            String tag = name();
            int count = 0;
            while (true) {
                boolean spaced = skipSpace();
                if (i >= s.length()) throw new NotPlain();
                char c = s.charAt(i);
                if (c == '/' || c == '>') break;
                if (!spaced) throw new NotPlain();
                String n = name();
                skipSpace();
                expect('=');
                skipSpace();
                for (int k = 0; k < count; k++) if (names[k] == n) throw new NotPlain(); // names are shared
                if (count == names.length) {
                    names = Arrays.copyOf(names, 2 * count);
                    values = Arrays.copyOf(values, 2 * count);
                }
                names[count] = n;
                values[count++] = attributeValue();
            }
            TexDom.El el = new TexDom.El(tag, names, values, count);
            if (s.startsWith("/>", i)) {
                i += 2;
                return el;
            }
            expect('>');
            String text = null; // the text since the last child: one piece, or more around comments and references
            StringBuilder joined = null;
            while (true) {
                if (i >= s.length()) throw new NotPlain();
                char c = s.charAt(i);
                String piece = null;
                if (c == '<') {
                    if (s.startsWith("<!--", i)) {
                        comment(); // dropped; the text on either side stays one node, as the JDK's DOM has it
                        continue;
                    }
                    if (text != null) {
                        el.add(new TexDom.TextNode(joined != null ? joined.toString() : text));
                        text = null;
                        joined = null;
                    }
                    if (s.startsWith("</", i)) {
                        i += 2;
                        if (name() != tag) throw new NotPlain();
                        skipSpace();
                        expect('>');
                        return el;
                    }
                    if (i + 1 < s.length() && isNameStart(s.charAt(i + 1))) el.add(element());
                    else throw new NotPlain(); // CDATA, a processing instruction, a stray <
                } else if (c == '&') {
                    StringBuilder b = new StringBuilder(2);
                    reference(b);
                    piece = b.toString();
                } else {
                    int lt = s.indexOf('<', i);
                    if (lt < 0) throw new NotPlain();
                    int amp = s.indexOf('&', i, lt);
                    int next = amp < 0 ? lt : amp;
                    piece = next - i <= 16 ? shared(i, next) : s.substring(i, next);
                    i = next;
                }
                if (piece == null) continue;
                if (text == null) text = piece;
                else {
                    if (joined == null) joined = new StringBuilder(text);
                    joined.append(piece);
                }
            }
        }

        /** A quoted value: references replaced, each white-space character a space (XML's normalisation). */
        private String attributeValue() {
            if (i >= s.length()) throw new NotPlain();
            char quote = s.charAt(i);
            if (quote != '"' && quote != '\'') throw new NotPlain();
            int end = s.indexOf(quote, i + 1);
            if (end < 0 || s.indexOf('<', i + 1, end) >= 0) throw new NotPlain();
            int from = i + 1;
            i = end + 1;
            if (s.indexOf('&', from, end) < 0 && s.indexOf('\n', from, end) < 0 && s.indexOf('\t', from, end) < 0)
                return end - from <= 8 ? shared(from, end) : s.substring(from, end);
            StringBuilder v = new StringBuilder(end - from);
            for (i = from; i < end; ) {
                char c = s.charAt(i);
                if (c == '&') reference(v);
                else {
                    v.append(c == '\n' || c == '\t' ? ' ' : c);
                    i++;
                }
            }
            if (i != end) throw new NotPlain(); // a reference ran past the quote
            i = end + 1;
            return v.toString();
        }

        /** The text from {@code from} to {@code to} as a string shared with earlier equal ones. */
        private String shared(int from, int to) {
            int h = to - from;
            for (int k = from; k < to; k++) h = 31 * h + s.charAt(k);
            int slot = (h ^ h >>> 10) & (shared.length - 1);
            for (int probe = 0; probe < 8; probe++, slot = (slot + 1) & (shared.length - 1)) {
                String known = shared[slot];
                if (known == null) return shared[slot] = s.substring(from, to);
                if (known.length() == to - from && s.startsWith(known, from)) return known;
            }
            return s.substring(from, to); // a crowded neighbourhood: not shared, still right
        }

        /** {@code &amp;} and the other four, {@code &#10;}, {@code &#xA;}; any other entity is not plain. */
        private void reference(StringBuilder out) {
            int end = s.indexOf(';', i);
            if (end < 0 || end - i > 12) throw new NotPlain();
            String ref = s.substring(i + 1, end);
            i = end + 1;
            switch (ref) {
                case "amp" -> out.append('&');
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> {
                    int cp;
                    try {
                        if (ref.startsWith("#x")) cp = Integer.parseInt(ref.substring(2), 16);
                        else if (ref.startsWith("#") && ref.length() > 1 && ref.charAt(1) != '+' && ref.charAt(1) != '-')
                            cp = Integer.parseInt(ref.substring(1));
                        else throw new NotPlain();
                    } catch (NumberFormatException e) {
                        throw new NotPlain();
                    }
                    if (!isXmlChar(cp)) throw new NotPlain();
                    out.appendCodePoint(cp);
                }
            }
        }

        /** A name, shared: names compare with ==. */
        private String name() {
            int from = i;
            if (i >= s.length() || !isNameStart(s.charAt(i))) throw new NotPlain();
            while (i < s.length() && isNameChar(s.charAt(i))) i++;
            return shared(from, i);
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw new NotPlain();
            i++;
        }

        private boolean skipSpace() {
            int from = i;
            while (i < s.length() && isSpace(s.charAt(i))) i++;
            return i > from;
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\n' || c == '\t';
        }

        // ASCII names only: jlatexmath's are; anything else goes to the JDK, which knows XML's full rules
        private static boolean isNameStart(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
        }

        private static boolean isNameChar(char c) {
            return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.';
        }

        private static boolean isXmlChar(int cp) {
            return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
        }
    }
}
