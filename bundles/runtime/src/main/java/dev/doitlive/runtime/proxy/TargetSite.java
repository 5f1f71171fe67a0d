package dev.doitlive.runtime.proxy;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * How a generated proxy's methods read their target: one invokedynamic call site per proxy class.
 *
 * <p>While the class has one instance (the runtime defines a class for each refreshable) the site's target is the
 * live target object itself. To the JIT it is then a constant: the call through the proxy is a direct, inlined call
 * to the live version's class, however many versions went through it. A field read instead gives the JIT a call
 * site that sees a new class at every refresh, which it stops inlining after two (a megamorphic call: about 4 ns
 * more a call after 10 refreshes). Setting the site deoptimizes the compiled code that folded the old target (a
 * handshake with every thread, about a millisecond): a swap does it while the gate is still open, not while it holds
 * callers. Before the gate closes the site is loosened into a read of the field, which holds the same target; the
 * swap then sets the field as it always did; after the gate opens the site is settled on the new target, which the
 * field holds and nothing else changes. Callers thus only ever see the field's value. A second instance of the same
 * class turns the site, for good, into a read of each instance's field.
 */
final class TargetSite {
    static final MethodType TYPE = MethodType.methodType(Object.class, RefreshableProxy.class);
    private static final MethodHandle FIELD;
    private static final ClassValue<TargetSite> SITES = new ClassValue<>() {
        @Override
        protected TargetSite computeValue(Class<?> proxyClass) {
            return new TargetSite();
        }
    };

    static {
        try {
            FIELD = MethodHandles.lookup().findVirtual(RefreshableProxy.class, "target", MethodType.methodType(Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MutableCallSite site = new MutableCallSite(FIELD);
    /** The one instance whose target the site holds, or null once the class has had a second (guarded by this). */
    private RefreshableProxy owner;
    private boolean shared;
    /** The owner's site reads its field (a swap under way) instead of holding its target (guarded by this). */
    private boolean loose;

    private TargetSite() {
    }

    static TargetSite of(Class<?> proxyClass) {
        return SITES.get(proxyClass);
    }

    /** The bootstrap of the generated invokedynamic instructions: the site of the class that holds them. */
    static CallSite bootstrap(MethodHandles.Lookup caller, MethodType type) {
        if (!type.equals(TYPE)) {
            throw new IllegalArgumentException("a proxy's target site has type " + TYPE + ", not " + type);
        }
        return of(caller.lookupClass()).site;
    }

    /** A new instance of the class: the first has the site to itself, a second makes it read each one's field. */
    synchronized void claim(RefreshableProxy proxy, Object target) {
        if (shared) {
            return;
        }
        if (owner == null) {
            owner = proxy;
            set(constant(target));
        } else {
            owner = null;
            shared = true;
            set(FIELD);
        }
    }

    /** The instance's target changed outside a swap (before it is published, a failure handler): hold the new one. */
    synchronized void moved(RefreshableProxy proxy, Object target) {
        if (owner == proxy && !loose) {
            set(constant(target));
        }
    }

    /** A swap is about to close the gate: read the field, which holds the same target, until {@link #settle}. */
    synchronized void loosen(RefreshableProxy proxy) {
        if (owner == proxy && !loose) {
            loose = true;
            set(FIELD);
        }
    }

    /** The gate opened again: hold the target the field now holds (only the swap thread sets it). */
    synchronized void settle(RefreshableProxy proxy) {
        if (owner == proxy && loose) {
            loose = false;
            set(constant(proxy.target())); // read here: a target(..) meanwhile waits for this lock, then sets its own
        }
    }

    /** Whether the site holds one instance's target as a constant (no swap under way, no second instance). */
    synchronized boolean isConstant() {
        return owner != null && !loose;
    }

    private static MethodHandle constant(Object target) {
        return MethodHandles.dropArguments(MethodHandles.constant(Object.class, target), 0, RefreshableProxy.class);
    }

    private void set(MethodHandle target) {
        site.setTarget(target);
        // The field's own guarantee is the gate's volatile open; this is the call site's, as its API asks.
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }
}
