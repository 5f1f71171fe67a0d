package dev.doitlive.runtime.proxy;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The gate itself, as short as the generated code makes it: a caller enters, reads the target, writes the state,
 * exits; the swap closes the gate, reads the state, sets the next target. A caller that used the old target must
 * have its write seen by the swap that drained the gate: the race the gate's global barrier closes (the caller's
 * "started" may still sit in its core's store buffer when the swap reads the slots).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the call used the old version; the swap waited for it and saw its write")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the call waited at the closed gate and used the next version")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "lost update: the swap drained the gate while the call was on the old version")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "the call wrote the old state from the next version")
@State
public class GateDekker {
    private static final Object OLD = new Object();
    private static final Object NEXT = new Object();
    private final RefreshableProxy proxy = Gates.proxy(OLD);
    private int state;

    @Actor
    public void call(II_Result r) {
        RefreshableProxy.Slot g = proxy.doitlive$enter();
        if (proxy.doitlive$target() == OLD) {
            r.r1 = 1;
            state = 1;
        }
        proxy.doitlive$exit(g);
    }

    @Actor
    public void swap(II_Result r) {
        if (!proxy.close(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gate did not drain in 10 s");
        }
        r.r2 = state;
        proxy.target(NEXT);
        proxy.open();
    }
}
