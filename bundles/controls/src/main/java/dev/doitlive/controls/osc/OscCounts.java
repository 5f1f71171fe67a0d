package dev.doitlive.controls.osc;

import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;

/**
 * What came in over OSC, for {@code live:osc}: counted for the kit's life, so that a port moved by an edit of
 * {@code config/dev.doitlive.osc.cfg}, or OSC turned off and on, or the file deleted and put back, keeps its counts. A
 * component of its own (immediate: it lives as long as the kit's bundle) because the listener is made anew when its
 * configuration comes back. Written by the port's one thread, read by the shell's.
 */
@Component(service = OscCounts.class, immediate = true)
public class OscCounts {
    final AtomicLong sets = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong queries = new AtomicLong();
    final AtomicLong beats = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** The last message taken and the last refused, each with its sender and time. */
    volatile Seen last;
    volatile Seen lastBad;
    /** The configuration's file, when it was deleted: the listener made when it comes back says so. */
    volatile String gone;

    record Seen(String what, long millis) {
    }

    long messages() {
        return sets.get() + calls.get() + queries.get() + beats.get() + ignored.get();
    }
}
