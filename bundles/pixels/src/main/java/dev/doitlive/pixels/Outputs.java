package dev.doitlive.pixels;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.pixels.PixelOutput;
import dev.doitlive.pixels.send.Voice;

/**
 * The pixel outputs: one {@link PixelOutput} service for each factory configuration {@value #FACTORY_PID}
 * ({@code dev.doitlive.output-NAME.cfg} in the watched folder), started, re-targeted and stopped as ConfigAdmin adds,
 * changes and deletes them. A configuration with bad values is said in one line naming its file and each bad key: a new
 * output then does not start, a running one keeps its last good settings. With no configuration nothing runs.
 */
@Component(service = {ManagedServiceFactory.class, ManagedService.class, Outputs.class}, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Constants.SERVICE_PID + "=" + Outputs.FACTORY_PID, immediate = true) // never deactivated when ConfigAdmin lets go of it

public class Outputs implements ManagedServiceFactory, ManagedService {
    static final String FACTORY_PID = "dev.doitlive.output";
    /** The service property naming an output (the NAME of its file). */
    public static final String NAME_PROPERTY = "doitlive.output";

    /** An output's configuration: the output once started, or why it never started. */
    private static final class Entry {
        final String name;
        String file;
        Output output;
        ServiceRegistration<PixelOutput> registration;
        /** Why its latest values are refused (every bad one), or null. */
        String refusal;
        /** Its latest values. */
        Map<String, String> values;

        Entry(String name) {
            this.name = name;
        }
    }

    /** What live:outputs shows of one output. */
    record View(String name, String file, OutputSettings settings, long sent, double fps, long dropped, String trouble,
            String lastError, long lastErrorMillis, String waiting, String refusal) {
    }

    /**
     * Mandatory: the outputs start once the runtime is up, so that a bad file found at the start is kept for live:errors
     * like any other problem (FileInstall reads the watched folder before the runtime's service is there).
     */
    @Reference
    private volatile LiveRuntime runtime;
    @Reference
    private ConfigurationAdmin configurations;

    private final Map<String, Entry> byPid = new TreeMap<>();
    private BundleContext context;
    private boolean active;

    @Activate
    synchronized void activate(BundleContext context) {
        this.context = context;
        active = true;
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        for (Entry e : byPid.values()) {
            retire(e);
        }
        byPid.clear();
    }

    @Override
    public String getName() {
        return "doitlive pixel outputs";
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> properties) {
        if (!active) {
            return;
        }
        Object f = properties.get("felix.fileinstall.filename");
        String file = f == null ? "configuration " + pid : fileName(f.toString());
        if (!byPid.containsKey(pid) && f != null && gone(f.toString())) {
            // ConfigAdmin keeps configurations in the storage, and FileInstall forgets none whose file was deleted while
            // the runtime was stopped: an output for a file that is no more would otherwise start and send.
            forget(pid);
            voice.info(file + " was deleted while the runtime was stopped: its output does not start");
            return;
        }
        Entry e = byPid.computeIfAbsent(pid, p -> new Entry(name(p, f == null ? null : file)));
        e.file = file;
        Map<String, String> values = OutputSettings.values(properties);
        // ConfigAdmin may hand the same values again (our service registered anew): what was said stays said. Every
        // edit that changes a value is answered, the same trouble included, so that an edit is never met by silence.
        boolean edited = !values.equals(e.values);
        e.values = values;
        if (e.name == null) {
            e.refusal = file + ": an output's file is named dev.doitlive.output-NAME.cfg, NAME naming the output (left, strip...);"
                    + " this one has no NAME, so no output starts";
            if (edited) {
                voice.problem(e.refusal);
            }
            return;
        }
        try {
            OutputSettings s;
            try {
                s = OutputSettings.read(values);
            } catch (BadSetting bad) {
                boolean running = e.output != null;
                e.refusal = file + ": " + bad.getMessage() + "; output " + e.name
                        + (running ? " keeps its last good settings" : " does not start");
                if (edited) {
                    voice.problem(e.refusal);
                }
                return;
            }
            boolean wasRefused = e.refusal != null;
            e.refusal = null;
            if (e.output == null) {
                e.output = new Output(e.name, file, voice);
                e.output.start(s);
                e.registration = context.registerService(PixelOutput.class, e.output, serviceProperties(e.name, s));
                voice.info("output " + e.name + ": " + s.describe() + " (" + file + ")");
            } else if (!s.equals(e.output.settings())) {
                e.output.start(s);
                e.registration.setProperties(serviceProperties(e.name, s));
                voice.info("output " + e.name + " now: " + s.describe() + " (" + file + ")");
            } else if (wasRefused) {
                voice.info("output " + e.name + ": " + file + " is good again, and the same as before: " + s.describe());
            }
        } catch (RuntimeException ex) {
            // ConfigAdmin's thread never sees our failure: one line, and the other outputs go on.
            voice.problem(file + ": output " + e.name + " could not start: " + ex);
        }
    }

