package dev.doitlive.runtime.proxy;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyGeneratorTest {
    public interface Varied {
        int add(int a, int b);

        long big(long a, double b, float c, short d, byte e, char f, boolean g);

        double mix(double t, double x);

        String echo(String s);

        Object[] many(Object... xs);

        void poke();

        String io(String s) throws IOException;

        default String twice(String s) {
            return echo(s) + echo(s);
        }
    }

    static class Impl implements Varied {
        final String tag;
        final AtomicInteger pokes = new AtomicInteger();

        Impl(String tag) {
            this.tag = tag;
        }

        public int add(int a, int b) {
            return a + b;
        }

        public long big(long a, double b, float c, short d, byte e, char f, boolean g) {
            return a + (long) b + (long) c + d + e + f + (g ? 1 : 0);
        }

        public double mix(double t, double x) {
            return Math.sin(t * x) + x;
        }

        public String echo(String s) {
            return tag + s;
        }

        public Object[] many(Object... xs) {
            return xs;
        }

        public void poke() {
            pokes.incrementAndGet();
        }

        public String io(String s) throws IOException {
            throw new IOException("declared " + s);
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static RefreshableProxy proxy(Object target, FailureHandler handler) {
        Class<? extends RefreshableProxy> type = ProxyGenerator.define(List.of(Varied.class));
        return ProxyGenerator.instantiate(type, new RefreshableProxy.Link("t", target, handler));
    }

    private static final FailureHandler PROPAGATE = (f, t, m, a) -> {
        throw f;
    };

    @Test
    void delegatesEveryKindOfMethod() throws Exception {
        Impl impl = new Impl("a:");
        RefreshableProxy p = proxy(impl, PROPAGATE);
        Varied v = (Varied) p;
        assertEquals(5, v.add(2, 3));
        assertEquals(1 + 2 + 3 + 4 + 5 + 'A' + 1, v.big(1, 2.9, 3.5f, (short) 4, (byte) 5, 'A', true));
        assertEquals(Math.sin(6) + 3, v.mix(2, 3));
        assertEquals("a:x", v.echo("x"));
        assertArrayEquals(new Object[] {1, "2"}, v.many(1, "2"));
        v.poke();
        assertEquals(1, impl.pokes.get());
        assertEquals("a:ya:y", v.twice("y"));
        assertEquals(7, p.calls(), "twice() is one call on the proxy; the target's echo() calls do not pass through it");
    }

    @Test
    void declaredCheckedExceptionsReachTheCallerUntouched() {
        FailureHandler handler = (f, t, m, a) -> {
            throw f;
        };
        Varied v = (Varied) proxy(new Impl(""), handler);
        IOException e = assertThrows(IOException.class, () -> v.io("x"));
        assertEquals("declared x", e.getMessage());
    }

    @Test
    void handlerCanRetryOnANewTargetOrReturnTheDefault() {
        Impl good = new Impl("good:");
        AtomicReference<RefreshableProxy> self = new AtomicReference<>();
        Varied broken = new Impl("") {
            @Override
            public String echo(String s) {
                throw new IllegalStateException("broken");
            }

            @Override
            public int add(int a, int b) {
                throw new IllegalStateException("broken");
            }
        };
        RefreshableProxy p = proxy(broken, (f, t, m, a) -> {
            if (m.equals("echo")) {
                self.get().target(good);
                return FailureHandler.RETRY;
            }
            return FailureHandler.DEFAULT_VALUE;
        });
        self.set(p);
        assertEquals("good:x", ((Varied) p).echo("x"));
        p.target(broken);
        assertEquals(0, ((Varied) p).add(1, 2));
    }

    /** A target whose echo() says it is in the call, then waits for {@code release}. */
    private static Impl holding(String tag, CountDownLatch inCall, CountDownLatch release) {
        return new Impl(tag) {
            @Override
            public String echo(String s) {
                inCall.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.echo(s);
            }
        };
    }

    @Test
    void closeWaitsForCallsInFlightAndHoldsNewOnesUntilOpen() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RefreshableProxy p = proxy(holding("old:", inCall, release), PROPAGATE);
        Varied v = (Varied) p;
        Future<String> first = pool.submit(() -> v.echo("1"));
        assertTrue(inCall.await(5, TimeUnit.SECONDS));
        assertFalse(p.close(50, TimeUnit.MILLISECONDS), "a call in flight keeps the gate from draining");

        ExecutorService swapper = Executors.newSingleThreadExecutor();
        Future<Boolean> closing = swapper.submit(() -> p.close(5, TimeUnit.SECONDS));
        release.countDown();
        assertEquals("old:1", first.get(5, TimeUnit.SECONDS));
        assertTrue(closing.get(5, TimeUnit.SECONDS));

        Future<String> waiting = pool.submit(() -> v.echo("2"));
        p.target(new Impl("new:"));
        p.open();
        assertEquals("new:2", waiting.get(5, TimeUnit.SECONDS), "a call made while closed is served by the new target");
        swapper.shutdownNow();
    }

    @Test
    void aCallThatNeverReturnsIsLeftBehindAndHoldsNoLaterClose() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RefreshableProxy p = proxy(holding("old:", inCall, release), PROPAGATE);
        Varied v = (Varied) p;
        Future<String> call = pool.submit(() -> v.echo("1"));
        assertTrue(inCall.await(5, TimeUnit.SECONDS));
        assertFalse(p.close(50, TimeUnit.MILLISECONDS), "the call in flight keeps the gate from draining");

        assertEquals(1, p.closeLeavingStuck(), "one call left behind");
        Future<String> waiting = pool.submit(() -> v.echo("2"));
        p.target(new Impl("new:"));
        p.open();
        assertEquals("new:2", waiting.get(5, TimeUnit.SECONDS));
        assertTrue(p.close(1, TimeUnit.SECONDS), "the call left behind no longer counts: the gate drains");
        p.open();
        assertFalse(call.isDone(), "it still runs on the old target");
        release.countDown();
        assertEquals("old:1", call.get(5, TimeUnit.SECONDS));
        assertEquals("new:3", v.echo("3"));
    }

    @Test
    void aReentrantCallDuringCloseDoesNotDeadlock() throws Exception {
        AtomicReference<Varied> self = new AtomicReference<>();
        CountDownLatch inCall = new CountDownLatch(1);
        Impl reentrant = new Impl("") {
            @Override
            public String echo(String s) {
                if (s.equals("outer")) {
                    inCall.countDown();
                    while (!((RefreshableProxy) self.get()).isClosed()) {
                        Thread.onSpinWait();
                    }
                    return self.get().echo("inner");
                }
                return s;
            }
        };
        RefreshableProxy p = proxy(reentrant, PROPAGATE);
        self.set((Varied) p);
        Future<String> call = pool.submit(() -> self.get().echo("outer"));
        assertTrue(inCall.await(5, TimeUnit.SECONDS));
        Future<Boolean> close = pool.submit(() -> p.close(200, TimeUnit.MILLISECONDS));
        assertFalse(close.get(5, TimeUnit.SECONDS), "close gives up and reopens instead of deadlocking");
        assertEquals("inner", call.get(5, TimeUnit.SECONDS));
        assertTrue(p.close(1, TimeUnit.SECONDS), "once the call is done the gate drains");
        p.open();
    }

    /**
     * Swaps back to back, the gate closing again right after it opened: every caller that waited gets through (none
     * is left parked), every call is counted once, and the last swap's target serves.
     */
    @Test
    void callersAtAGateThatClosesAgainAtOnceAreNeverLeftWaiting() throws Exception {
        RefreshableProxy p = proxy(new Impl("0:"), PROPAGATE);
        assertTrue(p.hasConstantTarget(), "the only instance of its class: its calls see the target as a constant");
        Varied v = (Varied) p;
        int callers = 4;
        AtomicInteger made = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Future<?>> calling = new java.util.ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calling.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        v.poke();
                        made.incrementAndGet();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }));
        }
        Impl last = null;
        for (int swap = 1; swap <= 2000; swap++) {
            assertTrue(p.close(5, TimeUnit.SECONDS), "swap " + swap + " drained");
            Impl next = new Impl(swap + ":");
            next.pokes.set(((Impl) p.target()).pokes.get()); // the state carried across
            p.target(next);
            p.open();
            last = next;
        }
        running.set(false);
        for (Future<?> f : calling) {
            f.get(10, TimeUnit.SECONDS); // a caller left parked at the gate would never return
        }
        assertNull(failure.get());
        assertEquals(made.get(), last.pokes.get(), "every call served whole by one version, none lost");
        assertEquals(made.get(), p.calls());
        assertEquals("2000:x", v.echo("x"));
        assertTrue(p.hasConstantTarget(), "after the last swap the site holds its target again");
    }

    /**
     * The runtime makes a proxy class for each refreshable, but nothing stops a second instance of one: each serves its
     * own target, also once the JIT has compiled the first with its target as a constant, and through swaps of either.
     */
    @Test
    void twoInstancesOfOneProxyClassEachServeTheirOwnTarget() {
        Class<? extends RefreshableProxy> type = ProxyGenerator.define(List.of(Varied.class));
        RefreshableProxy first = ProxyGenerator.instantiate(type, new RefreshableProxy.Link("first", new Impl("a:"), PROPAGATE));
        Varied a = (Varied) first;
        String seen = "";
        for (int i = 0; i < 200_000; i++) { // long enough for the JIT to compile echo with its constant target
            seen = a.echo("x");
        }
        assertEquals("a:x", seen);
        RefreshableProxy second = ProxyGenerator.instantiate(type, new RefreshableProxy.Link("second", new Impl("b:"), PROPAGATE));
        Varied b = (Varied) second;
        assertFalse(first.hasConstantTarget());
        assertFalse(second.hasConstantTarget());
        for (int i = 0; i < 200_000; i++) {
            assertEquals("a:x", a.echo("x"));
            assertEquals("b:x", b.echo("x"));
        }
        assertTrue(first.close(1, TimeUnit.SECONDS));
        first.target(new Impl("a2:"));
        first.open();
        assertEquals("a2:x", a.echo("x"));
        assertEquals("b:x", b.echo("x"));
    }

    @Test
    void rejectsClassesAsServiceTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxyGenerator.define(List.of(Impl.class)));
        assertTrue(e.getMessage().contains("is a class"), e.getMessage());
    }
}
