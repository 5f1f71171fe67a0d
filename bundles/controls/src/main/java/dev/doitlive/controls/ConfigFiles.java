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
        String path = url;
        if (url.startsWith("file:")) {
            try {
                path = URI.create(url).getPath();
            } catch (IllegalArgumentException e) {
                path = url.substring("file:".length());
            }
        }
        Path f = Path.of(path);
        Path parent = f.getParent();
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + f.getFileName();
    }
}
