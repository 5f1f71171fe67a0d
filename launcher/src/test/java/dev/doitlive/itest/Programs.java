package dev.doitlive.itest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the programs a test drives are installed. */
final class Programs {
    private Programs() {
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }
}
