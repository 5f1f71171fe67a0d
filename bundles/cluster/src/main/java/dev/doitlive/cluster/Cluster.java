package dev.doitlive.cluster;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import dev.doitlive.api.Coordinator;
import dev.doitlive.api.LiveRuntime;

/**
 * The cluster bundle: off, and quiet, unless {@code config/dev.doitlive.cluster.cfg} names a stage; on, it joins the
 * stage and registers the runtime's {@link Coordinator}, so that every new version lands on every node on the same
 * frame, or on none. A changed configuration leaves the stage and joins again. {@code live:cluster} shows it.
 */
@Component(service = Cluster.class, configurationPid = Settings.PID, immediate = true)
@GogoCommand(scope = "live", function = {"cluster"})
public class Cluster {
    @Reference
    LiveRuntime runtime;

    private BundleContext context;
    private Settings settings;
    private Stage stage;
    private ServiceRegistration<Coordinator> registration;
    private String off = "off: " + Settings.FILE + " names no stage (cluster = ...)";

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        this.context = context;
        apply(props);
    }

    @Modified
    synchronized void modified(Map<String, Object> props) {
        apply(props);
    }

    private synchronized void apply(Map<String, Object> props) {
        Settings.Read read = Settings.read(props, hostName());
        read.ignored().forEach(l -> runtime.report("cluster", l)); // and nothing else: an unknown key changes nothing
        Settings next = read.settings();
        if (next == null && !read.bad().isEmpty()) {
            // A value it cannot use: the settings in force stay (a stage half configured would split the show).
            String then = stage != null ? "; the stage goes on with the settings in force"
                    : settings != null ? "; the settings in force stay" : "; the cluster stays off";
            read.bad().forEach(p -> runtime.report("cluster", p + then));
            if (settings == null) {
                off = "off: " + String.join("; ", read.bad());
            }
            return;
        }
        if (next != null && next.equals(settings)) {
            return;
        }
        boolean wasOn = stage != null;
        Settings before = settings;
        leave();
        settings = next;
        if (next == null) {
            off = "off: " + Settings.FILE + " names no stage (cluster = ...)";
            if (wasOn) {
                runtime.report("cluster", "cluster: node " + before.node() + " left stage " + before.cluster() + ": " + Settings.FILE
                        + " names no stage now (no cluster = ...); this node runs alone, off the stage");
            }
            return;
        }
        QuietLog.sink = l -> runtime.report("cluster", l);
        Stage s = new Stage(next, runtime, new JGroupsEngine(next, l -> runtime.report("cluster", l)), new Watcher(context, runtime),
                new OwnFile(context, runtime, runtime::say));
        try {
            s.start();
        } catch (Refused e) {
            s.close();
            off = "off: " + e.getMessage();
            runtime.report("cluster", "cluster: " + e.getMessage() + "; this node runs alone, off the stage");
            return;
        } catch (Exception e) {
            s.close();
            String why = e.getMessage() == null ? "its engine did not start" : e.getMessage();
            off = "off: cannot join stage " + next.cluster() + ": " + why;
            runtime.report("cluster", "cluster: cannot join stage " + next.cluster() + " as " + next.node() + " on "
                    + next.bind().getAddress().getHostAddress() + ":" + next.bind().getPort() + ": " + why
                    + "; this node runs alone, off the stage");
            return;
        }
        stage = s;
        registration = context.registerService(Coordinator.class, s, null);
        runtime.say("cluster: node " + next.node() + " is on stage " + next.cluster() + " (live:cluster shows it)");
    }

    private void leave() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
            registration = null;
        }
        if (stage != null) {
            QuietLog.sink = l -> {
            }; // what JGroups says while it closes its connections is no news
            stage.close();
            stage = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        leave();
        QuietLog.sink = l -> {
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (java.io.IOException e) {
            return "node";
        }
    }

    @Descriptor("the stage: its nodes (the leader first), each one's clock offset and delivery time from this node, what each"
            + " runs, and on which frame each refreshable last landed here; or why the cluster is off")
    public synchronized String cluster() {
        return stage == null ? "cluster: " + off : stage.status();
    }
}
