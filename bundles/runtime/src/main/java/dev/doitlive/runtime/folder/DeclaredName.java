package dev.doitlive.runtime.folder;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import javax.xml.parsers.DocumentBuilderFactory;

import org.osgi.framework.Bundle;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.doitlive.api.Refreshable;

/**
 * The name a refreshable bundle declares ({@code @Refreshable(name = ...)}, else its symbolic name), read from its
 * component descriptions: for a bundle that never started in this run, so its service never said it.
 */
final class DeclaredName {
    private DeclaredName() {
    }

    static String of(Bundle bundle) {
        String header = bundle.getHeaders("").get("Service-Component");
        for (String clause : header == null ? new String[0] : header.split(",")) {
            String path = clause.trim();
            int slash = path.lastIndexOf('/');
            Enumeration<URL> urls = bundle.findEntries(slash < 0 ? "/" : path.substring(0, slash), path.substring(slash + 1), false);
            for (URL u : urls == null ? java.util.List.<URL>of() : Collections.list(urls)) {
                String name = read(u);
                if (name != null && !name.isBlank()) {
                    return name;
                }
            }
        }
        return bundle.getSymbolicName();
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList properties = f.newDocumentBuilder().parse(in).getElementsByTagName("property");
            for (int i = 0; i < properties.getLength(); i++) {
                Element p = (Element) properties.item(i);
                if (Refreshable.NAME_PROPERTY.equals(p.getAttribute("name"))) {
                    return p.getAttribute("value");
                }
            }
        } catch (Exception e) {
            // an unreadable description: the symbolic name names it
        }
        return null;
    }
}
