package dev.doitlive.bench.harness;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.bench.api.Probe;
import dev.doitlive.bench.api.Recorder;
import dev.doitlive.itest.LiveFramework;
import dev.doitlive.itest.TestBundles;

/**
 * The stage (issue 12): what the web page costs the show and how fast it acts, on a real framework with the page on
 * (Felix HTTP on Jetty 12, 127.0.0.1). A 60 Hz {@code @Loop} show step draws 150 pixels and writes them to every
 * {@link dev.doitlive.api.pixels.PixelOutput} each step: (1) the gaps between its steps with no page and with 3 pages
 * watching, in alternating windows; (2) the bytes a page is sent; (3) a slider: {@code POST /api/do/set} of the field
 * the step reads, until a step sees the new value, beside {@link LiveRuntime#set} and the shell's {@code live:set};
 * (4) a save from the page's editor, {@code POST /api/source}, until the new version serves, beside the same change
 * saved as a file. The pages are {@link PageWatchers}: HTTP clients reading the event stream, not browsers.
 */
public final class StagePage {
    private static final int RATE = 60;
    private static final long PERIOD = 1_000_000_000L / RATE;
    private static final int PAGES = 3;
    private static final int WINDOWS = Integer.getInteger("bench.stage.windows", 6);
    private static final long WINDOW_SECONDS = Long.getLong("bench.stage.windowSeconds", 10);
    private static final int SETS = Integer.getInteger("bench.stage.sets", 200);
    private static final int SET_WARMUP = Integer.getInteger("bench.stage.setWarmup", 20);
    private static final int SAVES = Integer.getInteger("bench.stage.saves", 20);
    private static final int SAVE_WARMUP = Integer.getInteger("bench.stage.saveWarmup", 3);
    private static final long TARGET_SET = 20_000_000L;
    private static final long TARGET_SAVE = 20_000_000L;
    private static final String SOURCE = "SourceProbe.java";
    /** The anchor of the page's requests: HTTP on loopback and the token's gate, no action. */
    private static final String HTTP_ALONE = "`GET /static/stage.css` (HTTP and the gate alone, no action; anchor)";

    private StagePage() {
    }

    /** The saves each way, and the snapshot (what each state event sends) before and after them. */
    record Saves(Way[] ways, int snapshotBefore, int snapshotAfter, int historyDepth) {
    }

    /** One window of the show: its step stamps, when it ran, what it cost, what its pages read. */
    record Window(boolean watched, long[] stamps, Instant from, Instant to, long nanos, long cpuNanos, long pagesCpuNanos,
            double minRate, double maxRate, List<PageWatchers.Read> reads) {
    }

    /** The gaps between consecutive steps of some windows (never across two). */
    record Gaps(long steps, long span, long median, long p99, long p999, long largest, long late) {
        static Gaps of(List<Window> windows) {
            long steps = 0;
            long span = 0;
            List<Long> all = new ArrayList<>();
            for (Window w : windows) {
                long[] s = w.stamps;
                steps += s.length;
                span += s.length < 2 ? 0 : s[s.length - 1] - s[0];
                for (int i = 1; i < s.length; i++) {
                    all.add(s[i] - s[i - 1]);
                }
            }
            Stats g = new Stats(all.isEmpty() ? new long[] {0} : all.stream().mapToLong(Long::longValue).toArray());
            long late = all.stream().filter(x -> x > 2 * PERIOD).count();
            return new Gaps(steps, span, g.median(), g.p99(), g.quantile(0.999), g.max(), late);
        }

        /** Steps per second: the gaps in the time they took. */
        double rate(int windows) {
            return span == 0 ? 0 : (steps - windows) * 1e9 / span;
        }
    }

    /** How long each way of doing one thing took: until it answered, until it was seen to take effect. */
    static final class Way {
        final String name;
        final long[] answered;
        final long[] done;
        private int n;

        Way(String name, int samples) {
            this.name = name;
            this.answered = new long[samples];
            this.done = new long[samples];
        }

