package org.chainrule.render.tex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scilab.forge.jlatexmath.DefaultTeXFontParser;
import org.scilab.forge.jlatexmath.cyrillic.CyrillicRegistration;
import org.scilab.forge.jlatexmath.greek.GreekRegistration;
import org.w3c.dom.Attr;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The read-only DOM of jlatexmath's XML is the JDK's DOM of it, node for node (the JDK's parser as the oracle). */
class TexXmlTest {

    /** The JDK's DOM, configured as jlatexmath configures its factories. */
    private static Document jdk(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setIgnoringElementContentWhitespace(true);
        f.setIgnoringComments(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static void assertSameTree(Node want, Node got, String where) {
        assertEquals(want.getNodeType(), got.getNodeType(), where + ": node type");
        assertEquals(want.getNodeName(), got.getNodeName(), where + ": name");
        assertEquals(want.getNodeValue(), got.getNodeValue(), where + ": value");
        if (want instanceof Element we) {
            Element ge = (Element) got;
            NamedNodeMap wa = we.getAttributes(), ga = ge.getAttributes();
            assertEquals(wa.getLength(), ga.getLength(), where + ": attribute count");
            for (int i = 0; i < wa.getLength(); i++) {
                Attr a = (Attr) wa.item(i), b = (Attr) ga.item(i);
                assertEquals(a.getName(), b.getName(), where + ": attribute " + i);
                assertEquals(a.getValue(), b.getValue(), where + "@" + a.getName());
                assertEquals(we.getAttribute(a.getName()), ge.getAttribute(a.getName()), where + "@" + a.getName());
            }
            assertEquals("", ge.getAttribute("no-such-attribute"));
            assertEquals(we.getElementsByTagName("*").getLength(), ge.getElementsByTagName("*").getLength(), where + ": descendants");
        }
        NodeList wc = want.getChildNodes(), gc = got.getChildNodes();
        assertEquals(wc.getLength(), gc.getLength(), where + ": child count");
        for (int i = 0; i < wc.getLength(); i++) {
            Node g = gc.item(i);
            assertEquals(got, g.getParentNode(), where + ": parent of child " + i);
            assertEquals(i == 0 ? null : gc.item(i - 1), g.getPreviousSibling());
            assertEquals(i + 1 < gc.getLength() ? gc.item(i + 1) : null, g.getNextSibling());
            assertSameTree(wc.item(i), g, where + "/" + wc.item(i).getNodeName() + "[" + i + "]");
        }
    }

    private static void assertSameDocument(byte[] xml, String name) throws Exception {
        Document want = jdk(xml);
        Document got = TexXml.read(xml);
        assertNotNull(got, name + " was left to the JDK's parser");
        assertSameTree(want, got, name);
        assertEquals(want.getDocumentElement().getTextContent(), got.getDocumentElement().getTextContent(), name);
        for (String tag : List.of("Char", "Font", "Symbol", "Map", "*"))
            assertEquals(want.getElementsByTagName(tag).getLength(), got.getElementsByTagName(tag).getLength(), name + " " + tag);
    }

    /** The jars of jlatexmath and of its two alphabets. */
    private static List<Path> jars() throws URISyntaxException {
        List<Path> out = new ArrayList<>();
        for (Class<?> c : List.of(DefaultTeXFontParser.class, GreekRegistration.class, CyrillicRegistration.class))
            out.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        return out;
    }

    @Test
    void everyXmlFileOfJlatexmathReadsAsTheJdkReadsIt() throws Exception {
        int files = 0;
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (var entry : zip.stream().toList()) {
                    if (!entry.getName().endsWith(".xml") || entry.getName().startsWith("META-INF/")) continue;
                    byte[] xml;
                    try (InputStream in = zip.getInputStream(entry)) {
                        xml = in.readAllBytes();
                    }
                    assertSameDocument(xml, jar.getFileName() + "!" + entry.getName());
                    files++;
                }
            }
        }
        assertTrue(files >= 50, "XML files read: " + files); // 44 of jlatexmath's own, Greek and Cyrillic ones
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<a>x<!-- c -->y</a>", // the text on both sides of a comment is one node
            "<a>one\r\ntwo\rthree</a>", // line ends
            "<a v='x\r\ny\tz\nw'/>", // attribute values: line ends, then every white space a space
            "<a v=\"&#10;&#x9;&#65;&#x1D400;\">&amp;&lt;&gt;&quot;&apos;&#233;</a>", // references are not normalised
            "<?xml version='1.0' encoding='utf-8'?>\n<!-- before -->\n<a  z = '1' b=\"2\" m='3' >\n  <b/>  <c>t</c>\n</a>\n<!-- after -->\n",
            "\uFEFF<a>bom</a>",
            "<a>\u00e9\u4e2d\uD83D\uDE00</a>",
            "<a><b><c/></b><b/>text &amp; more<c x='&gt;'/></a>",
    })
    void plainXmlReadsAsTheJdkReadsIt(String xml) throws Exception {
        assertSameDocument(xml.getBytes(StandardCharsets.UTF_8), xml);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", // a DTD
            "<a><![CDATA[x]]></a>",
            "<a><?pi x?></a>",
            "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
            "<a>&nbsp;</a>", // an entity only a DTD defines
            "<a b='1' b='2'/>",
            "<a></b>",
            "<a>",
            "<a/><b/>",
            "text<a/>",
            "<a>\u0001</a>",
            "<a b=1/>",
            "<a><!-- a -- b --></a>",
            "<a>&#0;</a>",
            "<\u00e9/>", // a name beyond ASCII: the JDK knows XML's rules for those
            "",
    })
    void anythingElseIsLeftToTheJdk(String xml) {
        assertNull(TexXml.read(xml.getBytes(StandardCharsets.UTF_8)), xml);
    }

    @Test
    void notUtf8IsLeftToTheJdk() {
        assertNull(TexXml.read(new byte[] {'<', 'a', '>', (byte) 0xE9, '<', '/', 'a', '>'}));
    }

    @Test
    void theTreeCannotBeChanged() throws Exception {
        Document d = TexXml.read("<a b='1'>t</a>".getBytes(StandardCharsets.UTF_8));
        Element a = d.getDocumentElement();
        DOMException e = assertThrows(DOMException.class, () -> a.setAttribute("b", "2"));
        assertEquals(DOMException.NO_MODIFICATION_ALLOWED_ERR, e.code);
        assertThrows(DOMException.class, () -> a.appendChild(a.getFirstChild()));
        assertThrows(DOMException.class, () -> d.createElement("c"));
        assertEquals("1", a.getAttribute("b"));
        assertEquals(d, a.getOwnerDocument());
        assertEquals(a, ((Attr) a.getAttributes().item(0)).getOwnerElement());
    }

    /** What DocumentBuilderFactory.newInstance() gives: a TexXml builder, a fall-back one, or the JDK's. */
    private static String builderKind() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setIgnoringComments(true);
        DocumentBuilder b = f.newDocumentBuilder();
        Document d = b.parse(new ByteArrayInputStream("<a/>".getBytes(StandardCharsets.UTF_8)));
        return (f instanceof TexXml ? "texxml-factory " : "jdk-factory ") + (d instanceof TexDom ? "texdom" : "jdk-dom");
    }

    @Test
    void onlyTheLoadingThreadGetsTheReadOnlyDomAndOnlyWhileLoading() throws Exception {
        assertEquals("jdk-factory jdk-dom", builderKind());
        AtomicReference<String> inside = new AtomicReference<>(), other = new AtomicReference<>();
        TexXml.whileLoading(() -> {
            try {
                inside.set(builderKind());
                Thread t = new Thread(() -> {
                    try {
                        other.set(builderKind());
                    } catch (Exception e) {
                        other.set(e.toString());
                    }
                });
                t.start();
                t.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("texxml-factory texdom", inside.get());
        assertEquals("texxml-factory jdk-dom", other.get()); // another thread in the window: the JDK's parser
        assertEquals("jdk-factory jdk-dom", builderKind());
        assertNull(System.getProperty(DocumentBuilderFactory.class.getName()));
    }

    @Test
    void aFactoryMadeInTheWindowServesTheJdksParserAfterIt() throws Exception {
        AtomicReference<DocumentBuilderFactory> kept = new AtomicReference<>();
        TexXml.whileLoading(() -> kept.set(DocumentBuilderFactory.newInstance())); // as jlatexmath keeps one
        kept.get().setIgnoringComments(true);
        Document d = kept.get().newDocumentBuilder().parse(new ByteArrayInputStream("<a><!--c--></a>".getBytes(StandardCharsets.UTF_8)));
        assertFalse(d instanceof TexDom);
        assertEquals(0, d.getDocumentElement().getChildNodes().getLength()); // the setting reached the JDK's parser
    }

    @Test
    void settingsOtherThanJlatexmathsGoToTheJdk() {
        AtomicReference<Document> d = new AtomicReference<>();
        TexXml.whileLoading(() -> {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                f.setIgnoringComments(true);
                d.set(f.newDocumentBuilder().parse(new ByteArrayInputStream("<a/>".getBytes(StandardCharsets.UTF_8))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(d.get() instanceof TexDom);
    }

    @Test
    void jlatexmathIsSetUpWithTheReadOnlyDom() {
        Tex.layout("\\frac{a}{b}", 11, Tex.Style.TEXT); // Tex's set-up, once per JVM
        assertTrue(TexXml.READ.get() >= 40, "documents read: " + TexXml.READ.get());
        assertEquals(0, TexXml.LEFT.get(), "documents left to the JDK's parser");
        assertNull(System.getProperty(DocumentBuilderFactory.class.getName()));
    }
}
