package dev.doitlive.controls;

import java.net.URI;
import java.nio.file.Path;

/** How a configuration's file is named in a line. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /**
     * FileInstall's {@code felix.fileinstall.filename} (a file URL) as the user knows the file: its folder and name,
     * {@code config/dev.doitlive.osc.cfg}, {@code load/dev.doitlive.midi-knobs.cfg}.
     */
    public static String nameOf(String url) {
        Path f = path(url);
        Path parent = f.getParent();
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + f.getFileName();
    }

    /**
     * Whether a configuration's file is gone from the disk: SCR gives no reason (0) for a deleted configuration, and
     * none either for some a runtime's stop brings, so the file itself tells. A configuration from no file
     * ({@code fileName} null) is taken at the reason's word.
     */
    public static boolean gone(Object fileName) {
        return fileName == null || !java.nio.file.Files.exists(path(fileName.toString()));
    }

    /** FileInstall's {@code felix.fileinstall.filename} as the full path of the file, for a line that must find it. */
    public static String pathOf(String url) {
        return path(url).toString();
    }

    private static Path path(String url) {
        String path = url;
        if (url.startsWith("file:")) {
            try {
                path = URI.create(url).getPath();
            } catch (IllegalArgumentException e) {
                path = url.substring("file:".length());
            }
        }
        return Path.of(path);
    }
}
