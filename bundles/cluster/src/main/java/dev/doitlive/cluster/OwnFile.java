package dev.doitlive.cluster;

import java.util.function.Consumer;

import dev.doitlive.api.LiveRuntime;

/**
 * A version from another node landed here on a refreshable whose file here is a source: the file still holds the code
 * before it, and saving it (even unchanged) builds that code again, a new version that the stage then lands on every
 * node. Writing the landed source into the file would rebuild it here and go round the stage again, and a jar carries
 * no source to write: the node says so instead, in one line.
 */
final class OwnFile {
    private OwnFile() {
    }

    static void warn(LiveRuntime runtime, String name, long seq, String from, Consumer<String> say) {
        Location l;
        try {
            l = Location.of(runtime.describe(name).location);
        } catch (IllegalArgumentException e) {
            return; // gone meanwhile
        }
        if (l != null && l.source()) {
            say.accept(line(name, l, seq, from));
        }
    }

    static String line(String name, Location l, long seq, String from) {
        return "cluster: " + name + ": " + l.file() + " here is not the stage's version now (seq " + seq + ", from node " + from
                + "); saving it, even unchanged, makes its code the stage's version again, on every node";
    }
}