        void add(long answeredNanos, long doneNanos) {
            answered[n] = answeredNanos;
            done[n++] = doneNanos;
        }

        Stats answered() {
            return new Stats(Arrays.copyOf(answered, n));
        }

        Stats done() {
            return new Stats(Arrays.copyOf(done, n));
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("stage");
        Path dir = Harness.tempDir("stage");
        byte[] show = TestBundles.bundle("bench.stage", "1.0.0", BenchBundles.show("v1", RATE));
        try (LiveFramework fw = Harness.startWithWeb(dir); Pauses pauses = new Pauses()) {
            if (fw.webAddress() == null) {
                throw new IllegalStateException("the web page is off: " + fw.launcher().webBanner());
            }
            PageRequests page = new PageRequests(fw.webAddress());
            LiveRuntime runtime = fw.awaitService(LiveRuntime.class, null, Harness.WAIT);
            fw.drop("show.jar", show);
            Probe p = fw.awaitService(Probe.class, "(bench.kind=stage)", Harness.WAIT);
            Harness.await(() -> p.count() > 2 * RATE, "the show to run 2 s");
            try (PageWatchers pages = PageWatchers.start(page.base, page.token)) {
                // Warm-up, not measured: the server's stream and the clients' reading compiled before the first window.
                pages.open(PAGES);
                awaitStreams(PAGES);
                Harness.settle(TimeUnit.SECONDS.toMillis(WINDOW_SECONDS), 0);
                pages.closeAll();
                awaitStreams(0);

                List<Window> windows = new ArrayList<>();
                for (int w = 0; w < 2 * WINDOWS; w++) {
                    windows.add(window(runtime, pages, w % 2 == 1));
                }

                // The slider and the editor with one page watching: the page they are moved in.
                pages.open(1);
                awaitStreams(1);
                Way[] sets = sets(fw, runtime, page);
                Saves saves = saves(fw, runtime, page);
                pages.closeAll();
                pauses.stop();
                reportShow(r, pauses, windows);
                reportSets(r, sets);
                reportSaves(r, saves);
            }
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /**
     * One window of {@value #WINDOW_SECONDS} s (by default) of the show, with {@value #PAGES} pages watching or none:
     * the step stamps, the loop's measured rate asked once a second, the CPU both JVMs used.
     */
    private static Window window(LiveRuntime runtime, PageWatchers pages, boolean watched) {
        if (watched) {
            pages.open(PAGES);
            awaitStreams(PAGES);
        }
        Harness.quiesce();
        long cpu0 = processCpu();
        long pagesCpu0 = pages.cpuNanos();
        Instant from = Instant.now();
        long t0 = System.nanoTime();
        Recorder.startSteps();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (long s = 1; s <= WINDOW_SECONDS; s++) {
            for (long left = t0 + s * 1_000_000_000L - System.nanoTime(); left > 0; left = t0 + s * 1_000_000_000L - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            double rate = showLoop(runtime).measuredRate;
            min = Math.min(min, rate);
            max = Math.max(max, rate);
        }
        long[] stamps = Recorder.stopSteps();
        long nanos = System.nanoTime() - t0;
        Instant to = Instant.now();
        long cpu = processCpu() - cpu0;
        long pagesCpu = pages.cpuNanos() - pagesCpu0;
        List<PageWatchers.Read> reads = List.of();
        if (watched) {
            reads = pages.closeAll();
            awaitStreams(0);
        }
        return new Window(watched, stamps, from, to, nanos, cpu, pagesCpu, min, max, reads);
    }

    /**
     * The slider, {@value #SETS} times each way, the ways taking turns: the show's {@code level} set to a new value, the
     * time until the set answered and until a step saw the value (the step reports what it reads to the
     * {@link Recorder}). Sets fall at random phases of the 60 Hz step.
     */
    private static Way[] sets(LiveFramework fw, LiveRuntime runtime, PageRequests page) throws Exception {
        Way[] ways = {new Way("`POST /api/do/set` (the page's slider)", SETS), new Way("`LiveRuntime.set` in process (anchor)", SETS),
                new Way("`live:set` in a shell session (anchor)", SETS), new Way(HTTP_ALONE, SETS)};
        int k = 0;
        for (int i = -SET_WARMUP; i < SETS; i++) {
            Harness.settle(20, 30);
            long g0 = System.nanoTime();
            page.get("/static/stage.css");
            long g1 = System.nanoTime();
            if (i >= 0) {
                ways[3].add(g1 - g0, g1 - g0);
            }
            for (int w = 0; w < 3; w++) {
                String value = Double.toString(++k / 1000.0);
                double v = Double.parseDouble(value);
                Harness.settle(20, 30);
                long t0 = System.nanoTime();
                switch (w) {
                    case 0 -> page.set("show", "level", value);
                    case 1 -> runtime.set("show", "level", value);
                    default -> fw.shell("live:set show level " + value);
                }
                long t1 = System.nanoTime();
                Harness.await(() -> Recorder.seen() == v, "a step to see level = " + value);
                if (i >= 0) {
                    ways[w].add(t1 - t0, Recorder.seenNanos() - t0);
                }
            }
        }
        return ways;
    }

    /**
     * The editor, {@value #SAVES} times each way, taking turns: a new version of a live source saved from the page
     * ({@code POST /api/source}) or as a file (temp file, then rename, as an editor saves), until its live sequence
     * number moved and a call answers with the new version.
     */
    private static Saves saves(LiveFramework fw, LiveRuntime runtime, PageRequests page) throws Exception {
        fw.save(SOURCE, LiveSourceLatency.source("v0"));
        Probe probe = fw.awaitService(Probe.class, "(bench.kind=source)", Harness.WAIT);
        int before = utf8(page.get("/api/snapshot"));
        Way[] ways = {new Way("`POST /api/source` (the page's editor)", SAVES), new Way("file saved into the watched folder (anchor)", SAVES)};
        int label = 0;
        for (int i = -SAVE_WARMUP; i < SAVES; i++) {
            for (int w = 0; w < ways.length; w++) {
                String version = "v" + ++label;
                String text = LiveSourceLatency.source(version);
                Harness.settle(150, 50);
                long seq = runtime.describe("source-probe").liveSeq;
                long t0 = System.nanoTime();
                if (w == 0) {
                    page.save(SOURCE, text);
                } else {
                    fw.save(SOURCE, text);
                }
                long t1 = System.nanoTime();
                long t2 = Harness.await(() -> version.equals(probe.version()) && runtime.describe("source-probe").liveSeq > seq,
                        "the source's " + version + " to serve");
                if (i >= 0) {
                    ways[w].add(t1 - t0, t2 - t0);
                }
            }
        }
        Harness.settle(200, 0); // the snapshot is made anew at most every 100 ms
        return new Saves(ways, before, utf8(page.get("/api/snapshot")), runtime.describe("source-probe").historyDepth);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void reportShow(Results r, Pauses pauses, List<Window> windows) {
        List<Window> quiet = windows.stream().filter(w -> !w.watched).toList();
        List<Window> watched = windows.stream().filter(Window::watched).toList();
        Gaps q = Gaps.of(quiet);
        Gaps w = Gaps.of(watched);
        r.line("A `@Loop(rate = " + RATE + ")` show step, run by the runtime through its proxy, draws 150 pixels and writes them to every"
                + " `PixelOutput` service each step (the page's is the only one), the web page on (Felix HTTP on Jetty 12, 127.0.0.1)."
                + " **A page watching is an HTTP client reading `GET /api/events` (Server-Sent Events) continuously and counting its bytes,"
                + " not a browser**: nothing parses the JSON or draws; the clients (`java.net.http`, HTTP/1.1, one connection each) run in"
                + " a JVM of their own, as a browser would. " + 2 * WINDOWS + " windows of " + WINDOW_SECONDS + " s, no page and "
                + PAGES + " pages taking turns (none first), so that whatever else the machine does falls on both alike.");
        r.line("");
        r.line("| | no page (" + quiet.size() + " × " + WINDOW_SECONDS + " s) | " + PAGES + " pages watching (" + watched.size() + " × "
                + WINDOW_SECONDS + " s) |");
        r.line("|---|---|---|");
        r.line("| steps / time | " + q.steps + " in " + Stats.ms(q.span) + " | " + w.steps + " in " + Stats.ms(w.span) + " |");
        r.line("| measured rate: steps ÷ time; the loop's own `measuredRate`, asked each second (lowest – highest) | "
                + rate(q, quiet) + " | " + rate(w, watched) + " |");
        r.line("| median / p99 / p99.9 gap | " + Stats.ms(q.median) + " / " + Stats.ms(q.p99) + " / " + Stats.ms(q.p999) + " | " + Stats.ms(w.median)
                + " / " + Stats.ms(w.p99) + " / " + Stats.ms(w.p999) + " |");
        r.line("| **largest gap** | " + Stats.ms(q.largest) + " | " + Stats.ms(w.largest) + " |");
        r.line("| gaps > 2 periods (33 ms) | " + q.late + " | " + w.late + " |");
        r.line("| the spread: largest gap in each window | " + perWindow(quiet, x -> Gaps.of(List.of(x)).largest) + " | "
                + perWindow(watched, x -> Gaps.of(List.of(x)).largest) + " |");
        r.line("| the spread: p99 gap in each window | " + perWindow(quiet, x -> Gaps.of(List.of(x)).p99) + " | "
                + perWindow(watched, x -> Gaps.of(List.of(x)).p99) + " |");
        r.line("| GC pauses: how many, the longest | " + gc(pauses, quiet) + " | " + gc(pauses, watched) + " |");
        r.line("| CPU of the runtime's JVM (share of one core) | " + cpu(quiet, Window::cpuNanos) + " | " + cpu(watched, Window::cpuNanos) + " |");
        r.line("| CPU of the pages' JVM (share of one core) | " + cpu(quiet, Window::pagesCpuNanos) + " | " + cpu(watched, Window::pagesCpuNanos)
                + " |");
        r.line("");

        List<PageWatchers.Read> reads = watched.stream().flatMap(x -> x.reads.stream()).toList();
        double seconds = reads.stream().mapToLong(PageWatchers.Read::nanos).sum() / 1e9;
        r.line("What each page was sent while watching (the " + reads.size() + " page-windows above, " + String.format(Locale.ROOT, "%.0f", seconds)
                + " page-seconds; the first state and the backlog of lines a page gets when it opens are left out):");
        r.line("");
        r.line("| event | bytes / s per page | events / s per page | bytes per event |");
        r.line("|---|---|---|---|");
        String[] what = {"`state` (the snapshot, when it changed; at most 10 / s)", "`line` (event lines)",
                "`frame` (the strip's newest frame, base64 RGB; the show draws " + RATE + " / s)", "the rest (keep-alives, `retry`)"};
        long allBytes = 0;
        for (int k = 0; k < PageWatchers.KINDS.size(); k++) {
            int kind = k;
            long bytes = reads.stream().mapToLong(x -> x.bytes()[kind]).sum();
            long events = reads.stream().mapToLong(x -> x.events()[kind]).sum();
            allBytes += bytes;
            r.line("| " + what[k] + " | " + kb(bytes / seconds) + " | " + String.format(Locale.ROOT, "%.1f", events / seconds) + " | "
                    + (events == 0 ? "-" : String.valueOf(bytes / events)) + " |");
        }
        double lowest = reads.stream().mapToDouble(x -> x.total() / (x.nanos() / 1e9)).min().orElse(0);
        double highest = reads.stream().mapToDouble(x -> x.total() / (x.nanos() / 1e9)).max().orElse(0);
        r.line("| **all** | **" + kb(allBytes / seconds) + "** (each page-window: " + kb(lowest) + " – " + kb(highest) + ") | | |");
        r.line("");

        // Within the spread: no worse than the worst no-page window, in its largest gap and in its p99.
        long quietP99 = quiet.stream().mapToLong(x -> Gaps.of(List.of(x)).p99).max().orElse(0);
        r.target("largest gap of the 60 Hz show, " + PAGES + " pages watching (p99 " + Stats.ms(w.p99) + ", p99.9 " + Stats.ms(w.p999) + "; "
                + kb(allBytes / seconds) + "/s sent to each page)", Stats.ms(w.largest), "no page: " + Stats.ms(q.largest) + " (p99 "
                        + Stats.ms(q.p99) + ", p99.9 " + Stats.ms(q.p999) + "); largest per " + WINDOW_SECONDS + "-s window "
                        + perWindow(quiet, x -> Gaps.of(List.of(x)).largest) + ", p99 up to " + Stats.ms(quietP99),
                "within the no-page run's spread", w.largest <= q.largest && w.p99 <= quietP99);
    }

    private static void reportSets(Results r, Way[] ways) {
        r.line("A slider: the show's `level` (a `double` its step reads) set to a new value " + SETS + " times each way, the ways taking"
                + " turns (and in each round a plain GET, to tell HTTP from the action), " + SET_WARMUP + " rounds of warm-up first, one page"
                + " watching; a set falls at a random phase of the step. *Answered*:"
                + " the call returned (the field is set: `live:set` sets it between two calls). *The step sees it*: the first step that"
                + " reads the new value stamps the time; it includes the wait for the next step, up to one period (16.7 ms, 8.3 ms on average).");
        r.line("");
        r.line("| way | answered | the step sees it |");
        r.line("|---|---|---|");
        for (Way w : ways) {
            r.line("| " + w.name + " | " + w.answered().summary() + " | " + (w.name.equals(HTTP_ALONE) ? "-" : w.done().summary()) + " |");
        }
        r.line("");
        Stats http = ways[0].done();
        r.target("slider → field (`POST /api/do/set` → the step sees it), median (p99 " + Stats.ms(http.p99()) + ")", Stats.ms(http.median())
                + " (n=" + http.n() + ")", "`LiveRuntime.set`: median " + Stats.ms(ways[1].done().median()) + "; `live:set`: median "
                        + Stats.ms(ways[2].done().median()) + "; the POST answered: median " + Stats.ms(ways[0].answered().median())
                        + "; a GET of the stylesheet: median " + Stats.ms(ways[3].answered().median()),
                "≤ 20 ms median", http.median() <= TARGET_SET);
    }

    private static void reportSaves(Results r, Saves saves) {
        Way[] ways = saves.ways;
        r.line("The editor: a new version of a live source (`" + SOURCE + "`, the `source` part's probe) saved " + SAVES + " times each way,"
                + " taking turns, " + SAVE_WARMUP + " rounds of warm-up first, one page watching; 150-200 ms between saves, so that they"
                + " fall at random phases of the folder's 50 ms poll. *Live*: its live sequence number moved and a call through its proxy"
                + " answers with the new version. The page's save writes a hidden temporary file in the watched folder and renames it"
                + " over the source; the anchor writes it outside and renames it in (`LiveFramework.save`).");
        r.line("");
        r.line("| way | answered (the file saved) | → live |");
        r.line("|---|---|---|");
        for (Way w : ways) {
            r.line("| " + w.name + " | " + w.answered().summaryUs() + " | " + w.done().summary() + " |");
        }
        r.line("");
        r.line("`GET /api/snapshot` (the state and every history): " + saves.snapshotBefore + " bytes before these saves, "
                + saves.snapshotAfter + " after them (the source's history now " + saves.historyDepth + " versions deep). The"
                + " stream sends the state up to 10 times a second while it changes, and the histories only when they change.");
        r.line("");
        long browser = ways[0].done().median();
        long file = ways[1].done().median();
        r.target("browser save → live, median, vs a file save (difference " + signedMs(browser - file) + ")", Stats.ms(browser) + " (n="
                + ways[0].done().n() + ")", "file save → live: median " + Stats.ms(file) + ", p90 " + Stats.ms(ways[1].done().p90()),
                "within 20 ms of a file save", browser - file <= TARGET_SAVE);
    }

    private static String rate(Gaps g, List<Window> windows) {
        double lo = windows.stream().mapToDouble(Window::minRate).min().orElse(0);
        double hi = windows.stream().mapToDouble(Window::maxRate).max().orElse(0);
        return String.format(Locale.ROOT, "%.2f / s; %.1f – %.1f / s", g.rate(windows.size()), lo, hi);
    }

    private static String perWindow(List<Window> windows, ToLongFunction<Window> figure) {
        return windows.stream().map(w -> Stats.num(figure.applyAsLong(w))).collect(Collectors.joining(", ")) + " ms";
    }

    private static String gc(Pauses pauses, List<Window> windows) {
        int n = windows.stream().mapToInt(w -> pauses.gcPauses(w.from, w.to)).sum();
        long longest = windows.stream().mapToLong(w -> pauses.longestGcPause(w.from, w.to)).max().orElse(0);
        return n + ", " + Stats.us(longest);
    }

    private static String cpu(List<Window> windows, ToLongFunction<Window> used) {
        long nanos = windows.stream().mapToLong(Window::nanos).sum();
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * windows.stream().mapToLong(used).sum() / nanos);
    }

    private static String kb(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f kB", bytesPerSecond / 1000);
    }

    private static String signedMs(long nanos) {
        return (nanos >= 0 ? "+" : "−") + Stats.ms(Math.abs(nanos));
    }

    private static LoopDTO showLoop(LiveRuntime runtime) {
        return runtime.loops().stream().filter(l -> l.name.equals("show")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no loop 'show' (loops: " + runtime.loops() + ")"));
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Waits until the server streams to {@code pages} pages: as many of its threads are inside the event stream's loop
     * (a page closed is noticed at the server's next write). Asked every 10 ms: a thread dump stops every thread.
     */
    private static void awaitStreams(int pages) {
        long deadline = System.nanoTime() + Harness.WAIT.toNanos();
        int n;
        while ((n = streams()) != pages) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the server streams to " + n + " pages, not " + pages + ", after " + Harness.WAIT.toSeconds() + " s");
            }
            Harness.settle(10, 0);
        }
    }

    private static int streams() {
        Predicate<StackTraceElement> streaming = e -> e.getClassName().equals("dev.doitlive.web.EventsServlet") && e.getMethodName().equals("stream");
        return (int) Thread.getAllStackTraces().values().stream().filter(st -> Arrays.stream(st).anyMatch(streaming)).count();
    }

    /** The harness's own requests, sent as the page sends them: the token's cookie, the page's Origin, one kept connection. */
    static final class PageRequests {
        final String base;
        final String token;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        PageRequests(String address) {
            this.base = address.substring(0, address.indexOf("/?"));
            this.token = address.substring(address.indexOf("token=") + "token=".length());
        }

        /** The page's cookie, named after its port. */
        private String cookie() {
            return "doitlive-token-" + URI.create(base).getPort() + "=" + token;
        }

        /** A GET; returns its body. */
        String get(String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Harness.WAIT)
                    .header("Cookie", cookie()).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        /** {@code POST /api/do/set}, a form as the page's slider sends it. */
        void set(String name, String field, String value) throws Exception {
            post("/api/do/set", "application/x-www-form-urlencoded", "name=" + enc(name) + "&field=" + enc(field) + "&value=" + enc(value));
        }

        /** {@code POST /api/source?file=NAME}, the text as the body, as the page's editor saves. */
        void save(String file, String text) throws Exception {
            post("/api/source?file=" + enc(file), "text/plain;charset=utf-8", text);
        }

        private void post(String path, String type, String body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Harness.WAIT)
                    .header("Cookie", cookie()).header("Origin", base).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().startsWith("{\"ok\":true")) {
                throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
            }
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
