package dev.doitlive.runtime.refresh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.osgi.framework.Bundle;

/**
 * The content of a bundle's current revision, read through the framework: a checksum over every entry (name
 * and bytes, sorted) and a jar rebuilt from those entries, manifest first.
 *
 * <p>Read from the revision rather than from the file in the watched folder, because by the time a version is
 * replaced its file already holds the next version, and after a restart the file may hold something else
 * than what is live (a version reverted to).
 */
final class BundleContent {
    final String checksum;
    final byte[] jar;
    /** Names of the classes in the bundle, to preload while the revision is current. */
    final List<String> classNames;

    private BundleContent(String checksum, byte[] jar, List<String> classNames) {
        this.checksum = checksum;
        this.jar = jar;
        this.classNames = classNames;
    }

    static BundleContent read(Bundle bundle) throws IOException {
        Enumeration<URL> found = bundle.findEntries("/", "*", true);
        return of(found == null ? List.of() : Collections.list(found), name -> entry(bundle, name), bundle.getSymbolicName());
    }

    /**
     * The same, read without resolving the bundle (findEntries would resolve it: at its install that wires it before
     * whoever installs it is done). The bundle's own entries only, its fragments' left out.
     */
    static BundleContent readAsInstalled(Bundle bundle) throws IOException {
        List<URL> urls = new ArrayList<>();
        java.util.Deque<String> folders = new java.util.ArrayDeque<>(List.of("/"));
        while (!folders.isEmpty()) {
            Enumeration<String> paths = bundle.getEntryPaths(folders.pop());
            while (paths != null && paths.hasMoreElements()) {
                String path = paths.nextElement();
                URL u = bundle.getEntry(path);
                if (u != null) {
                    urls.add(u);
                }
                if (path.endsWith("/")) {
                    folders.push(path);
                }
            }
        }
        return of(urls, name -> entry(bundle, name), bundle.getSymbolicName());
    }

    private interface Entries {
        byte[] read(String name) throws IOException;
    }

    private static String entryName(URL u) {
        String path = u.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static BundleContent of(List<URL> urls, Entries entries, String bundleName) throws IOException {
        List<String> names = new ArrayList<>();
        for (URL u : urls) {
            names.add(entryName(u));
        }
        java.util.Collections.sort(names);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> classes = new ArrayList<>();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            byte[] manifest = entries.read("META-INF/MANIFEST.MF");
            if (manifest == null) {
                throw new IOException("bundle " + bundleName + " has no manifest entry");
            }
            jar.putNextEntry(new JarEntry("META-INF/"));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/MANIFEST.MF"));
            jar.write(manifest);
            jar.closeEntry();
            for (String name : names) {
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (name.endsWith("/")) {
                    if (!name.equals("META-INF/")) {
                        jar.putNextEntry(new JarEntry(name));
                        jar.closeEntry();
                    }
                    continue;
                }
                byte[] bytes = name.equals("META-INF/MANIFEST.MF") ? manifest : entries.read(name);
                if (bytes == null) {
                    throw new IOException("entry " + name + " of bundle " + bundleName + " went away while reading");
                }
                digest.update(bytes);
                if (!name.equals("META-INF/MANIFEST.MF")) {
                    jar.putNextEntry(new JarEntry(name));
                    jar.write(bytes);
                    jar.closeEntry();
                }
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class")) {
                    classes.add(name.substring(0, name.length() - 6).replace('/', '.'));
                }
            }
        }
        return new BundleContent(HexFormat.of().formatHex(digest.digest()), out.toByteArray(), classes);
    }

    private static byte[] entry(Bundle bundle, String name) throws IOException {
        URL u = bundle.getEntry(name);
        return u == null ? null : bytes(u);
    }

    private static byte[] bytes(URL u) throws IOException {
        try (InputStream in = u.openStream()) {
            return in.readAllBytes();
        }
    }
}
