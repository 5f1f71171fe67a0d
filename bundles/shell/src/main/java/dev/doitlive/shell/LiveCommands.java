package dev.doitlive.shell;

import java.time.ZoneId;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.Loop;
import dev.doitlive.api.OutcomeDTO;

/**
 * The {@code live:} commands. Each one checks its arguments, makes one call into {@link LiveRuntime} and
 * returns the formatted answer, so that the interactive shell prints it and a {@code CommandSession} gets
 * it as the result. Unknown names are the runtime's {@link IllegalArgumentException}, left to propagate:
 * Gogo prints its one-line message.
 */
@Component(service = LiveCommands.class)
@GogoCommand(scope = "live", function = {"list", "refresh", "revert", "purge", "history", "state", "set",
        "errors", "initdefaults", "call", "interrupt", "loops", "start", "stop", "restart", "rate", "forget", "at", "cancel"})
public class LiveCommands {
    private static final String NAME = "name of the refreshable (live:list shows them)";
    private static final String LOOP = "name of the loop (live:loops shows them)";
    private static final String TIMEOUT = "milliseconds to wait for the outcome (default "
            + Args.DEFAULT_TIMEOUT_MILLIS + ")";

    /**
     * Optional and dynamic so that the commands stay registered while the runtime restarts: a user then
     * reads "the runtime is not running" instead of Gogo's "Command not found".
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile LiveRuntime runtime;

    private Views views;
    private Uses uses = new Uses(null, null);

    /** For Declarative Services, which calls {@link #activate} next. */
    public LiveCommands() {
    }

    /** For tests: no framework, a fixed time zone. */
    LiveCommands(LiveRuntime runtime, ZoneId zone, String watchedFolder) {
        this.runtime = runtime;
        this.views = new Views(zone, watchedFolder);
    }

    @Activate
    void activate(BundleContext context) {
        // The launcher states the watched folder as doitlive.watch; with it the empty-list hint names the real folder.
        views = new Views(ZoneId.systemDefault(), context.getProperty("doitlive.watch"));
        uses = new Uses(context, context.getProperty("doitlive.watch"));
    }

    @Descriptor("list the refreshables: bundle, live version, history depth, status, calls and errors; under the"
            + " table, what each uses of the show's own bundles (live API folders, sources, dropped jars)")
    public String list() {
        java.util.List<dev.doitlive.api.RefreshableDTO> all = runtime().list();
        return views.list(all, uses.of(all));
    }

    @Descriptor("re-read a refreshable's bundle file now and bring it in as a new version;"
            + " fails if it does not go live")
    public String refresh(
            @Descriptor(TIMEOUT)
            @Parameter(names = "--timeout", absentValue = Args.DEFAULT_TIMEOUT_MILLIS) String ms,
            @Descriptor("where it lands: step (at once), beat or bar (held, prepared, until the beat clock's next beat or"
                    + " bar); default: where the refreshable's versions land (live:at)")
            @Parameter(names = "--at", absentValue = "") String at,
            @Descriptor(NAME) String name) {
        long millis = Args.timeoutMillis(ms);
        String n = Args.name(name);
        return outcome("refresh", name, at.isEmpty() ? runtime().refresh(n, millis)
                : runtime().refresh(n, Args.boundary(at), millis));
    }

    @Descriptor("where a refreshable's new versions land from now on: step (at once, between two calls), beat or bar"
            + " (held, prepared, until the next beat or bar); default: as it declares with @Refreshable(at)")
    public String at(
            @Descriptor("only its next version (a drop, a save, a refresh), then as before")
            @Parameter(names = "--next", presentValue = "true", absentValue = "false") boolean next,
            @Descriptor(NAME) String name,
            @Descriptor("step, beat, bar or default") String where) {
        String n = Args.name(name);
        return runtime().landAt(n, Args.isDefault(where) ? null : Args.boundary(where), next);
    }

    @Descriptor("drop a refreshable's held version (live:list shows it): it never lands, the live one stays")
    public String cancel(@Descriptor(NAME) String name) {
        return runtime().cancel(Args.name(name));
    }

    @Descriptor("make the version before the live one live again (or the version --to SEQ), carrying the"
            + " current state across; fails if it does not go live")
    public String revert(
            @Descriptor("sequence number of the version to make live (live:history NAME shows them);"
                    + " default: the one before the live one")
            @Parameter(names = "--to", absentValue = Args.PREVIOUS) String seq,
            @Descriptor(TIMEOUT)
            @Parameter(names = "--timeout", absentValue = Args.DEFAULT_TIMEOUT_MILLIS) String ms,
            @Descriptor(NAME) String name) {
        long to = Args.seq(seq);
        long millis = Args.timeoutMillis(ms);
        return outcome("revert", name, runtime().revert(Args.name(name), to, millis));
    }

    @Descriptor("drop the history of every refreshable; the live versions stay")
    public String purge() {
        return views.purged(null, runtime().purge(null));
    }

    @Descriptor("drop a refreshable's history; its live version stays")
    public String purge(@Descriptor(NAME) String name) {
        return views.purged(name, runtime().purge(Args.name(name)));
    }

    @Descriptor("drop for good what is kept of a refreshable whose file is gone (detached, or kept on disk since a"
            + " restart): its last instance, its saved state and its history; a new file of it then starts afresh."
            + " A live refreshable is refused: delete its file first")
    public String forget(@Descriptor(NAME) String name) {
        return runtime().forget(Args.name(name));
    }

