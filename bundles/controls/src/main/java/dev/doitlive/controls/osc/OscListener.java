package dev.doitlive.controls.osc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.controls.ConfigFiles;
import dev.doitlive.controls.KitLines;
import dev.doitlive.controls.Targets;
import dev.doitlive.controls.Throttle;

/**
 * OSC in: a UDP port (127.0.0.1:9000 unless {@code config/dev.doitlive.osc.cfg} says otherwise) whose messages set
 * fields, call methods and drive the beat clock ({@link OscRoutes}). Its configuration is required, so that the port
 * is bound once, with the file's values, when FileInstall has read the config folder; a changed file moves it (the
 * counts go on: {@link OscCounts}), and a deleted one turns OSC off, in one line each. A port that cannot be had is one
 * line, and the runtime goes on without OSC.
 */
@Component(service = OscListener.class, configurationPid = OscSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public class OscListener {
    @Reference
    private KitLines lines;

    @Reference
    private OscCounts counts;

    /** The beat kit's clock, when there is one: {@code /live/bpm}, {@code /live/tap}, {@code /live/downbeat}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BeatClock clock;

    private String portProperty;
    private OscSettings settings = OscSettings.DEFAULTS;
    /** FileInstall's URL of the settings' file, or null. */
    private Object fileName;
    /** The port asked for at the last bind: the file's, or the framework property's when set. */
    private int bound = -1;
    private OscRoutes routes;
    private Throttle bad;
    private OscPort port;
    /** Why there is no port, in a few words for live:osc; null while listening. */
    private String off;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> props) {
        portProperty = context.getProperty(OscSettings.PORT_PROPERTY);
        routes = new OscRoutes(new Targets(lines.runtime()), () -> clock);
        bad = new Throttle("bad OSC messages", l -> lines.problem(OscRoutes.SOURCE, l));
        String gone = counts.gone;
        counts.gone = null;
        apply(props, gone != null); // a file put back after it was deleted is said, as a change is; a plain start is quiet
    }

    @Modified
    synchronized void modified(Map<String, Object> props) {
        apply(props, true);
    }

    @Deactivate
    synchronized void deactivate(int reason) {
        closePort();
        // SCR may give no reason (0) for a deleted configuration, as for a factory one (MappingFile): the file tells.
        if ((reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED
                || reason == ComponentConstants.DEACTIVATION_REASON_UNSPECIFIED) && ConfigFiles.gone(fileName)) {
            counts.gone = fileName == null ? settings.file() : ConfigFiles.pathOf(fileName.toString());
            lines.say("osc: off: " + counts.gone + " is gone (put it back to listen again)");
        }
    }

    private void apply(Map<String, Object> props, boolean changed) {
        fileName = props.get("felix.fileinstall.filename");
        List<String> problems = new ArrayList<>();
        OscSettings next = OscSettings.check(props, settings, problems);
        int bind = next.portToBind(portProperty, problems);
        problems.forEach(p -> lines.problem(OscRoutes.SOURCE, p));
        // What is bound decides, not the file: a port the framework property overrides is no reason to move (at 0 it
        // would move to another free port), but the user who edited it is told why nothing moved.
        boolean same = next.enabled() == settings.enabled() && next.host().equals(settings.host()) && bind == bound;
        if (changed && next.port() != settings.port() && bind != next.port() && port != null) {
            lines.say("osc: port = " + next.port() + " in " + next.file() + " is not used: the framework property "
                    + OscSettings.PORT_PROPERTY + " = " + portProperty.trim() + " wins; listening on " + OscPort.sender(port.address()));
        }
        settings = next;
        if (changed && same && (port != null || !next.enabled())) { // a port refused before is tried again
            return;
        }
        closePort();
        if (!next.enabled()) {
            off = "off (enabled = false in " + next.file() + ")";
            if (changed) {
                lines.say("osc: off (enabled = false in " + next.file() + ")");
            }
            return;
        }
        bound = bind;
        try {
            port = OscPort.open(next.host(), bind, routes, bad, counts);
            off = null;
        } catch (IOException e) {
            String at = next.host() + ":" + bind;
            off = "off: cannot listen on " + at + ": " + e.getMessage();
            lines.problem(OscRoutes.SOURCE, "osc: cannot listen on " + at + ": " + e.getMessage() + "; OSC is off ("
                    + wayOut(e.getMessage(), next.file()) + ")");
            return;
        }
        InetSocketAddress at = port.address();
        if (!at.getAddress().isLoopbackAddress()) {
            lines.say("osc: listening on " + OscPort.sender(at) + ", not only this machine: anyone who can reach it can set"
                    + " fields and call methods of the show (host = 127.0.0.1 in " + next.file() + " keeps it to this machine)");
        } else if (changed) {
            lines.say("osc: listening on " + OscPort.sender(at));
        }
    }

    /** What to change when a port cannot be had: the host when it is none of this machine's, else the port. */
    static String wayOut(String why, String file) {
        if (why.contains("no address of this machine") || why.contains("no such host")) {
            return "host in " + file + " picks another: 127.0.0.1 for this machine only, 0.0.0.0 for every address";
        }
        return "port in " + file + ", or -D" + OscSettings.PORT_PROPERTY + "=PORT at the start, picks another";
    }

    private void closePort() {
        if (port != null) {
            port.close();
            port = null;
        }
    }

    /** The port bound, or null when OSC is off. */
    public synchronized InetSocketAddress address() {
        return port == null ? null : port.address();
    }

    /** live:osc: where it listens, what came in, what was refused. */
    public synchronized String status() {
        if (port == null) {
            return "osc: " + off;
        }
        StringBuilder s = new StringBuilder("osc: listening on " + OscPort.sender(port.address()) + " (" + settings.file() + ")\n");
        counted(s, counts);
        s.append("\n  ").append(port.buffer());
        if (clock == null) {
            s.append("\n  no beat clock: /live/bpm, /live/tap and /live/downbeat are refused");
        }
        return s.toString();
    }

    /**
     * live:osc with no listener: the configuration's file is gone (its full path), or was never there (the file the
     * config folder would hold); the counts go on, so they are shown once there are any.
     */
    public static String offStatus(OscCounts counts, String configFolder) {
        String gone = counts.gone;
        StringBuilder s = new StringBuilder(gone != null ? "osc: off: " + gone + " is gone (put it back to listen again)"
                : "osc: off: no configuration " + OscSettings.PID + " (" + java.nio.file.Path.of(
                        configFolder == null ? "config" : configFolder, OscSettings.PID + ".cfg") + " is missing)");
        if (counts.messages() + counts.errors.get() > 0) {
            counted(s.append('\n'), counts);
        }
        return s.toString();
    }

    private static void counted(StringBuilder s, OscCounts c) {
        s.append(String.format(Locale.ROOT, "  messages %d: fields set %d, methods called %d, queries answered %d, beat clock %d,"
                + " button releases %d; refused %d%n", c.messages(), c.sets.get(), c.calls.get(), c.queries.get(),
                c.beats.get(), c.ignored.get(), c.errors.get()));
        s.append("  last: ").append(seen(c.last)).append('\n');
        s.append("  last refused: ").append(seen(c.lastBad));
    }

    private static String seen(OscCounts.Seen s) {
        if (s == null) {
            return "none";
        }
        long ago = System.currentTimeMillis() - s.millis();
        return s.what() + String.format(Locale.ROOT, " (%.1f s ago)", ago / 1000.0);
    }
}
