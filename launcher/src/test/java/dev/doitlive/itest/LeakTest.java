package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/**
 * Leaks: one refreshable refreshed again and again (one version in ten broken: its calls throw and it is
 * reverted). The class loaders and bundle revisions of the replaced versions must be collectable: after a GC no
 * more of them may be reachable than the history depth plus the live one (the history keeps bytes on disk, not
 * loaded classes, so in practice only the live one is). Purge then drops the versions' jars. The metaspace,
 * heap and thread figures go to the report; nothing is asserted on them. {@code -Ddoitlive.leak.refreshes=N}
 * (1,000 with {@code -Preliability}; 60 by default).
 */
class LeakTest extends LiveTest {
    private static final int REFRESHES = Integer.getInteger("doitlive.leak.refreshes", 60);
    private static final int WARM_UP = 10;
    private static final int DEPTH = 16;

    @Test
    void refreshAgainAndAgainThenPurge() {
        byte[] good = TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter(Sources.COUNTING));
        byte[] broken = TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter("""
                public long next() { throw new IllegalStateException("broken next"); }
                public long get() { return count; }
                """));
        fw.drop("counter.jar", Jars.withVersion(good, "1.0.0"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Bundle bundle = fw.bundle("t.counter");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        List<WeakReference<BundleRevision>> revisions = new ArrayList<>();
        track(bundle, loaders, revisions);

        Figures before = null;
        Figures halfway = null;
        long calls = 0;
        String live = "1.0.0";
        for (int i = 1; i <= REFRESHES; i++) {
            if (i == WARM_UP) {
                before = Figures.now(); // the proxy classes, ASM, the transfer's caches are loaded by now
            } else if (i == WARM_UP + (REFRESHES - WARM_UP) / 2) {
                halfway = Figures.now(); // does it level off, or grow on?
            }
            String version = "1.0." + i;
            if (i % 10 == 5) {
                fw.drop("counter.jar", Jars.withVersion(broken, version));
                Await.until(() -> version.equals(c.describe()), WAIT, () -> version + " to go live: " + c.describe());
                track(bundle, loaders, revisions);
                c.next(); // fails on probation: reverted, answered by the version before
                calls++;
                String back = live;
                Await.until(() -> back.equals(c.describe()) && back.equals(bundle.getVersion().toString())
                        && bundle.getState() == Bundle.ACTIVE, WAIT, () -> back + " to be back: " + c.describe());
            } else {
                fw.drop("counter.jar", Jars.withVersion(good, version));
                Await.until(() -> version.equals(c.describe()) && bundle.getState() == Bundle.ACTIVE, WAIT,
                        () -> version + " to go live: " + c.describe());
                live = version;
            }
            track(bundle, loaders, revisions);
            for (int k = 0; k < 3; k++) {
                c.next();
                calls++;
            }
        }
        assertEquals(calls, c.get(), "the state went through every refresh");

        int limit = DEPTH + 1;
        Await.until(() -> {
            System.gc();
            return reachable(loaders) <= limit && reachable(revisions) <= limit;
        }, WAIT, () -> "at most " + limit + " class loaders and revisions reachable: " + reachable(loaders) + " class loaders, "
                + reachable(revisions) + " revisions of " + loaders.size());
        Figures after = Figures.now();
        int loadersLeft = reachable(loaders);
        int revisionsLeft = reachable(revisions);
        int frameworkRevisions = bundle.adapt(BundleRevisions.class).getRevisions().size();
        int pending = fw.context().getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).getRemovalPendingBundles().size();

        // Purge: the versions kept go, from the history and from the disk; the live one stays.
        Path history = historyDir();
        long jarsBefore = jars(history);
        int dropped = runtime.purge("counter");
        List<VersionDTO> h = runtime.history("counter");
        assertEquals(1, h.size(), "only the live version is left");
        assertEquals(VersionDTO.Status.LIVE, h.get(0).status);
        assertEquals(1, jars(history), "purge deleted the jars of the versions it dropped");
        assertEquals(live, c.describe(), "and the live version serves on");
        Await.until(() -> {
            System.gc();
            return reachable(loaders) <= 1;
        }, WAIT, () -> "only the live class loader left after purge: " + reachable(loaders) + " (versions " + which(loaders) + ")");

        ReliabilityReport.section("40-leaks", """
                ## Leaks

                One refreshable refreshed %,d times, in a JVM of its own (one version in ten broken: its calls throw on probation and it is
                reverted), %,d calls through its proxy; history depth %d. `LeakTest` (60 refreshes in the default
                `mvn verify`, 1,000 with `-Preliability`):

                    mvn -pl launcher -am verify -Dtest=none -Dit.test=none -Ddoitlive.leak.refreshes=1000 -Dsurefire.failIfNoSpecifiedTests=false

                Weak references to the class loader and the bundle revision of each of the %,d bundle revisions loaded (one
                per version, and one more for each revert, which loads the version before again); after a GC (asserted: at
                most the history depth plus the live one may stay reachable; after purge, only the live one):

                | figure | value |
                |---|---|
                | class loaders of replaced versions still reachable | %d of %,d (the live one's included) |
                | bundle revisions still reachable | %d of %,d |
                | revisions the framework keeps for the bundle / bundles pending removal | %d / %d |
                | metaspace used, after %d refreshes -> %,d -> %,d | %s -> %s -> %s |
                | heap used after GC, same points | %s -> %s -> %s |
                | classes loaded / unloaded by the JVM, same points | %,d / %,d -> %,d / %,d -> %,d / %,d |
                | threads | %d -> %d |
                | purge | dropped %d versions and %d of %d jars in the history folder |
                """.formatted(REFRESHES, calls, DEPTH, loaders.size(), loadersLeft, loaders.size(), revisionsLeft, revisions.size(),
                frameworkRevisions, pending, WARM_UP, WARM_UP + (REFRESHES - WARM_UP) / 2, REFRESHES, mb(before.metaspace),
                mb(halfway.metaspace), mb(after.metaspace), mb(before.heap), mb(halfway.heap), mb(after.heap), before.loaded,
                before.unloaded, halfway.loaded, halfway.unloaded, after.loaded, after.unloaded, before.threads, after.threads,
                dropped, jarsBefore - 1, jarsBefore));
    }

    /** Weak references to the bundle's current revision and its class loader. */
    private static void track(Bundle bundle, List<WeakReference<ClassLoader>> loaders, List<WeakReference<BundleRevision>> revisions) {
        BundleRevision r = bundle.adapt(BundleRevision.class);
        if (revisions.stream().anyMatch(w -> w.get() == r)) {
            return;
        }
        revisions.add(new WeakReference<>(r));
        BundleWiring w = r.getWiring();
        loaders.add(new WeakReference<>(w == null ? null : w.getClassLoader()));
    }

    /** The indexes of the versions whose references are not cleared: 0 is 1.0.0, the first. */
    private static List<Integer> which(List<? extends WeakReference<?>> refs) {
        return java.util.stream.IntStream.range(0, refs.size()).filter(i -> refs.get(i).get() != null).boxed().toList();
    }

    private static int reachable(List<? extends WeakReference<?>> refs) {
        return (int) refs.stream().filter(r -> r.get() != null).count();
    }

    private Path historyDir() {
        try (Stream<Path> s = Files.walk(tmp.resolve("storage"))) {
            return s.filter(p -> p.endsWith(Path.of("history", "counter"))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long jars(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    /** JVM figures after a GC. */
    private record Figures(long metaspace, long heap, long loaded, long unloaded, int threads) {
        static Figures now() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long meta = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                    .mapToLong(p -> p.getUsage().getUsed()).sum();
            var classes = ManagementFactory.getClassLoadingMXBean();
            return new Figures(meta, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), classes.getTotalLoadedClassCount(),
                    classes.getUnloadedClassCount(), ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }
}
