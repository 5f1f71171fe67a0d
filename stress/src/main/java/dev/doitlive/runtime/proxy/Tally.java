package dev.doitlive.runtime.proxy;

/**
 * A version of the counter: each call updates two fields, so a call split across a copy shows as a mismatch;
 * synchronized so that two callers on one version never race each other (as a user's own code would be).
 */
public final class Tally implements Counter {
    int a;
    int b;

    @Override
    public synchronized void inc() {
        a++;
        b++;
    }
}
