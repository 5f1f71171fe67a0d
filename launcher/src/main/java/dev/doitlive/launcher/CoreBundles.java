package dev.doitlive.launcher;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The bundles embedded in the launcher as {@code core/<startlevel>-<name>.jar}, and how they are kept in step
 * with the framework storage: installed as {@code doitlive:core/<name>}, updated when the embedded bytes
 * change, uninstalled when no longer shipped (or skipped, or meant for the other console).
 */
final class CoreBundles {
    static final String LOCATION_PREFIX = "doitlive:core/";
    /** In the storage folder: the checksum of each core bundle as last installed, to spot rebuilt ones. */
    static final String INDEX = "doitlive-core.properties";

    private static final Pattern NAME = Pattern.compile("core/(\\d+)-(.+)\\.jar");

    /** Opens an embedded bundle's bytes; read only when the bundle is installed or updated. */
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * One embedded bundle. {@code checksum} is CRC-32 and size: free from a jar's directory, and reading and
     * hashing every bundle at each start would cost more than the rest of the start in a cold JVM.
     */
    record Core(String name, int startLevel, String checksum, Content content) {
        String location() {
            return LOCATION_PREFIX + name;
        }
    }

    private CoreBundles() {
    }

    /** Reads the embedded bundles from wherever the launcher's classes are: doitlive.jar or target/classes. */
    static List<Core> embedded() throws LaunchException {
        Path home;
        try {
            home = Path.of(CoreBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new LaunchException("cannot find the launcher's own classes to read core/ bundles: " + e);
        }
        List<Core> cores = new ArrayList<>();
        try {
            if (Files.isDirectory(home)) {
                Path dir = home.resolve("core");
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                            byte[] bytes = Files.readAllBytes(f);
                            CRC32 crc = new CRC32();
                            crc.update(bytes);
                            add(cores, "core/" + f.getFileName(), checksum(crc.getValue(), bytes.length),
                                    () -> new ByteArrayInputStream(bytes));
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(home.toFile())) {
                    for (JarEntry e : Collections.list(jar.entries())) {
                        if (e.getName().startsWith("core/") && !e.isDirectory()) {
                            Path jarPath = home;
                            String entry = e.getName();
                            add(cores, entry, checksum(e.getCrc(), e.getSize()), () -> {
                                JarFile j = new JarFile(jarPath.toFile());
                                return new FilterInputStream(j.getInputStream(j.getEntry(entry))) {
                                    @Override
                                    public void close() throws IOException {
                                        j.close();
                                    }
                                };
                            });
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new LaunchException(home + ": cannot read the embedded core bundles: " + e.getMessage());
        }
        if (cores.isEmpty()) {
            throw new LaunchException(home + ": no core/*.jar inside: the launcher was not built with its bundles");
        }
        return cores;
    }

    private static String checksum(long crc, long size) {
        return Long.toHexString(crc) + "-" + size;
    }

    private static void add(List<Core> cores, String entry, String checksum, Content content) {
        Matcher m = NAME.matcher(entry);
        if (m.matches()) {
            cores.add(new Core(m.group(2), Integer.parseInt(m.group(1)), checksum, content));
        }
    }

    /**
     * Brings the framework's core bundles in line with {@code wanted}; call between init() and start().
     * Bundles named in {@code manualStart} get no persistent start: the launcher starts them itself, or never.
     */
    static void sync(BundleContext ctx, List<Core> wanted, Set<String> manualStart, Path storage)
            throws LaunchException {
        Path indexFile = storage.resolve(INDEX);
        Properties index = new Properties();
        if (Files.isRegularFile(indexFile)) {
            try (Reader r = Files.newBufferedReader(indexFile, StandardCharsets.UTF_8)) {
                index.load(r);
            } catch (IOException e) {
                // A lost index only costs an update of every core bundle with the same bytes.
            }
        }
        Set<String> wantedLocations = Set.copyOf(wanted.stream().map(Core::location).toList());
        for (Bundle b : ctx.getBundles()) {
            if (b.getLocation().startsWith(LOCATION_PREFIX) && !wantedLocations.contains(b.getLocation())) {
                try {
                    b.uninstall();
                    index.remove(b.getLocation().substring(LOCATION_PREFIX.length()));
                } catch (BundleException e) {
                    throw new LaunchException(b.getLocation() + ": cannot uninstall: " + e.getMessage(), e);
                }
            }
        }
        for (Core core : wanted) {
            try {
                Bundle b = ctx.getBundle(core.location());
                if (b == null) {
                    try (InputStream in = core.content().open()) {
                        b = ctx.installBundle(core.location(), in);
                    }
                } else if (!core.checksum().equals(index.getProperty(core.name()))) {
                    // Nothing is wired before start(), so the old revision goes at once: no refresh needed.
                    try (InputStream in = core.content().open()) {
                        b.update(in);
                    }
                }
                index.setProperty(core.name(), core.checksum());
                b.adapt(BundleStartLevel.class).setStartLevel(core.startLevel());
                if (b.getHeaders("").get(org.osgi.framework.Constants.FRAGMENT_HOST) != null) {
                    continue; // a fragment is never started: it resolves with its host
                }
                if (manualStart.contains(core.name())) {
                    b.stop(); // clears a persistent start left by an earlier run or a shell 'start'
                } else {
                    b.start(); // persistent: happens when the framework reaches the bundle's start level
                }
            } catch (BundleException | IOException | RuntimeException e) {
                throw new LaunchException(core.location() + ": cannot install: " + e.getMessage(), e);
            }
        }
        try (Writer w = Files.newBufferedWriter(indexFile, StandardCharsets.UTF_8)) {
            index.store(w, "Checksums of the core bundles installed in this storage (written by the doitlive launcher)");
        } catch (IOException e) {
            throw new LaunchException(indexFile + ": cannot write: " + e.getMessage(), e);
        }
    }
}
