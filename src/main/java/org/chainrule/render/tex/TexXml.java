package org.chainrule.render.tex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * jlatexmath's static set-up reads some forty XML files of font metrics and symbol tables through
 * {@code DocumentBuilderFactory.newInstance()}; the JDK's parser, cold, spent more than half of that
 * set-up building their DOM (measured: ~45 of ~140 ms, plus its slower tree walks). While
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
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) return null; // not UTF-8, or a replacement character: the JDK decides
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

    /** A recursive-descent reader of the plain subset; line ends already normalised to \n. */
    private static final class Parser {
        private final String s;
        private int i;

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
            String body = s.substring(i + 4, end);
            if (body.contains("--") || body.endsWith("-")) throw new NotPlain();
            i = end + 3;
        }

        private TexDom.El element() {
            i++; // <
            String tag = name();
            List<String> names = new ArrayList<>(4), values = new ArrayList<>(4);
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
                if (names.contains(n)) throw new NotPlain();
                names.add(n);
                values.add(attributeValue());
            }
            TexDom.El el = new TexDom.El(tag, names, values);
            if (s.startsWith("/>", i)) {
                i += 2;
                return el;
            }
            expect('>');
            StringBuilder text = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new NotPlain();
                char c = s.charAt(i);
                if (c == '<') {
                    if (s.startsWith("<!--", i)) {
                        comment(); // dropped; the text on either side stays one node, as the JDK's DOM has it
                        continue;
                    }
                    flush(el, text);
                    if (s.startsWith("</", i)) {
                        i += 2;
                        if (!name().equals(tag)) throw new NotPlain();
                        skipSpace();
                        expect('>');
                        return el;
                    }
                    if (i + 1 < s.length() && isNameStart(s.charAt(i + 1))) el.add(element());
                    else throw new NotPlain(); // CDATA, a processing instruction, a stray <
                } else if (c == '&') {
                    reference(text);
                } else {
                    int next = i;
                    while (next < s.length() && s.charAt(next) != '<' && s.charAt(next) != '&') {
                        if (isControl(s.charAt(next))) throw new NotPlain();
                        next++;
                    }
                    if (s.substring(i, next).contains("]]>")) throw new NotPlain();
                    text.append(s, i, next);
                    i = next;
                }
            }
        }

        private static void flush(TexDom.El el, StringBuilder text) {
            if (text.isEmpty()) return;
            el.add(new TexDom.TextNode(text.toString()));
            text.setLength(0);
        }

        /** A quoted value: references replaced, each white-space character a space (XML's normalisation). */
        private String attributeValue() {
            if (i >= s.length()) throw new NotPlain();
            char quote = s.charAt(i);
            if (quote != '"' && quote != '\'') throw new NotPlain();
            i++;
            StringBuilder v = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new NotPlain();
                char c = s.charAt(i);
                if (c == quote) {
                    i++;
                    return v.toString();
                }
                if (c == '<' || isControl(c)) throw new NotPlain();
                if (c == '&') reference(v);
                else {
                    v.append(c == '\n' || c == '\t' ? ' ' : c);
                    i++;
                }
            }
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

        private String name() {
            int from = i;
            if (i >= s.length() || !isNameStart(s.charAt(i))) throw new NotPlain();
            while (i < s.length() && isNameChar(s.charAt(i))) i++;
            return s.substring(from, i);
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

        /** A character XML does not allow raw (the JDK would refuse the file). */
        private static boolean isControl(char c) {
            return c < 0x20 && c != '\n' && c != '\t' || c == '\uFFFE' || c == '\uFFFF';
        }

        private static boolean isXmlChar(int cp) {
            return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
        }
    }
}
