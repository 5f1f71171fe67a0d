package dev.doitlive.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the bytes of a bundle jar {@link TestBundles} built: another manifest header, an entry removed or
 * changed, the manifest left out. Cheaper than building again (no javac), and the only way to build some of the
 * broken jars the fault tests need, which bnd refuses to make.
 */
final class Jars {
    private Jars() {
    }

    /** The jar with its manifest's main attributes changed by {@code edit}. */
    static byte[] withManifest(byte[] jar, Consumer<Attributes> edit) {
        Read r = read(jar);
        edit.accept(r.manifest.getMainAttributes());
        return write(r.manifest, r.entries);
    }

    /** The jar with another Bundle-Version: a new version of the same code, for refresh after refresh. */
    static byte[] withVersion(byte[] jar, String version) {
        return withManifest(jar, a -> a.putValue("Bundle-Version", version));
    }

    /** The jar with another Bundle-SymbolicName. */
    static byte[] withSymbolicName(byte[] jar, String symbolicName) {
        return withManifest(jar, a -> a.putValue("Bundle-SymbolicName", symbolicName));
    }

    /** The jar without the entry (e.g. a class file). */
    static byte[] without(byte[] jar, String entry) {
        Read r = read(jar);
        if (r.entries.remove(entry) == null) {
            throw new IllegalArgumentException("no entry " + entry + " in the jar: " + r.entries.keySet());
        }
        return write(r.manifest, r.entries);
    }

    /** The jar with one entry's bytes changed. */
    static byte[] replace(byte[] jar, String entry, UnaryOperator<byte[]> change) {
        Read r = read(jar);
        byte[] old = r.entries.get(entry);
        if (old == null) {
            throw new IllegalArgumentException("no entry " + entry + " in the jar: " + r.entries.keySet());
        }
        r.entries.put(entry, change.apply(old));
        return write(r.manifest, r.entries);
    }

    /** A valid zip of the same entries but no META-INF/MANIFEST.MF. */
    static byte[] withoutManifest(byte[] jar) {
        Read r = read(jar);
        return write(null, r.entries);
    }

    /** The first {@code n} bytes: a jar cut short, as a copy that stopped halfway leaves it. */
    static byte[] truncated(byte[] jar, int n) {
        return Arrays.copyOf(jar, Math.min(n, jar.length));
    }

    /** One entry's bytes. */
    static byte[] entry(byte[] jar, String entry) {
        byte[] b = read(jar).entries.get(entry);
        if (b == null) {
            throw new IllegalArgumentException("no entry " + entry + " in the jar");
        }
        return b;
    }

    /** The names of the entries, for a test to pick one. */
    static java.util.Set<String> entries(byte[] jar) {
        return read(jar).entries.keySet();
    }

    private record Read(Manifest manifest, Map<String, byte[]> entries) {
    }

    private static Read read(byte[] jar) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = in.getManifest();
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
            return new Read(m == null ? new Manifest() : m, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(Manifest manifest, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = manifest == null ? new ZipOutputStream(bytes) : new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
