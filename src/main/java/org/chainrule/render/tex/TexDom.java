package org.chainrule.render.tex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.w3c.dom.Attr;
import org.w3c.dom.CDATASection;
import org.w3c.dom.Comment;
import org.w3c.dom.DOMConfiguration;
import org.w3c.dom.DOMException;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.w3c.dom.DocumentFragment;
import org.w3c.dom.DocumentType;
import org.w3c.dom.Element;
import org.w3c.dom.EntityReference;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.ProcessingInstruction;
import org.w3c.dom.Text;
import org.w3c.dom.TypeInfo;
import org.w3c.dom.UserDataHandler;

/**
 * A small read-only DOM, what {@link TexXml} builds from jlatexmath's XML resources: a document, elements
 * with attributes, and text. It answers every question of navigation as the JDK's DOM does (children,
 * parents, siblings, descendants by tag name, attributes in name order, text content); changes are
 * refused with NO_MODIFICATION_ALLOWED_ERR and what a read-only tree without namespaces or types cannot
 * answer (node comparison, user data, features) with NOT_SUPPORTED_ERR. {@code TexXmlTest} compares it
 * with the JDK's DOM over every resource jlatexmath reads.
 */
abstract sealed class TexDom implements Node {
    private TexDom parent; // null for the document and for attributes: in the DOM an attribute has an owner, no parent
    private int index; // in the parent's children

    static DOMException readOnly() {
        return new DOMException(DOMException.NO_MODIFICATION_ALLOWED_ERR, "a read-only DOM");
    }

    static DOMException unsupported() {
        return new DOMException(DOMException.NOT_SUPPORTED_ERR, "not supported by this read-only DOM");
    }

    /** The children of an element or of the document; none for text and attributes. */
    List<TexDom> children() {
        return List.of();
    }

    /** Makes {@code child} the last child of this element or document. Used only while the tree is built. */
    final void add(TexDom child) {
        List<TexDom> into = children();
        child.parent = this;
        child.index = into.size();
        into.add(child);
    }

    @Override public String getNodeValue() { return null; }
    @Override public void setNodeValue(String v) { throw readOnly(); }
    @Override public Node getParentNode() { return parent; }
    @Override public NodeList getChildNodes() { return new Nodes(children()); }
    @Override public Node getFirstChild() { return children().isEmpty() ? null : children().get(0); }
    @Override public Node getLastChild() { return children().isEmpty() ? null : children().get(children().size() - 1); }

    @Override public Node getPreviousSibling() {
        return parent == null || index == 0 ? null : parent.children().get(index - 1);
    }

    @Override public Node getNextSibling() {
        if (parent == null) return null;
        List<TexDom> siblings = parent.children();
        return index + 1 < siblings.size() ? siblings.get(index + 1) : null;
    }

    @Override public NamedNodeMap getAttributes() { return null; }

    @Override public Document getOwnerDocument() {
        Node n = this instanceof Attribute a ? a.owner : this;
        while (n != null && !(n instanceof Doc)) n = n.getParentNode();
        return (Document) n;
    }

    @Override public Node insertBefore(Node n, Node ref) { throw readOnly(); }
    @Override public Node replaceChild(Node n, Node old) { throw readOnly(); }
    @Override public Node removeChild(Node old) { throw readOnly(); }
    @Override public Node appendChild(Node n) { throw readOnly(); }
    @Override public boolean hasChildNodes() { return !children().isEmpty(); }
    @Override public Node cloneNode(boolean deep) { throw unsupported(); }
    @Override public void normalize() {}
    @Override public boolean isSupported(String feature, String version) { return false; }
    @Override public String getNamespaceURI() { return null; }
    @Override public String getPrefix() { return null; }
    @Override public void setPrefix(String prefix) { throw readOnly(); }
    @Override public String getLocalName() { return null; }
    @Override public boolean hasAttributes() { return false; }
    @Override public String getBaseURI() { return null; }
    @Override public short compareDocumentPosition(Node other) { throw unsupported(); }

    @Override public String getTextContent() {
        StringBuilder b = new StringBuilder();
        appendText(b);
        return b.toString();
    }

    void appendText(StringBuilder b) {
        for (TexDom c : children()) c.appendText(b);
    }

    @Override public void setTextContent(String text) { throw readOnly(); }
    @Override public boolean isSameNode(Node other) { return this == other; }
    @Override public String lookupPrefix(String uri) { return null; }
    @Override public boolean isDefaultNamespace(String uri) { return uri == null; }
    @Override public String lookupNamespaceURI(String prefix) { return null; }
    @Override public boolean isEqualNode(Node other) { throw unsupported(); }
    @Override public Object getFeature(String feature, String version) { return null; }
    @Override public Object setUserData(String key, Object data, UserDataHandler handler) { throw unsupported(); }
    @Override public Object getUserData(String key) { return null; }

