package dev.doitlive.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What the launcher reads of FileInstall's configuration of the watched folder, to tell a slow start from a wrong file. */
final class WatchConfig {
    private WatchConfig() {
    }

    /** Whether {@code cfg} sets {@code felix.fileinstall.dir} to the folder the launcher watches ({@code ${doitlive.watch}}). */
    static boolean namesTheFolder(Path cfg) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return "${doitlive.watch}".equals(p.getProperty("felix.fileinstall.dir", "").strip());
    }
}
