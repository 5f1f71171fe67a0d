package dev.doitlive.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Anchor of start to ready: Felix itself, started with no bundle and a fresh storage, then stopped. Run with only
 * the launcher's jar (Felix) and this class on the class path.
 */
public final class BareFelix {
    private BareFelix() {
    }

    public static void main(String[] args) throws Exception {
        Path storage = Files.createTempDirectory("doitlive-bench-felix-");
        Framework f = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of("org.osgi.framework.storage", storage.toString(), "org.osgi.framework.storage.clean", "onFirstInit"));
        f.start();
        System.out.println("ready");
        f.stop();
        f.waitForStop(10_000);
        try (java.util.stream.Stream<Path> all = Files.walk(storage)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
