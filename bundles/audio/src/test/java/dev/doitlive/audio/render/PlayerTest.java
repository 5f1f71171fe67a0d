package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.doitlive.audio.out.PacedSink;
import dev.doitlive.audio.out.Sink;

/**
 * The audio thread at rest: with no block and an output nobody hears nor records, it sleeps instead of rendering
 * silence, wakes for the first block with the sample clock gone on by the time it slept, and a recording never rests.
 * The real audio thread and the real device-less sink.
 */
class PlayerTest {
    private static final float RATE = 48_000;
    private static final int FRAMES = 256;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Map<String, BlockState> states = new HashMap<>();
    private Player player;

    @AfterEach
    void stop() {
        if (player != null) {
            player.stop();
        }
    }

    private Graph graph(Graph.Member... members) {
        return Graph.of(List.of(members), FRAMES, n -> states.computeIfAbsent(n, BlockState::new), player == null ? null : player.graph(),
                l -> { });
    }

    private Player start(Sink sink) {
        player = new Player(sink, RATE, FRAMES, 1, 1f, 64, new Notes(), () -> null, graph(), () -> { });
        player.start();
        return player;
    }

    private static Thread audioThread(Player p) throws Exception {
        java.lang.reflect.Field f = Player.class.getDeclaredField("thread");
        f.setAccessible(true);
        return (Thread) f.get(p);
    }

    private static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(2_000_000);
        }
    }

    @Test
    void withNoBlockTheAudioThreadSleepsAndTheFirstBlockWakesItWithTheClockGoneOn() throws Exception {
        Player p = start(new PacedSink(RATE, FRAMES, 4, null));
        Thread t = audioThread(p);
        until(() -> p.resting() && t.getState() == Thread.State.WAITING, "the audio thread parked without a timeout");
        long played = p.played();
        long rested = System.nanoTime();
        LockSupport.parkNanos(100_000_000); // a rest of a known least length, for the clock's bound below (not a wait for a state)
        AtomicLong firstFrame = new AtomicLong(-1);
        AtomicLong renders = new AtomicLong();
        p.graph(graph(new Graph.Member("tone", (out, ctx) -> {
            firstFrame.compareAndSet(-1, ctx.frame());
            renders.incrementAndGet();
        }, new String[0], 1, true)));
        until(() -> renders.get() >= 20, "the block rendering after the wake");
        long restedBuffers = (System.nanoTime() - rested) / p.periodNanos();
        assertFalse(p.resting());
        assertEquals(0, p.late(), "waking is not a dropout");
        long lowest = (long) ((100_000_000 / p.periodNanos()) - 1) * FRAMES;
        assertTrue(firstFrame.get() >= played * FRAMES + lowest,
                "the sample clock went on through the rest: first frame " + firstFrame.get() + ", " + played + " buffers played before it");
        assertTrue(p.played() - played <= restedBuffers - 10, "the rest's buffers were not played: " + (p.played() - played) + " of "
                + restedBuffers + " since");

        p.graph(graph());
        until(() -> p.resting() && t.getState() == Thread.State.WAITING, "the audio thread resting again once the block went");
        p.stop();
        assertFalse(p.alive(), "a resting thread stops at once");
    }

    @Test
    void anOutputThatKeepsTimeIsWrittenWithNoBlock() throws Exception {
        AtomicLong writes = new AtomicLong();
        Sink recording = new Sink() {
            @Override
            public String describe() {
                return "a recording";
            }

            @Override
            public long playsAt() {
                return System.nanoTime();
            }

            @Override
            public boolean write(float[][] mix, int frames) {
                writes.incrementAndGet();
                LockSupport.parkNanos(1_000_000);
                return true;
            }

            @Override
            public void close() {
            }
        };
        Player p = start(recording);
        until(() -> writes.get() >= 50, "silence written to the recording");
        assertFalse(p.resting());
        assertNotEquals(Thread.State.WAITING, audioThread(p).getState());
    }
}
