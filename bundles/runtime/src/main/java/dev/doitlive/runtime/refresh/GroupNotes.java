package dev.doitlive.runtime.refresh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.runtime.report.Failures;
import dev.doitlive.runtime.state.DurableFile;

/**
 * A group's probation on disk, as a refreshable's is in its history: while the members of a group that landed together
 * are on probation, what its shared bundle held before is kept in the storage, so that after a crash (the runtime
 * killed, the machine gone) the shared code that may have caused it is not trusted: at the next start the shared
 * bundle gets its bytes before back, before its users start. The note goes once the group's probation is over, once
 * the group went back, and at a clean stop (a clean stop holds nothing against a version).
 */
final class GroupNotes {
    private final Path dir;
    private final Consumer<String> say;

    GroupNotes(Path historyRoot, Consumer<String> say) {
        this.dir = historyRoot.resolve(".groups");
        this.say = say;
    }

    /** One note per change of a shared bundle: a change's probation over does not clear a later change's note. */
    private Path base(Together t) {
        return dir.resolve("bundle-" + t.shared.getBundleId() + "-" + t.generation);
    }

    /** Notes the group as on probation (swap thread). */
    void write(Together t, String nowChecksum) {
        try {
            Files.createDirectories(dir);
            Path base = base(t);
            DurableFile.write(Path.of(base + ".jar"), t.before.jar);
            DurableFile.write(Path.of(base + ".note"), (t.shared.getLocation() + "\n" + nowChecksum + "\n" + String.join(", ", t.members))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            say.accept(t.file + ": its group's probation cannot be noted in the storage (" + Failures.describe(e)
                    + "); should the runtime die before it is over, the new code stays");
        }
    }

    /** The group's probation is over, or it went back: nothing to hold against it. */
    void clear(Together t) {
        delete(base(t));
    }

    /** A clean stop: no note is held against anything. */
    void clearAll() {
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(dir, "*.note")) {
            for (Path n : notes) {
                delete(Path.of(n.toString().substring(0, n.toString().length() - ".note".length())));
            }
        } catch (IOException e) {
            // no notes
        }
    }

    /**
     * At the start, before the users' bundles start: a shared bundle still holding the code its group was on probation
     * with when the runtime died gets its bytes before back, in one line.
     */
    void recover(BundleContext context) {
        List<Path> found = new java.util.ArrayList<>();
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(dir, "*.note")) {
            notes.forEach(found::add);
        } catch (IOException e) {
            return; // no notes: nothing was on probation
        }
        // The newest change first: going back from it may leave the bundle at an older change still on probation too.
        found.sort(java.util.Comparator.comparingLong(GroupNotes::generation).reversed());
        for (Path n : found) {
            Path base = Path.of(n.toString().substring(0, n.toString().length() - ".note".length()));
            try {
                recover(context, base, Files.readAllLines(n, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                say.accept(n.getFileName() + ": a group's probation note cannot be read (" + Failures.describe(e) + "); left as it is");
            }
            delete(base);
        }
    }

    private static long generation(Path note) {
        String name = note.getFileName().toString();
        try {
            return Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - ".note".length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void recover(BundleContext context, Path base, List<String> note) throws IOException {
        if (note.size() < 3) {
            return;
        }
        Bundle b = context.getBundle(note.get(0));
        if (b == null || b.getState() == Bundle.UNINSTALLED) {
            return;
        }
        String file = Version.fileOf(b.getLocation());
        if (!BundleContent.readAsInstalled(b).checksum.equals(note.get(1))) {
            return; // something else was put there since: the user's choice
        }
        try {
            b.update(new ByteArrayInputStream(Files.readAllBytes(Path.of(base + ".jar"))));
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(List.of(b));
            say.accept(file + ": " + note.get(2) + " were on probation with its new code when the runtime stopped without a clean"
                    + " exit - it is back at what it held before (its file keeps the new bytes: drop or save it again to take them)");
        } catch (BundleException | RuntimeException e) {
            say.accept(file + ": its group was on probation when the runtime stopped without a clean exit, but what it held"
                    + " before cannot be put back (" + Failures.describe(e) + "); the new code serves");
        }
    }

    private static void delete(Path base) {
        try {
            Files.deleteIfExists(Path.of(base + ".jar"));
            Files.deleteIfExists(Path.of(base + ".note"));
        } catch (IOException e) {
            // gone with the storage
        }
    }
}
