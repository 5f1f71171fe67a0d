package dev.doitlive.controls.osc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.BundleContext;
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
import dev.doitlive.controls.KitLines;
import dev.doitlive.controls.Targets;
import dev.doitlive.controls.Throttle;

/**
 * OSC in: a UDP port (127.0.0.1:9000 unless {@code config/dev.doitlive.osc.cfg} says otherwise) whose messages set
 * fields, call methods and drive the beat clock ({@link OscRoutes}). Its configuration is required, so that the port
 * is bound once, with the file's values, when FileInstall has read the config folder; a changed file moves it. A port
 * that cannot be had is one line, and the runtime goes on without OSC.
 */
@Component(service = OscListener.class, configurationPid = OscSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public class OscListener {
    @Reference
    private KitLines lines;

    /** The beat kit's clock, when there is one: {@code /live/bpm}, {@code /live/tap}, {@code /live/downbeat}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BeatClock clock;

    private String portProperty;
    private OscSettings settings = OscSettings.DEFAULTS;
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
        apply(props, false);
    }

    @Modified
    synchronized void modified(Map<String, Object> props) {
        apply(props, true);
    }

    @Deactivate
    synchronized void deactivate() {
        closePort();
    }

    private void apply(Map<String, Object> props, boolean changed) {
        List<String> problems = new ArrayList<>();
        OscSettings next = OscSettings.check(props, settings, problems);
        int bind = next.portToBind(portProperty, problems);
        problems.forEach(p -> lines.problem(OscRoutes.SOURCE, p));
        boolean same = next.enabled() == settings.enabled() && next.host().equals(settings.host()) && next.port() == settings.port();
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
        try {
            port = OscPort.open(next.host(), bind, routes, bad);
            off = null;
        } catch (IOException e) {
            off = "off: cannot listen on " + next.host() + ":" + bind + ": " + e.getMessage();
            lines.problem(OscRoutes.SOURCE, "osc: cannot listen on " + next.host() + ":" + bind + ": " + e.getMessage()
                    + "; OSC is off (port in " + next.file() + " picks another)");
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
        s.append(String.format(Locale.ROOT, "  messages %d: fields set %d, methods called %d, queries answered %d, beat clock %d,"
                + " button releases %d; refused %d%n", port.messages(), port.sets.get(), port.calls.get(), port.queries.get(),
                port.beats.get(), port.ignored.get(), port.errors.get()));
        s.append("  last: ").append(seen(port.last)).append('\n');
        s.append("  last refused: ").append(seen(port.lastBad));
        if (clock == null) {
            s.append("\n  no beat clock: /live/bpm, /live/tap and /live/downbeat are refused");
        }
        return s.toString();
    }

    private static String seen(OscPort.Seen s) {
        if (s == null) {
            return "none";
        }
        long ago = System.currentTimeMillis() - s.millis();
        return s.what() + String.format(Locale.ROOT, " (%.1f s ago)", ago / 1000.0);
    }
}
