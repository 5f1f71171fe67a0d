package example.counter.api;

/** A counter: the service interface callers use. It lives in its own bundle, so it never changes under them. */
public interface Counter {
    /** Counts one and returns the new count. */
    long next();

    /** The current count. */
    long get();

    /** What the live version says about itself. */
    String describe();
}
