package dev.doitlive.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.itest.LiveFramework;
import dev.doitlive.launcher.LaunchException;

/**
 * What every part of the harness shares: a real doitlive framework (Felix, SCR, ConfigAdmin, FileInstall and the
 * runtime bundles of the reactor, the project's config/ folder, the watched folder polled every 50 ms as shipped),
 * dropping jars the way a build script should (temp file, then rename), and waiting on what answers.
 */
final class Harness {
    /** The package the harness shares with the bundles it builds, exported by the system bundle. */
    static final String BENCH_API = "dev.doitlive.bench.api;version=1.0.0";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How often a waiting harness thread asks again: the resolution of every latency it measures. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private Harness() {
    }

    /** A fresh framework in a fresh folder under {@code java.io.tmpdir}. */
    static LiveFramework start(Path dir) throws LaunchException {
        return LiveFramework.start(dir, BENCH_API);
    }

    /** {@link #start}, with the web page on, at a free port of 127.0.0.1 ({@link LiveFramework#webAddress()}). */
    static LiveFramework startWithWeb(Path dir) throws LaunchException {
        return LiveFramework.startWithWeb(dir, BENCH_API);
    }

    static Path tempDir(String part) {
        try {
            return Files.createTempDirectory("doitlive-bench-" + part + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is no failure of the benchmark
        }
    }

    /** Drops a jar (written outside the folder, then renamed in); returns the time the rename completed. */
    static long drop(LiveFramework fw, String file, byte[] jar) {
        fw.drop(file, jar);
        return System.nanoTime();
    }

    /** Waits until the condition holds, asking every 100 µs; returns the time it was first seen to hold. */
    static long await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (;;) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Sleeps between {@code minMillis} and {@code minMillis + jitterMillis}, so drops fall at random phases of the poll. */
    static void settle(long minMillis, long jitterMillis) {
        long ms = minMillis + (jitterMillis > 0 ? ThreadLocalRandom.current().nextLong(jitterMillis) : 0);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /**
     * Before a measured phase: a full GC, so that the garbage of building bundles and of the warm-up is not collected
     * in the middle of the measurement (a young-generation pause stops every thread), then a moment to settle.
     */
    static void quiesce() {
        System.gc();
        settle(200, 0);
    }

    /** An open tracker of the services of {@code type} matching {@code filter}, as a consumer bundle sees them. */
    static <T> ServiceTracker<T, T> tracker(LiveFramework fw, Class<T> type, String filter) {
        try {
            ServiceTracker<T, T> t = new ServiceTracker<>(fw.context(),
                    fw.context().createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
            t.open();
            return t;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter + ": " + e.getMessage(), e);
        }
    }

    /** The results folder: the first argument of every part's main. */
    static Path resultsDir(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: <main> RESULTS_DIR (the folder the suite collects results from)");
        }
        return Path.of(args[0]);
    }

    /**
     * The source kit's counts since the start: tree builds that compiled only the saved files, those that compiled the
     * whole tree, and bundles that kept their last one's manifest. A look into its internals (by reflection, the kit
     * exports nothing), for the reports only; null if not found.
     */
    static long[] sourceCounts(LiveFramework fw) {
        try {
            ServiceReference<?>[] refs = fw.context().getAllServiceReferences("dev.doitlive.source.SourceBuilder", null);
            if (refs == null) {
                return null;
            }
            Object builder = fw.context().getService(refs[0]);
            try {
                Method m = builder.getClass().getDeclaredMethod("compileCounts");
                m.setAccessible(true);
                return (long[]) m.invoke(builder);
            } finally {
                fw.context().ungetService(refs[0]);
            }
        } catch (ReflectiveOperationException | InvalidSyntaxException | RuntimeException e) {
            return null;
        }
    }
}
