package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.doitlive.api.pixels.PixelOutput;
import test.api.Counter;

/**
 * The web page's server on a real framework (Felix HTTP on Jetty 12, at a free port), through real HTTP: who gets in,
 * what each endpoint does and says, and that it is the same as the shell's.
 */
class StageTest extends LiveTest {
    String base;
    String token;
    /** The cookie holds the port: two runtimes' pages in one browser keep one each. */
    String cookieName;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    boolean web() {
        return true;
    }

    @BeforeEach
    void readTheAddress() {
        String address = fw.webAddress();
        assertNotNull(address, "the page is up");
        assertTrue(address.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}"), address);
        base = address.substring(0, address.indexOf("/?"));
        token = address.substring(address.indexOf("token=") + 6);
        cookieName = "doitlive-token-" + URI.create(base).getPort();
        // The address is known once the HTTP server runs; the page's servlets register on its whiteboard a moment later
        // (Jetty's own 404 until then: a clean-clone CI run's first POST met it).
        Await.until(() -> {
            try {
                return get("/api/snapshot", token).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, WAIT, "the page's actions registered");
    }

    private Counter dropCounter() {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", Sources.counter("", "v1", """
                long count;
                @Default long step = 1;
                double level = 0.5;
                boolean on = true;
                String label = "beats";
                public long next() { count += step; return count; }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        return c;
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT);
        if (cookie != null) {
            b.header("Cookie", cookieName + "=" + cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                .header("Cookie", cookieName + "=" + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> act(String action, String form) throws Exception {
        return post("/api/do/" + action, form, base);
    }

    @Test
    void onlyTheTokenGetsIn() throws Exception {
        HttpResponse<String> none = get("/", null);
        assertEquals(403, none.statusCode());
        assertTrue(none.body().contains("no token"), none.body());
        assertEquals(403, get("/api/snapshot", null).statusCode(), "the api too");
        assertEquals(403, get("/static/stage.js", null).statusCode(), "and the page's files");

        HttpResponse<String> wrong = get("/?token=" + "0".repeat(32), null);
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("wrong token"), wrong.body());
        assertEquals(403, get("/api/snapshot", "f".repeat(32)).statusCode(), "a wrong cookie");

        HttpResponse<String> first = get("/?token=" + token, null);
        assertEquals(302, first.statusCode(), "sent on to / without the token in the address");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(cookieName + "=" + token) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);

        HttpResponse<String> page = get("/", token);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>doitlive stage</title>"), page.body());
        assertEquals(200, get("/static/cm/lib/codemirror.js", token).statusCode(), "the editor's files are in the bundle");
        HttpResponse<String> missing = get("/static/nope.js", token);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no such page: /static/nope.js"), missing.body());
    }

    @Test
    void aForeignOriginChangesNothing() throws Exception {
        Counter c = dropCounter();
        HttpResponse<String> r = post("/api/do/set", "name=counter&field=count&value=99", "http://evil.example");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("must come from the page itself"), r.body());
        assertEquals(1, c.get(), "the field is untouched");

        assertEquals(200, post("/api/do/set", "name=counter&field=count&value=99", null).statusCode(),
                "a client that is no browser page (curl) sends no Origin: the token is enough");
        assertEquals(99, c.get());
    }

    @Test
    void theSnapshotHasFieldsWithTheirKindsAndTheHistory() throws Exception {
        dropCounter();
        String json = get("/api/snapshot", token).body();
        assertTrue(json.contains("\"name\":\"counter\""), json);
        assertTrue(json.contains("{\"name\":\"count\",\"type\":\"long\",\"kind\":\"WHOLE\",\"value\":\"1\",\"editable\":true}"), json);
        assertTrue(json.contains("{\"name\":\"level\",\"type\":\"double\",\"kind\":\"NUMBER\",\"value\":\"0.5\",\"editable\":true}"), json);
        assertTrue(json.contains("\"kind\":\"BOOLEAN\",\"value\":\"true\""), json);
        assertTrue(json.contains("\"name\":\"label\",\"type\":\"String\",\"kind\":\"TEXT\",\"value\":\"beats\""), json);
        assertTrue(json.contains("\"histories\":{\"counter\":[{\"seq\":1,\"version\":\"1.0.0\""), json);
    }

    @Test
    void actionsAreTheShellsCommandsAndSayWhatTheShellSays() throws Exception {
        Counter c = dropCounter();
        HttpResponse<String> set = act("set", "name=counter&field=step&value=5");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("{\"ok\":true,\"message\":\"counter.step: 1 -> 5\"}", set.body());
        assertEquals(6, c.next());

        // Bad input: the shell's own line, and nothing changes.
        assertRefused(act("set", "name=counter&field=step&value=many"), shellError("live:set counter step many"));
        assertRefused(act("set", "name=counter&field=nope&value=1"), shellError("live:set counter nope 1"));
        assertRefused(act("set", "name=ghost&field=step&value=1"), shellError("live:set ghost step 1"));
        assertRefused(act("purge", "name=ghost"), shellError("live:purge ghost"));
        assertRefused(act("set", "name=counter&field=step"), "set: missing value (give name, field, value)");
        assertRefused(act("frobnicate", "name=counter"), "no action 'frobnicate'; there are: refresh, revert, purge, forget, set,");
        assertRefused(act("new", "name=x&kind=poem"), "new: kind 'poem' is none of pattern, loop, signal");
        assertRefused(act("set", "name=counter&field=step&value=%ZZ"), "set: the form cannot be read:");
        try {
            assertRefused(act("set", "name=counter&field=step&value=" + "9".repeat(300_000)), "set: the form cannot be read:");
        } catch (java.io.IOException closed) {
            // Jetty may answer a form over its limit by closing the connection before the client has sent it all (seen
            // once under load): refused all the same; that nothing changed is checked below.
        }
        // A value that looks like Gogo syntax stays one argument: it never runs as a command.
        assertEquals(200, act("set", "name=counter&field=label&value="
                + java.net.URLEncoder.encode("x; live:purge counter", StandardCharsets.UTF_8)).statusCode());
        assertEquals("\"x; live:purge counter\"", runtime.state("counter").get("label"), "set as text, nothing else ran");
        assertEquals(6, c.get());

        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.plainCounter("v2", 10)));
        RefreshTest.awaitDescribe(c, "v2");
        HttpResponse<String> revert = act("revert", "name=counter");
        assertEquals(200, revert.statusCode(), revert.body());
        assertTrue(revert.body().contains("seq 1"), revert.body());
        assertEquals("v1", c.describe(), "the page's revert is live:revert");
        HttpResponse<String> forward = act("revert", "name=counter&to=2");
        assertTrue(forward.body().contains("seq 2"), forward.body());
        assertEquals("v2", c.describe());
        HttpResponse<String> purge = act("purge", "name=counter");
        assertEquals("{\"ok\":true,\"message\":\"Purged 1 version from counter's history; the live version stays.\"}", purge.body());
        assertRefused(act("forget", "name=counter"), shellError("live:forget counter"));
    }

