package dev.doitlive.api;

import java.util.Set;

/**
 * A read-only view of the old instance's fields, given to {@link RefreshHooks#migrate(OldState)}.
 * Values of the bundle's own classes are already migrated to the new classes where the default transfer
 * could do so; otherwise you get the old object.
 */
public interface OldState {
    /** Names of the old instance's fields (through its class hierarchy inside the bundle). */
    Set<String> fields();

    /** Whether the old instance had a field of this name. */
    boolean has(String field);

    /** The old field's declared type name, or null if there was no such field. */
    String typeName(String field);

    /**
     * The field's old value, boxed for primitives; marks the field as handled by the hook.
     *
     * @throws IllegalArgumentException if the old instance had no such field
     */
    Object get(String field);

    /** Like {@link #get(String)} but converted to {@code type}, or {@code otherwise} when absent or null. */
    <T> T get(String field, Class<T> type, T otherwise);
}