    @Descriptor("show the versions kept for a refreshable, newest first; * marks the live one")
    public String history(@Descriptor(NAME) String name) {
        String n = Args.name(name);
        return views.history(name, runtime().history(n)) + views.holds(runtime().describe(n));
    }

    @Descriptor("show the field values of a refreshable's live instance")
    public String state(@Descriptor(NAME) String name) {
        return views.state(name, runtime().state(Args.name(name)));
    }

    @Descriptor("set a field of a refreshable's live instance, between two calls")
    public String set(
            @Descriptor(NAME) String name,
            @Descriptor("the field's name (live:state NAME shows them)") String field,
            @Descriptor("the new value, as text; converted to the field's type") String value) {
        return runtime().set(Args.name(name), Args.field(field), value);
    }

    @Descriptor("show recent failures of every refreshable, newest first, with stack traces")
    public String errors(
            @Descriptor("one line per failure, without stack traces")
            @Parameter(names = {"-b", "--brief"}, presentValue = "true", absentValue = "false") boolean brief) {
        return views.errors(null, runtime().errors(null), brief);
    }

    @Descriptor("show recent failures of a refreshable, newest first, with stack traces")
    public String errors(
            @Descriptor("one line per failure, without stack traces")
            @Parameter(names = {"-b", "--brief"}, presentValue = "true", absentValue = "false") boolean brief,
            @Descriptor(NAME) String name) {
        return views.errors(name, runtime().errors(Args.name(name)), brief);
    }

    @Descriptor("reset every @Default field of a refreshable's live instance to the value a new instance has")
    public String initDefaults(@Descriptor(NAME) String name) {
        return views.defaultsReset(name, runtime().initDefaults(Args.name(name)));
    }

    @Descriptor("call a method of a refreshable through its proxy, as any caller would, and print the result")
    public String call(
            @Descriptor(NAME) String name,
            @Descriptor("the method of its service interface") String method,
            @Descriptor("the arguments, as text; converted to the parameter types") String... args) throws Exception {
        Object result = runtime().call(Args.name(name), Args.field(method), java.util.List.of(args));
        return result == null ? null : String.valueOf(result); // a void method prints nothing
    }

    @Descriptor("stop the calls running in a refreshable's code now (a loop that never ends): each ends at its"
            + " loop's next turn and fails as any call does (on probation its version is reverted); a waiting call is"
            + " interrupted")
    public String interrupt(@Descriptor(NAME) String name) {
        return runtime().interrupt(Args.name(name));
    }

    @Descriptor("list the loops: step, state, target and measured rate, step times, counts; then why paused"
            + " loops are paused and which steps have been running for over a second")
    public String loops() {
        return views.loops(runtime().loops());
    }

    @Descriptor("start a loop that was never started (declared with autostart = false), or resume a paused one")
    public String start(@Descriptor(LOOP) String loop) {
        return runtime().startLoop(Args.loop(loop));
    }

    @Descriptor("pause a loop between two steps; live:restart resumes it")
    public String stop(@Descriptor(LOOP) String loop) {
        return runtime().stopLoop(Args.loop(loop));
    }

    @Descriptor("resume a paused loop")
    public String restart(@Descriptor(LOOP) String loop) {
        return runtime().restartLoop(Args.loop(loop));
    }

    @Descriptor("change a loop's rate, in steps per second (free or 0: back to back), or put it on the beat (4/beat:"
            + " four steps per beat of the beat clock, following its tempo); a rate is kept across restarts until"
            + " live:rate NAME default gives it back the pace it declares")
    public String rate(
            @Descriptor(LOOP) String loop,
            @Descriptor("steps per second as a decimal number (60, 59.94) up to " + (long) Loop.MAX_RATE
                    + ", free for back to back, N/beat for N steps per beat, or default for the pace the loop declares") String hz) {
        String name = Args.loop(loop);
        if (Args.isDefault(hz)) {
            return runtime().resetRate(name);
        }
        return Args.isPerBeat(hz) ? runtime().perBeat(name, Args.perBeat(hz)) : runtime().rate(name, Args.rate(hz));
    }

    /**
     * Gogo calls a method named {@code _main} when a command's arguments fit none of its methods (too few, too many,
     * an option without its value), with the command's name first: its usage, instead of Gogo's "Cannot coerce".
     */
    @Descriptor("prints a live: command's usage when its arguments fit none of its forms")
    public String _main(@Descriptor("the command's name, then the arguments given") String... words) {
        String function = words.length == 0 ? "" : words[0];
        String usage = Usage.of(LiveCommands.class, "live", function);
        if (usage == null) {
            throw new IllegalArgumentException("unknown command 'live:" + function + "'");
        }
        throw new IllegalArgumentException("live:" + function + ": wrong arguments; usage: " + usage);
    }

    /** A failed outcome throws, so that a script running the command stops with its message. */
    private static String outcome(String operation, String name, OutcomeDTO outcome) {
        String message = outcome.message != null ? outcome.message
                : operation + " of " + name + (outcome.ok ? " done" : " failed") + "; version " + outcome.liveSeq
                        + " is live";
        if (!outcome.ok) {
            throw new IllegalStateException(message);
        }
        return message;
    }

    private LiveRuntime runtime() {
        LiveRuntime live = runtime;
        if (live == null) {
            throw new IllegalStateException(
                    "The doitlive runtime is not running (is bundle dev.doitlive.runtime active?).");
        }
        return live;
    }
}
