package dev.doitlive.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * What a button or knob of the page does: the very {@code live:} command the shell runs, so that it does the same and
 * says the same line. The values come in as session variables ({@code $name}), never pasted into the command's text:
 * whatever a user types stays one argument and cannot become another command.
 */
@Component(service = ShellCalls.class)
public class ShellCalls {
    /** A command that failed: its message is the shell's one line. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    @Reference
    private CommandProcessor processor;

    /** A Gogo session and what it prints into; one request at a time uses one, then gives it back. */
    private record Session(CommandSession session, ByteArrayOutputStream printed) {
    }

    /** Sessions not in use: making one per request cost more than the command. */
    private final java.util.Deque<Session> idle = new java.util.ArrayDeque<>();
    private boolean closed;

    @Deactivate
    void deactivate() {
        synchronized (idle) {
            closed = true;
            idle.forEach(s -> s.session().close());
            idle.clear();
        }
    }

    private Session take() {
        synchronized (idle) {
            Session s = idle.pollFirst();
            if (s != null) {
                return s;
            }
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        return new Session(processor.createSession(new ByteArrayInputStream(new byte[0]), out, out), printed);
    }

    private void give(Session s) {
        synchronized (idle) {
            if (!closed && idle.size() < 8) {
                idle.addFirst(s);
                return;
            }
        }
        s.session().close();
    }

    /**
     * Runs one command.
     *
     * @param command the command with {@code $variables}, e.g. {@code live:set $name $field $value}
     * @param values the variables' values
     * @return what the command printed or returned, as text (empty for nothing)
     * @throws Refused when the command failed: its one line
     */
    String run(String command, Map<String, String> values) throws Refused {
        Session s = take();
        CommandSession session = s.session();
        s.printed().reset();
        try {
            values.forEach(session::put);
            Object result = session.execute(command);
            String text = s.printed().toString(StandardCharsets.UTF_8).strip();
            String returned = result == null ? "" : String.valueOf(result).strip();
            return text.isEmpty() ? returned : returned.isEmpty() ? text : text + "\n" + returned;
        } catch (Exception e) {
            throw new Refused(message(e));
        } finally {
            give(s);
        }
    }

    /** The failure's own message, as the console prints it: never a bare class name. */
    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof InvocationTargetException || t.getMessage() == null) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }
}
