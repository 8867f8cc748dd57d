package dev.fpmjms.integrations.spring;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BOM this example imports ({@code bom/pom.xml}, {@code dev.fpmjms:fpm-jms-bom}) lists every
 * published artifact of the reactor at {@code ${project.version}}, has the reactor's version, and
 * inherits nothing (a parent's dependency management would leak into every importing project).
 * Published: every module except the parent and aggregators, the examples ({@code *-example},
 * {@code *-examples}), the TCK run and the benchmarks. A new library module fails this test until
 * the BOM names it.
 */
class BomTest {
    private static final Set<String> NOT_PUBLISHED = Set.of("fpm-jms-tck-tests", "fpm-jms-benchmarks");
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void theBomListsEveryPublishedArtifactAtTheProjectVersion() throws Exception {
        Element root = read(ROOT.resolve("pom.xml"));
        Element bom = read(ROOT.resolve("bom/pom.xml"));
        assertEquals(List.of(), children(bom, "parent"), "the BOM has no parent");
        assertEquals(text(root, "groupId"), text(bom, "groupId"));
        assertEquals(text(root, "version"), text(bom, "version"), "the BOM's version is the reactor's");

        Map<String, String> listed = new TreeMap<>();
        for (Element d : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("dev.fpmjms", text(d, "groupId"));
            listed.put(text(d, "artifactId"), text(d, "version"));
        }
        Set<String> published = new TreeSet<>();
        collectPublished(ROOT, published);
        assertEquals(published, listed.keySet(), "published modules vs the BOM's entries");
        listed.forEach((artifact, version) -> assertEquals("${project.version}", version, artifact));
    }

    private static void collectPublished(Path dir, Set<String> published) throws Exception {
        Element pom = read(dir.resolve("pom.xml"));
        Element modules = child(pom, "modules");
        if (modules != null) {
            for (Element m : children(modules, "module")) {
                collectPublished(dir.resolve(m.getTextContent().trim()), published);
            }
        }
        String artifact = text(pom, "artifactId");
        boolean pomOnly = "pom".equals(text(pom, "packaging"));
        if (!pomOnly && !NOT_PUBLISHED.contains(artifact) && !artifact.endsWith("-example") && !artifact.endsWith("-examples")) {
            published.add(artifact);
        }
        assertTrue(!artifact.equals("fpm-jms-bom") || pomOnly);
    }

    private static Element read(Path pom) throws Exception {
        assertTrue(Files.isRegularFile(pom), pom + " exists");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return doc.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
