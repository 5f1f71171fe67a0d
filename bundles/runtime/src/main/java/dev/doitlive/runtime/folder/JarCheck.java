package dev.doitlive.runtime.folder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import dev.doitlive.runtime.refresh.Version;
import dev.doitlive.runtime.report.Failures;

/**
 * What a file in the watched folder is, as FileInstall judges it: an installable bundle when it opens as a jar
 * whose manifest has a {@code Bundle-SymbolicName}. Otherwise {@link #problem} says why not, in words for the user.
 *
 * @param problem      why the file is not an installable bundle jar; null when it is one
 * @param symbolicName its Bundle-SymbolicName when it is one
 * @param version      its Bundle-Version when it is one ("0.0.0" when it has none)
 */
record JarCheck(String problem, String symbolicName, String version) {

    static JarCheck of(Path file) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (NoSuchFileException e) {
            return bad("gone from the watched folder");
        } catch (IOException e) {
            return bad("cannot be read: " + Failures.describe(e));
        }
        if (n == 0) {
            return bad("empty file, not a jar");
        }
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest m = jar.getManifest();
            if (m == null) {
                return bad("no META-INF/MANIFEST.MF in it, so it is not a bundle");
            }
            Attributes a = m.getMainAttributes();
            String name = a.getValue("Bundle-SymbolicName");
            if (name == null) {
                return bad("its manifest has no Bundle-SymbolicName, so it is not a bundle");
            }
            String version = a.getValue("Bundle-Version");
            return new JarCheck(null, name.split(";")[0].trim(), version == null ? "0.0.0" : version.trim());
        } catch (ZipException e) {
            boolean zip = n == 4 && head[0] == 'P' && head[1] == 'K';
            return bad(zip ? "not a complete jar (" + e.getMessage() + "): cut short, or still being written"
                    : "not a jar (it does not start as a zip file does)");
        } catch (IOException | RuntimeException e) {
            return bad("not a readable jar: " + Failures.describe(e));
        }
    }

    private static JarCheck bad(String problem) {
        return new JarCheck(problem, null, null);
    }
}
