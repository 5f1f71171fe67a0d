package test.api;

/** A second service type, for bundles with more than one refreshable or a non-refreshable component. */
public interface Holder {
    String describe();
}
