package dev.doitlive.runtime.proxy;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * One call through the proxy while a refresh swaps its version, the caller counting in a slot of its own (the
 * gate's fast path, no fence): the call's update must be in the state the new version holds, whole.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the call was served whole, before the copy or after the swap")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost update: the call ran on the old version after its state was copied")
@Outcome(expect = FORBIDDEN, desc = "split call: the copy saw part of the call's update")
@State
public class CallDuringSwap {
    private final RefreshableProxy proxy = Gates.proxy();

    @Actor
    public void call() {
        Gates.counter(proxy).inc();
    }

    @Actor
    public void swap() {
        Gates.swap(proxy);
    }

    @Arbiter
    public void carried(II_Result r) {
        Tally t = Gates.live(proxy);
        r.r1 = t.a;
        r.r2 = t.b;
    }
}