    @Test
    void loopsCanBePausedResumedAndPaced() throws Exception {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", Sources.of("t.ticker.Ticker", """
                package t.ticker;
                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.*;
                @Component(service = Step.class)
                @Refreshable(name = "ticker")
                @Loop(rate = 50)
                public class Ticker implements Step {
                    long ticks;
                    public void step() { ticks++; }
                }
                """)));
        Await.until(() -> runtime.loops().stream().anyMatch(l -> l.name.equals("ticker") && l.steps > 0), WAIT, () -> "the loop to run");
        assertTrue(act("stop", "loop=ticker").body().contains("\"ok\":true"));
        Await.until(() -> runtime.loops().get(0).state == dev.doitlive.api.LoopDTO.State.PAUSED, WAIT, () -> "paused");
        assertTrue(act("restart", "loop=ticker").body().contains("\"ok\":true"));
        assertEquals(200, act("rate", "loop=ticker&hz=20").statusCode());
        assertEquals(20, runtime.loops().get(0).targetRate);
        assertRefused(act("rate", "loop=ticker&hz=-3"), shellError("live:rate ticker -3"));
        assertRefused(act("rate", "loop=ticker&hz=lots"), shellError("live:rate ticker lots"));
        assertEquals(20, runtime.loops().get(0).targetRate, "a bad rate changes nothing");
        String json = get("/api/snapshot", token).body();
        assertTrue(json.contains("\"loops\":[{\"name\":\"ticker\",\"step\":\"ticker\",\"state\":\"RUNNING\""), json);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventStreamSendsStateLinesAndFrames() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/events"))
                .header("Cookie", cookieName + "=" + token).build();
        // The page's servlets register one by one as their components come up (on a loaded machine after the page itself).
        HttpResponse<InputStream>[] opened = new HttpResponse[1];
        Await.until(() -> {
            try {
                opened[0] = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (opened[0].statusCode() == 404) {
                    opened[0].body().close();
                    return false;
                }
                return true;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }, WAIT, "the event stream's servlet to answer");
        HttpResponse<InputStream> response = opened[0];
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream;charset=utf-8", response.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        List<String> events = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = null;
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith("event: ")) {
                        event = l.substring(7);
                    } else if (l.startsWith("data: ")) {
                        synchronized (events) {
                            events.add(event + " " + l.substring(6));
                        }
                    }
                }
            } catch (Exception e) {
                failed.set(e);
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            dropCounter();
            Await.until(() -> has(events, "state ", "\"name\":\"counter\""), WAIT, () -> "a state with the counter: " + events);
            Await.until(() -> has(events, "line ", "counter: live at seq 1"), WAIT, () -> "the event line: " + events);
            Await.until(() -> has(events, "history ", "{\"counter\":[{\"seq\":1,"), WAIT, () -> "the history: " + events);

            // The show's frames: whatever writes to the PixelOutput services reaches the page.
            PixelOutput out = fw.awaitService(PixelOutput.class, null, WAIT);
            Await.until(() -> {
                out.frame("strip", new int[] {0xff0000, 0x00ff00, 0x0000ff}, 3);
                return has(events, "frame ", "{\"strip\":\"strip\",\"rgb\":\"/wAAAP8AAAD/\"}");
            }, WAIT, () -> "the frame: " + events);
        } finally {
            response.body().close();
        }
        assertNull(failed.get() instanceof java.io.IOException ? null : failed.get());
    }

    private static boolean has(List<String> events, String prefix, String fragment) {
        synchronized (events) {
            return events.stream().anyMatch(e -> e.startsWith(prefix) && e.contains(fragment));
        }
    }

    @Test
    void sourcesAreListedReadAndSavedWholeToGoLive() throws Exception {
        fw.save("Blink.java", blink(1));
        Await.until(() -> runtime.list().stream().anyMatch(r -> r.name.equals("blink")), WAIT, () -> "blink live");
        HttpResponse<String> list = get("/api/sources", token);
        assertTrue(list.body().startsWith("{\"sources\":[{\"file\":\"Blink.java\""), list.body());
        assertEquals(blink(1), get("/api/source?file=Blink.java", token).body());

        HttpResponse<String> saved = post("/api/source?file=Blink.java", blink(2), base);
        assertEquals(200, saved.statusCode(), saved.body());
        assertTrue(saved.body().contains("saved Blink.java"), saved.body());
        Await.until(() -> runtime.describe("blink").liveSeq == 2, WAIT, () -> "the saved version live");
        assertEquals("2.0", String.valueOf(runtime.call("blink", "applyAsDouble", List.of("0"))));
        try (var files = Files.list(fw.watched())) {
            assertEquals(List.of("Blink.java"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }

        // Two saves at once: one of the two whole, never a mix.
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> unchecked(() -> post("/api/source?file=Blink.java", blink(3), base)));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> unchecked(() -> post("/api/source?file=Blink.java", blink(4), base)));
        assertEquals(200, a.get().statusCode());
        assertEquals(200, b.get().statusCode());
        String now = Files.readString(fw.watched().resolve("Blink.java"));
        assertTrue(now.equals(blink(3)) || now.equals(blink(4)), now);

        assertRefused(post("/api/source?file=../evil.java", "x", base), "file: '../evil.java': give a source's name");
        assertRefused(post("/api/source?file=class.java", "x", base), "file: 'class.java': give a source's name");
        Files.createDirectory(fw.watched().resolve("Dir.java"));
        assertRefused(get("/api/source?file=Dir.java", token), "Dir.java: is a folder, not a source");
        assertRefused(post("/api/source?file=Dir.java", "x", base), "Dir.java: is a folder, not a source");
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(fw.watched().resolve("Link.java"), outside);
        assertRefused(get("/api/source?file=Link.java", token), "Link.java: is a link;");
        assertRefused(post("/api/source?file=Link.java", "x", base), "Link.java: is a link;");
        assertEquals("secret", Files.readString(outside), "nothing written through the link");
        Files.write(fw.watched().resolve("Huge.java"), new byte[(1 << 20) + 1]);
        assertRefused(get("/api/source?file=Huge.java", token), "Huge.java: over 1024 KiB: too large for the editor");
        String listed = get("/api/sources", token).body();
        assertFalse(listed.contains("Dir.java") || listed.contains("Link.java") || listed.contains("Huge.java"), listed);
        assertRefused(post("/api/source?file=notes.txt", "x", base), "file: 'notes.txt'");
        assertRefused(get("/api/source?file=Ghost.java", token), "Ghost.java: no such source in");
        assertFalse(Files.exists(tmp.resolve("evil.java")));
        Files.delete(fw.watched().resolve("Link.java"));
        Files.delete(fw.watched().resolve("Huge.java"));
    }

    @Test
    void newWritesAStarterThatGoesLive() throws Exception {
        HttpResponse<String> made = act("new", "name=glow&kind=signal");
        assertEquals(200, made.statusCode(), made.body());
        assertTrue(made.body().contains("Glow.java (signal); glow is live"), made.body());
        assertTrue(get("/api/sources", token).body().contains("\"file\":\"Glow.java\""));
        assertRefused(act("new", "name=glow"), shellError("live:new glow"));
        assertRefused(act("new", "name=9lives"), shellError("live:new 9lives"));
    }

    @Test
    void aPortInUseStartsTheRuntimeWithoutThePage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            fw.restartWith("doitlive.web.port", Integer.toString(taken.getLocalPort()));
            assertNull(fw.webAddress());
            assertTrue(fw.launcher().webBanner().startsWith("off: 127.0.0.1:" + taken.getLocalPort() + " is in use"),
                    fw.launcher().webBanner());
            assertNull(fw.bundle("dev.doitlive.web"), "the page's bundles are skipped");
            assertTrue(fw.shell("live:list").contains("No refreshables"), "the runtime runs");
        }
    }

    private static String blink(int level) {
        return """
                package live;
                import java.util.function.DoubleUnaryOperator;
                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                @Component(service = DoubleUnaryOperator.class)
                @Refreshable(name = "blink")
                public class Blink implements DoubleUnaryOperator {
                    public double applyAsDouble(double t) { return %d; }
                }
                """.formatted(level);
    }

    private String shellError(String command) {
        Exception e = assertThrows(Exception.class, () -> fw.shell(command), command);
        return e.getMessage();
    }

    private static void assertRefused(HttpResponse<String> r, String message) {
        assertTrue(r.statusCode() == 400 || r.statusCode() == 404, r.statusCode() + " " + r.body());
        if (message != null) {
            String json = "\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"");
            assertTrue(r.body().startsWith("{\"ok\":false,") && r.body().contains(json), r.body() + "\n  expected: " + message);
        }
    }

    interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T unchecked(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
