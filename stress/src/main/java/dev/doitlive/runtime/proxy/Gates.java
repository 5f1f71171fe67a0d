package dev.doitlive.runtime.proxy;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real generated proxy over {@link Counter}, and a swap done as the runtime's Swap does it. */
final class Gates {
    private static final Class<? extends RefreshableProxy> TYPE = ProxyGenerator.define(List.of(Counter.class));
    private static final FailureHandler RETHROW = (failure, target, method, attempt) -> {
        throw failure;
    };
    /** A thread that lives as long as the tests and owns every slot of a gate it is put into. */
    private static final Thread SQUATTER = new Thread(() -> {
        for (;;) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }, "slot squatter");

    static {
        SQUATTER.setDaemon(true);
        SQUATTER.start();
    }

    private Gates() {
    }

    static RefreshableProxy proxy() {
        return proxy(new Tally());
    }

    /** A proxy whose target is any object: for tests that drive the gate's enter and exit themselves. */
    static RefreshableProxy proxy(Object target) {
        return ProxyGenerator.instantiate(TYPE, new RefreshableProxy.Link("stress", target, RETHROW));
    }

    /** A proxy whose every slot another live thread owns: its callers count in the gate's shared adders. */
    static RefreshableProxy proxyWithoutSlots() {
        RefreshableProxy p = proxy();
        try {
            Field f = RefreshableProxy.class.getDeclaredField("gate");
            f.setAccessible(true);
            java.util.Arrays.fill(((RefreshableProxy.Gate) f.get(p)).slots, new RefreshableProxy.Slot(SQUATTER, null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    /** Closes the gate, carries the state to a new version, sets it and opens: what a refresh does. */
    static void swap(RefreshableProxy p) {
        if (!p.close(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gate did not drain in 10 s");
        }
        Tally old = (Tally) p.target();
        Tally next = new Tally();
        next.a = old.a;
        next.b = old.b;
        p.target(next);
        p.open();
    }

    static Counter counter(RefreshableProxy p) {
        return (Counter) p;
    }

    static Tally live(RefreshableProxy p) {
        return (Tally) p.target();
    }
}