    /**
     * {@code dev.doitlive.output.cfg}, without a NAME, is a configuration of PID {@value #FACTORY_PID} itself, which
     * starts no output: said in one line rather than ignored.
     */
    @Override
    public void updated(Dictionary<String, ?> properties) {
        if (properties != null) {
            Object f = properties.get("felix.fileinstall.filename");
            if (f != null && gone(f.toString())) {
                forget(FACTORY_PID);
                return;
            }
            voice.problem((f == null ? "configuration " + FACTORY_PID : fileName(f.toString())) + ": an output's file is named "
                    + FACTORY_PID + "-NAME.cfg, NAME naming the output (left, strip...); this one starts no output");
        }
    }

    /** Whether a configuration's file (FileInstall's URL) is no more. */
    private static boolean gone(String url) {
        try {
            return url.startsWith("file:") && !Files.exists(Path.of(new URI(url)));
        } catch (URISyntaxException | RuntimeException e) {
            return false; // not a file we can look at: taken as it is
        }
    }

    /** Deletes a stale configuration from ConfigAdmin's store, so that it does not come back at the next start. */
    private void forget(String pid) {
        try {
            Configuration[] stale = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            for (Configuration c : stale == null ? new Configuration[0] : stale) {
                c.delete();
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            voice.problem("configuration " + pid + " (a file deleted while the runtime was stopped) cannot be forgotten: " + e);
        }
    }

    /** The file's name as the user wrote it: FileInstall gives a URL ({@code a%20b} for {@code a b}). */
    static String fileName(String url) {
        String path;
        try {
            path = new URI(url).getPath();
        } catch (URISyntaxException | RuntimeException e) {
            path = null;
        }
        String p = path == null ? url : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /**
     * The output's name: NAME of dev.doitlive.output-NAME.cfg; null for a file without a NAME, which starts nothing. A
     * configuration made another way (ConfigAdmin's API) is named by what follows the {@code ~} of its PID, else by its PID.
     */
    static String name(String pid, String file) {
        String prefix = FACTORY_PID + "-";
        if (file != null) {
            return file.startsWith(prefix) && file.endsWith(".cfg") && file.length() > prefix.length() + 4
                    ? file.substring(prefix.length(), file.length() - 4) : null;
        }
        int tilde = pid.indexOf('~');
        return tilde >= 0 && tilde < pid.length() - 1 ? pid.substring(tilde + 1) : pid;
    }

    private static Hashtable<String, Object> serviceProperties(String name, OutputSettings s) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(NAME_PROPERTY, name);
        p.put(NAME_PROPERTY + ".protocol", s.protocol().id());
        return p;
    }

    @Override
    public synchronized void deleted(String pid) {
        Entry e = byPid.remove(pid);
        if (e != null && e.output != null) {
            retire(e);
            voice.info("output " + e.name + " stopped: its configuration was deleted");
        }
    }

    /** Withdraws the service first (the show stops writing to it), then ends the sender. */
    private static void retire(Entry e) {
        if (e.registration != null) {
            try {
                e.registration.unregister();
            } catch (IllegalStateException gone) {
                // unregistered with the bundle already
            }
            e.registration = null;
        }
        if (e.output != null) {
            e.output.stop();
        }
    }

    /** Every output configured, started or not, by name. */
    synchronized List<View> views() {
        List<View> all = new ArrayList<>();
        for (Entry e : byPid.values()) {
            Output o = e.output;
            if (o == null) {
                all.add(new View(e.name == null ? "(no name)" : e.name, e.file, null, 0, 0, 0, null, null, 0, null, e.refusal));
            } else {
                var c = o.counters();
                all.add(new View(e.name, e.file, o.settings(), c.sent(), c.fps(), c.droppedFrames(), o.trouble(), c.lastError(),
                        c.lastErrorMillis(), o.waiting(), e.refusal));
            }
        }
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    private final Voice voice = new Voice() {
        @Override
        public void problem(String line) {
            LiveRuntime r = runtime;
            if (r != null) {
                r.report("pixels", line);
            } else {
                info(line);
            }
        }

        @Override
        public void info(String line) {
            LiveRuntime r = runtime;
            if (r != null) {
                r.say(line); // on stderr and to the page, as the runtime's own lines
            } else {
                System.err.println("doitlive: " + line);
            }
        }
    };
}
