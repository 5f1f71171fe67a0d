package dev.doitlive.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.Log;

/**
 * JGroups' log, kept off the console: its errors become one {@code cluster:} line each (through {@link #sink}), the
 * rest (warnings a member that dies or joins causes as a matter of course, info, debug) is dropped. The stage says
 * what happens to members itself.
 */
final class QuietLog implements Log {
    /** Where errors go: the stage's report while it runs. */
    static volatile Consumer<String> sink = l -> {
    };

    static final class Factory implements CustomLogFactory {
        @Override
        public Log getLog(Class<?> clazz) {
            return new QuietLog(clazz.getSimpleName());
        }

        @Override
        public Log getLog(String category) {
            return new QuietLog(category.substring(category.lastIndexOf('.') + 1));
        }
    }

    private final String source;

    private QuietLog(String source) {
        this.source = source;
    }

    /** When each protocol last said something: at most one line each per {@value #QUIET_MILLIS} ms (a split makes a flood). */
    private static final Map<String, long[]> SAID = new ConcurrentHashMap<>();
    private static final long QUIET_MILLIS = 30_000;

    /**
     * What JGroups says as an error although it is a member going, which the stage says itself ("node c left the
     * stage"): a killed peer's socket, closed under the transport as it says goodbye.
     */
    static boolean noise(String msg) {
        return msg != null && msg.contains("graceful close");
    }

    /**
     * The transport's one warning worth a line: a connection to this node's port that did not start as a member's
     * does (bytes of another program, garbage); at most one line per {@value #QUIET_MILLIS} ms, as every error.
     */
    private void accepting(String msg, Object... args) {
        if (msg == null || !msg.contains("failed accepting connection") || args.length < 3) {
            return;
        }
        Object peer = args[1] instanceof java.net.Socket s && s.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : args[1];
        String why = String.valueOf(args[2] instanceof Throwable t ? t.getMessage() : args[2]);
        say("cluster: a connection from " + peer + " to this node's port is not a member's (" + (why.contains("cookie")
                ? "its first bytes are not the stage's transport's" : why) + "); it is dropped", null, true);
    }

    private void say(String msg, Throwable t) {
        say(msg, t, false);
    }

    /** @param ours {@code msg} is a whole line of ours, not JGroups' words */
    private void say(String msg, Throwable t, boolean ours) {
        if (noise(msg)) {
            return;
        }
        long now = System.currentTimeMillis();
        long[] last = SAID.computeIfAbsent(source, s -> new long[] {Long.MIN_VALUE / 2, 0});
        long skipped;
        synchronized (last) {
            if (now - last[0] < QUIET_MILLIS) {
                last[1]++;
                return;
            }
            skipped = last[1];
            last[0] = now;
            last[1] = 0;
        }
        sink.accept((ours ? msg : "cluster: jgroups " + source + ": " + msg) + (t == null || t.getMessage() == null ? "" : " (" + t.getMessage() + ")")
                + (skipped == 0 ? "" : " (" + skipped + " more of its lines since its last, not shown)"));
    }

    private static String format(String msg, Object... args) {
        try {
            return String.format(msg, args);
        } catch (RuntimeException e) {
            return msg;
        }
    }

    @Override public boolean isFatalEnabled() { return true; }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public boolean isWarnEnabled() { return false; }
    @Override public boolean isInfoEnabled() { return false; }
    @Override public boolean isDebugEnabled() { return false; }
    @Override public boolean isTraceEnabled() { return false; }
    @Override public void fatal(String msg) { say(msg, null); }
    @Override public void fatal(String msg, Object... args) { say(format(msg, args), null); }
    @Override public void fatal(String msg, Throwable t) { say(msg, t); }
    @Override public void error(String msg) { say(msg, null); }
    @Override public void error(String msg, Object... args) { say(format(msg, args), null); }
    @Override public void error(String msg, Throwable t) { say(msg, t); }
    @Override public void warn(String msg) { }
    @Override public void warn(String msg, Object... args) { accepting(msg, args); }
    @Override public void warn(String msg, Throwable t) { }
    @Override public void info(String msg) { }
    @Override public void info(String msg, Object... args) { }
    @Override public void debug(String msg) { }
    @Override public void debug(String msg, Object... args) { }
    @Override public void debug(String msg, Throwable t) { }
    @Override public void trace(Object msg) { }
    @Override public void trace(String msg) { }
    @Override public void trace(String msg, Object... args) { }
    @Override public void trace(String msg, Throwable t) { }
    @Override public void setLevel(String level) { }
    @Override public String getLevel() { return "error"; }
}