    /** The elements under {@code root} named {@code name} ("*": all), in document order, root excluded. */
    static NodeList descendants(TexDom root, String name) {
        List<TexDom> out = new ArrayList<>();
        collect(root, name, out);
        return new Nodes(out);
    }

    private static void collect(TexDom n, String name, List<TexDom> out) {
        for (TexDom c : n.children()) {
            if (c instanceof El e) {
                if (name.equals("*") || name.equals(e.tag)) out.add(e);
                collect(e, name, out);
            }
        }
    }

    /** A node list that does not change (the tree does not). */
    record Nodes(List<? extends Node> nodes) implements NodeList {
        @Override public Node item(int i) { return i >= 0 && i < nodes.size() ? nodes.get(i) : null; }
        @Override public int getLength() { return nodes.size(); }
    }

    static final class Doc extends TexDom implements Document {
        private final List<TexDom> children = new ArrayList<>(1);

        @Override List<TexDom> children() { return children; }

        @Override public String getNodeName() { return "#document"; }
        @Override public short getNodeType() { return DOCUMENT_NODE; }
        @Override public Document getOwnerDocument() { return null; }
        @Override public String getTextContent() { return null; }
        @Override public DocumentType getDoctype() { return null; }
        @Override public DOMImplementation getImplementation() { throw unsupported(); }

        @Override public Element getDocumentElement() {
            for (TexDom c : children) if (c instanceof El e) return e;
            return null;
        }

        @Override public Element createElement(String tag) { throw readOnly(); }
        @Override public DocumentFragment createDocumentFragment() { throw readOnly(); }
        @Override public Text createTextNode(String data) { throw readOnly(); }
        @Override public Comment createComment(String data) { throw readOnly(); }
        @Override public CDATASection createCDATASection(String data) { throw readOnly(); }
        @Override public ProcessingInstruction createProcessingInstruction(String target, String data) { throw readOnly(); }
        @Override public Attr createAttribute(String name) { throw readOnly(); }
        @Override public EntityReference createEntityReference(String name) { throw readOnly(); }

        @Override public NodeList getElementsByTagName(String name) {
            List<TexDom> out = new ArrayList<>();
            collect(this, name, out); // the document element included: it is a child of the document
            return new Nodes(out);
        }

        @Override public Node importNode(Node n, boolean deep) { throw readOnly(); }
        @Override public Element createElementNS(String uri, String name) { throw readOnly(); }
        @Override public Attr createAttributeNS(String uri, String name) { throw readOnly(); }
        @Override public NodeList getElementsByTagNameNS(String uri, String name) { throw unsupported(); }
        @Override public Element getElementById(String id) { return null; }
        @Override public String getInputEncoding() { return "UTF-8"; }
        @Override public String getXmlEncoding() { return null; }
        @Override public boolean getXmlStandalone() { return false; }
        @Override public void setXmlStandalone(boolean standalone) { throw readOnly(); }
        @Override public String getXmlVersion() { return "1.0"; }
        @Override public void setXmlVersion(String version) { throw readOnly(); }
        @Override public boolean getStrictErrorChecking() { return true; }
        @Override public void setStrictErrorChecking(boolean strict) {}
        @Override public String getDocumentURI() { return null; }
        @Override public void setDocumentURI(String uri) { throw readOnly(); }
        @Override public Node adoptNode(Node n) { throw readOnly(); }
        @Override public DOMConfiguration getDomConfig() { throw unsupported(); }
        @Override public void normalizeDocument() {}
        @Override public Node renameNode(Node n, String uri, String name) { throw readOnly(); }
    }

    static final class El extends TexDom implements Element {
        final String tag;
        /** Attributes as written; their nodes, in name order as the JDK's DOM lists them, made when asked for. */
        private final String[] names, values;
        private Attribute[] nodes;
        private final List<TexDom> children = new ArrayList<>();

        /** The first {@code count} {@code names} and {@code values} pair up; names are distinct (the parser checks). */
        El(String tag, String[] names, String[] values, int count) {
            this.tag = tag;
            this.names = count == 0 ? NONE : Arrays.copyOf(names, count);
            this.values = count == 0 ? NONE : Arrays.copyOf(values, count);
        }

        private static final String[] NONE = {};

        private Attribute[] nodes() {
            if (nodes == null) {
                Attribute[] as = new Attribute[names.length];
                for (int i = 0; i < as.length; i++) { // insertion sort: a handful of attributes
                    Attribute a = new Attribute(this, names[i], values[i]);
                    int j = i;
                    for (; j > 0 && as[j - 1].name.compareTo(a.name) > 0; j--) as[j] = as[j - 1];
                    as[j] = a;
                }
                nodes = as;
            }
            return nodes;
        }

        private Attribute find(String name) {
            for (Attribute a : nodes()) if (a.name.equals(name)) return a;
            return null;
        }

