package dev.doitlive.runtime.proxy;

/** The stress tests' service interface: one call that updates the state. */
public interface Counter {
    void inc();
}
