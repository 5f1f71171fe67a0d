package dev.doitlive.api;

/**
 * Optional hooks a refreshable implements to take part in its refresh. All methods have empty defaults.
 *
 * <p>Order of one refresh: {@link #preRefresh()} on the old instance; the default state transfer into the
 * new instance; {@link #migrate(OldState)} on the new instance; {@link #postRefresh()} on the new instance;
 * the swap.
 */
public interface RefreshHooks {
    /**
     * Called on the old instance before the swap. A failure is reported and the refresh continues, as in
     * the seed.
     */
    default void preRefresh() throws Exception {
    }

    /**
     * Called on the new instance after the default transfer, to take over part of the migration: a renamed
     * or reshaped field. Reading a field from {@code old} marks it as handled by you, so a field whose type
     * changed incompatibly no longer fails the refresh when you read it here.
     */
    default void migrate(OldState old) throws Exception {
    }

    /** Called on the new instance after the state transfer, before the swap. A failure reverts. */
    default void postRefresh() throws Exception {
    }
}
