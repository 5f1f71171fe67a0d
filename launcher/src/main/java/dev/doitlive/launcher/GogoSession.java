package dev.doitlive.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Gogo CommandSession, used from outside the framework (the launcher's script mode, the tests).
 *
 * <p>Reflective on purpose: the command API cannot be exported from the system bundle. Its
 * {@code Process.Utils.current()} calls {@code org.apache.felix.gogo.runtime.Pipe}, an implementation class,
 * so a copy on the class path fails every command with NoClassDefFoundError. The API is therefore used
 * through the gogo.runtime bundle's own classes.
 */
public final class GogoSession implements AutoCloseable {
    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String NOT_FOUND = "org.apache.felix.gogo.runtime.CommandNotFoundException";
    /** org.apache.felix.service.command.Converter.INSPECT: the full, multi-line rendering of a value. */
    private static final int INSPECT = 0;

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method get;
    private final Method close;

    private GogoSession(Object session, Class<?> type) throws ReflectiveOperationException {
        this.session = session;
        this.execute = type.getMethod("execute", CharSequence.class);
        this.format = type.getMethod("format", Object.class, int.class);
        this.get = type.getMethod("get", String.class);
        this.close = type.getMethod("close");
    }

    /** Waits for the CommandProcessor service, then opens a session on the given streams. */
    public static GogoSession open(BundleContext context, Duration timeout, InputStream in, OutputStream out,
            OutputStream err) throws LaunchException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            Object processor = tracker.waitForService(timeout.toMillis());
            if (processor == null) {
                throw new LaunchException("Gogo's CommandProcessor service did not appear within " + timeout.toMillis() + " ms");
            }
            ClassLoader api = processor.getClass().getClassLoader();
            Class<?> processorType = api.loadClass(PROCESSOR);
            Object session = processorType
                    .getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(processor, in, out, err);
            return new GogoSession(session, api.loadClass(SESSION));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for Gogo");
        } catch (ReflectiveOperationException e) {
            throw new LaunchException("cannot open a Gogo session: " + e, e);
        } finally {
            // The session keeps working without the tracker: it holds the processor itself.
            tracker.close();
        }
    }

    /**
     * Runs one command line; returns its value (null for none) or throws what the command threw. An unknown command
     * is an {@link IllegalArgumentException} naming it and, for a scoped one, the commands of its scope.
     */
    public Object execute(String commandLine) throws Exception {
        try {
            return execute.invoke(session, commandLine);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c.getClass().getName().equals(NOT_FOUND)) {
                throw new IllegalArgumentException(unknown((String) c.getClass().getMethod("getCommand").invoke(c)), c);
            }
            throw c instanceof Exception x ? x : new RuntimeException(c);
        }
    }

    /** {@code unknown command 'live:nope' (live commands: call, errors, ...)}; the same line as the console's. */
    private String unknown(String command) {
        int colon = command.indexOf(':');
        if (colon <= 0) {
            return "unknown command '" + command + "'";
        }
        String scope = command.substring(0, colon + 1);
        Object all;
        try {
            all = get.invoke(session, ".commands");
        } catch (ReflectiveOperationException e) {
            all = null;
        }
        List<String> same = all instanceof Collection<?> names ? names.stream().map(String::valueOf)
                .filter(n -> n.startsWith(scope)).map(n -> n.substring(scope.length())).sorted().toList() : List.of();
        return "unknown command '" + command + "'" + (same.isEmpty() ? ""
                : " (" + command.substring(0, colon) + " commands: " + String.join(", ", same) + ")");
    }

    /** The value as the shell prints it. */
    public String format(Object value) {
        try {
            return String.valueOf(format.invoke(session, value, INSPECT));
        } catch (ReflectiveOperationException e) {
            return String.valueOf(value);
        }
    }

    @Override
    public void close() {
        try {
            close.invoke(session);
        } catch (ReflectiveOperationException e) {
            // the framework is going away anyway
        }
    }
}