        @Override List<TexDom> children() { return children; }

        @Override public String getNodeName() { return tag; }
        @Override public short getNodeType() { return ELEMENT_NODE; }
        @Override public String getTagName() { return tag; }

        @Override public String getAttribute(String name) {
            for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return values[i];
            return "";
        }

        @Override public void setAttribute(String name, String value) { throw readOnly(); }
        @Override public void removeAttribute(String name) { throw readOnly(); }
        @Override public Attr getAttributeNode(String name) { return find(name); }
        @Override public Attr setAttributeNode(Attr a) { throw readOnly(); }
        @Override public Attr removeAttributeNode(Attr a) { throw readOnly(); }
        @Override public NodeList getElementsByTagName(String name) { return descendants(this, name); }
        @Override public String getAttributeNS(String uri, String name) { throw unsupported(); }
        @Override public void setAttributeNS(String uri, String name, String value) { throw readOnly(); }
        @Override public void removeAttributeNS(String uri, String name) { throw readOnly(); }
        @Override public Attr getAttributeNodeNS(String uri, String name) { throw unsupported(); }
        @Override public Attr setAttributeNodeNS(Attr a) { throw readOnly(); }
        @Override public NodeList getElementsByTagNameNS(String uri, String name) { throw unsupported(); }
        @Override public boolean hasAttribute(String name) { return Arrays.asList(names).contains(name); }
        @Override public boolean hasAttributeNS(String uri, String name) { throw unsupported(); }
        @Override public TypeInfo getSchemaTypeInfo() { throw unsupported(); }
        @Override public void setIdAttribute(String name, boolean isId) { throw readOnly(); }
        @Override public void setIdAttributeNS(String uri, String name, boolean isId) { throw readOnly(); }
        @Override public void setIdAttributeNode(Attr a, boolean isId) { throw readOnly(); }
        @Override public boolean hasAttributes() { return names.length > 0; }

        @Override public NamedNodeMap getAttributes() {
            return new NamedNodeMap() {
                @Override public Node getNamedItem(String name) { return find(name); }
                @Override public Node setNamedItem(Node n) { throw readOnly(); }
                @Override public Node removeNamedItem(String name) { throw readOnly(); }
                @Override public Node item(int i) { return i >= 0 && i < names.length ? nodes()[i] : null; }
                @Override public int getLength() { return names.length; }
                @Override public Node getNamedItemNS(String uri, String name) { throw unsupported(); }
                @Override public Node setNamedItemNS(Node n) { throw readOnly(); }
                @Override public Node removeNamedItemNS(String uri, String name) { throw readOnly(); }
            };
        }
    }

    static final class TextNode extends TexDom implements Text {
        private final String data;

        TextNode(String data) { this.data = data; }

        @Override public String getNodeName() { return "#text"; }
        @Override public short getNodeType() { return TEXT_NODE; }
        @Override public String getNodeValue() { return data; }
        @Override void appendText(StringBuilder b) { b.append(data); }
        @Override public String getData() { return data; }
        @Override public void setData(String d) { throw readOnly(); }
        @Override public int getLength() { return data.length(); }

        @Override public String substringData(int offset, int count) {
            if (offset < 0 || count < 0 || offset > data.length())
                throw new DOMException(DOMException.INDEX_SIZE_ERR, "offset " + offset + ", count " + count);
            return data.substring(offset, Math.min(data.length(), offset + count));
        }

        @Override public void appendData(String d) { throw readOnly(); }
        @Override public void insertData(int offset, String d) { throw readOnly(); }
        @Override public void deleteData(int offset, int count) { throw readOnly(); }
        @Override public void replaceData(int offset, int count, String d) { throw readOnly(); }
        @Override public Text splitText(int offset) { throw readOnly(); }
        @Override public boolean isElementContentWhitespace() { return false; }
        @Override public String getWholeText() { return data; } // the parser merges adjacent text
        @Override public Text replaceWholeText(String content) { throw readOnly(); }
    }

    static final class Attribute extends TexDom implements Attr {
        final El owner;
        final String name;
        final String value;

        Attribute(El owner, String name, String value) {
            this.owner = owner;
            this.name = name;
            this.value = value;
        }

        @Override public String getNodeName() { return name; }
        @Override public short getNodeType() { return ATTRIBUTE_NODE; }
        @Override public String getNodeValue() { return value; }
        @Override void appendText(StringBuilder b) { b.append(value); }
        @Override public String getName() { return name; }
        @Override public boolean getSpecified() { return true; }
        @Override public String getValue() { return value; }
        @Override public void setValue(String v) { throw readOnly(); }
        @Override public Element getOwnerElement() { return owner; }
        @Override public TypeInfo getSchemaTypeInfo() { throw unsupported(); }
        @Override public boolean isId() { return false; }
    }
}
