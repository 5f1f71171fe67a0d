package dev.doitlive.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.doitlive.api.LiveRuntime;

/**
 * A version from another node landed here on a refreshable whose file here is a source: the file still holds the code
 * before it, and saving it (even unchanged) builds that code again, a new version that the stage then lands on every
 * node. Writing the landed source into the file would rebuild it here and go round the stage again, and a jar carries
 * no source to write: the node says so instead, in one line. Not when the file here holds the very text the landed
 * version was built from (saved on this node before a restart, or copied to it): then there is nothing to say.
 */
final class OwnFile {
    /** The header the source kit writes into a bundle it builds: the SHA-256 of the source file's bytes. */
    static final String DIGEST_HEADER = "Doitlive-Source-Digest";
    private static final String SOURCE_SCHEME = "doitlive-source:";

    private final BundleContext context;
    private final LiveRuntime runtime;
    private final Consumer<String> say;

    OwnFile(BundleContext context, LiveRuntime runtime, Consumer<String> say) {
        this.context = context;
        this.runtime = runtime;
        this.say = say;
    }

    /** @param from where the version came from, as the line says it ("from node a", "caught up from node a") */
    void warn(String name, long seq, String from) {
        String location;
        try {
            location = runtime.describe(name).location;
        } catch (IllegalArgumentException e) {
            return; // gone meanwhile
        }
        Location l = Location.of(location);
        if (l == null || !l.source()) {
            return;
        }
        Bundle b = context.getBundle(location);
        if (holdsIt(b == null ? null : b.getHeaders("").get(DIGEST_HEADER), fileOf(location))) {
            return;
        }
        say.accept(line(name, l, seq, from));
    }

    /** True when {@code file} is a file whose bytes have the SHA-256 {@code digest} (a folder never: it is not compared). */
    static boolean holdsIt(String digest, Path file) {
        if (digest == null || file == null || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            return digest.equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        } catch (IOException | NoSuchAlgorithmException e) {
            return false; // unreadable: said as not the stage's version, which a save then makes true
        }
    }

    /** The file a source bundle's location names ({@code doitlive-source:file:/srv/load/Show.java}), or null. */
    static Path fileOf(String location) {
        if (location == null || !location.startsWith(SOURCE_SCHEME)) {
            return null;
        }
        try {
            return Path.of(URI.create(location.substring(SOURCE_SCHEME.length())));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    static String line(String name, Location l, long seq, String from) {
        return "cluster: " + name + ": " + l.file() + " here is not the stage's version now (seq " + seq + ", " + from
                + "); saving it, even unchanged, makes its code the stage's version again, on every node";
    }
}
