package io.circuitlens.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: an SVG document parsed with the JDK's XML parser (which also proves it well-formed), and queries on it. */
record Svg(Document doc) {
    static Svg parse(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return new Svg(f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    Element root() {
        return doc.getDocumentElement();
    }

    List<String> texts() {
        List<String> out = new ArrayList<>();
        NodeList n = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < n.getLength(); i++) out.add(n.item(i).getTextContent());
        return out;
    }

    /** The element (rect or circle) whose hover title starts with {@code prefix}. */
    Element withTitle(String prefix) {
        NodeList n = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title");
        for (int i = 0; i < n.getLength(); i++) {
            if (n.item(i).getTextContent().startsWith(prefix)) return (Element) n.item(i).getParentNode();
        }
        throw new AssertionError("no element titled '" + prefix + "...'");
    }

    int count(String tag) {
        return doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag).getLength();
    }

    static Rgb color(String hex) {
        return new Rgb(Integer.parseInt(hex.substring(1, 3), 16), Integer.parseInt(hex.substring(3, 5), 16), Integer.parseInt(hex.substring(5, 7), 16));
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }
}
