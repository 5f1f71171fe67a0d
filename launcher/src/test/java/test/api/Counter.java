package test.api;

/** A stateful service: the classic refreshable. */
public interface Counter {
    long next();

    long get();

    String describe();
}
