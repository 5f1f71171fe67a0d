package dev.doitlive.console;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.threadio.ThreadIO;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The interactive console on the system terminal, once the launcher starts this bundle (only with a terminal). It
 * reads and runs command lines like gogo.jline's shell, whose commands, parser, highlighter, completions and
 * profile it uses ({@link GogoCommands}), and differs where a performer reads it:
 * <ul>
 * <li>a failed command prints one line, {@code error: } and its message ({@link ErrorLine}), never a class name;</li>
 * <li>Ctrl-C stops the running command and prints what it ends with ({@link CommandThreads});</li>
 * <li>the runtime's event lines, and what any thread that runs no command prints, are printed above the prompt and
 * the line being typed is redrawn ({@link LinesAbove}): this registers a {@code Consumer<String>} with
 * {@value #LINES_PROPERTY}, which the launcher hands every line written to the JVM's stdout and stderr;</li>
 * <li>Tab completes names from the bundles that offer them ({@link NameCompleter}).</li>
 * </ul>
 */
@Component(immediate = true)
public class Console {
    /** The service property of the line printer the launcher routes standard error to. */
    static final String LINES_PROPERTY = "doitlive.console.lines";

    @Reference
    private CommandProcessor processor;

    @Reference
    private ThreadIO threadIO;

    private final Map<String, Function<List<String>, List<String>>> completions = new ConcurrentHashMap<>();
    /** The runtime's stop of a call in a refreshable's code, for Ctrl-C (RunawayCalls.stopCallOf); null without it. */
    private volatile Predicate<Thread> stopCall;

    private ConsoleSession session;
    private Thread thread;
    private ServiceRegistration<?> lines;
    private GogoCommands commands;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + NameCompleter.SCOPE_PROPERTY + "=*)")
    void addCompletion(Function<List<String>, List<String>> source, Map<String, Object> props) {
        completions.put(String.valueOf(props.get(NameCompleter.SCOPE_PROPERTY)), source);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(doitlive.calls=stop)")
    void setStopCall(Predicate<Thread> stop) {
        stopCall = stop;
    }

    void unsetStopCall(Predicate<Thread> stop) {
        if (stopCall == stop) {
            stopCall = null;
        }
    }

    void removeCompletion(Function<List<String>, List<String>> source, Map<String, Object> props) {
        completions.remove(String.valueOf(props.get(NameCompleter.SCOPE_PROPERTY)), source);
    }

    @Activate
    void activate(BundleContext context) throws Exception {
        Shell shell = new Shell(new Shell.Context() {
            @Override
            public String getProperty(String name) {
                return context.getProperty(name);
            }

            @Override
            public void exit() {
                stopFramework(context);
            }
        }, processor);
        commands = new GogoCommands(context, processor, shell);
        Terminal terminal = systemTerminal();
        if (InterruptSignal.ignored()) {
            System.err.println(InterruptSignal.IGNORED);
        }
        session = new ConsoleSession(processor, threadIO, terminal, shell, completions::get, () -> stopFramework(context), t -> {
            Predicate<Thread> stop = stopCall;
            return stop != null && stop.test(t);
        });
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(LINES_PROPERTY, "above-prompt");
        lines = context.registerService(Consumer.class, (Consumer<String>) session::printAbove, props);
        thread = new Thread(session, "doitlive console");
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        lines.unregister();
        session.stop();
        thread.interrupt();
        thread.join(5_000);
        commands.unregister();
    }

    /**
     * jline finds its terminal providers (exec: stty) through the context class loader: without its own it falls
     * back to a dumb terminal, with no line editing. The type is one whose capabilities can draw the line
     * ({@link TerminalType}): a {@code TERM} without a usable description would garble the display.
     */
    private static Terminal systemTerminal() throws java.io.IOException {
        String type = TerminalType.choose(System.getenv("TERM"), TerminalType::infocmp, System.err::println);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Terminal.class.getClassLoader());
        try {
            return TerminalBuilder.builder().name("doitlive").system(true).type(type).nativeSignals(true)
                    .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** Ctrl-D: the framework stops, and the launcher with it (as the shell's {@code exit}). */
    private static void stopFramework(BundleContext context) {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            // stopping already
        }
    }
}
