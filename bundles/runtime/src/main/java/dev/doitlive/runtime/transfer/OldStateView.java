package dev.doitlive.runtime.transfer;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.doitlive.api.OldState;

/**
 * The read-only view of the old instance given to {@code migrate(OldState)}; it records what the hook read. A restore
 * adds the saved values that have no field of their type in the saved instance (a field renamed or retyped since): the
 * hook sees them as the old instance's fields.
 */
final class OldStateView implements OldState {
    private final Object old;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Object> saved;
    private final Migration migration;
    private final Set<String> read = new HashSet<>();

    OldStateView(Object old, ClassModel.ClassInfo info, Map<String, Object> saved, Migration migration) {
        this.old = old;
        this.saved = saved;
        this.migration = migration;
        for (Field f : info.ordered) {
            fields.put(f.getName(), f);
        }
    }

    Set<String> read() {
        return read;
    }

    @Override
    public Set<String> fields() {
        if (saved.isEmpty()) {
            return Collections.unmodifiableSet(fields.keySet());
        }
        Set<String> all = new java.util.LinkedHashSet<>(fields.keySet());
        all.addAll(saved.keySet());
        return Collections.unmodifiableSet(all);
    }

    @Override
    public boolean has(String field) {
        return fields.containsKey(field) || saved.containsKey(field);
    }

    @Override
    public String typeName(String field) {
        if (saved.containsKey(field)) {
            Object v = saved.get(field); // its declared type is not saved: the type of its value
            return v == null ? Object.class.getName() : v.getClass().getName();
        }
        Field f = fields.get(field);
        return f == null ? null : f.getType().getName();
    }

    @Override
    public Object get(String field) {
        Field f = fields.get(field);
        if (f == null && !saved.containsKey(field)) {
            throw new IllegalArgumentException("the old version has no field '" + field + "' (it has " + fields() + ")");
        }
        read.add(field);
        try {
            Object v = saved.containsKey(field) ? saved.get(field) : f.get(old);
            try {
                return migration.migrate(v, Object.class);
            } catch (Uncarriable u) {
                return v;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read old field '" + field + "': " + e, e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String field, Class<T> type, T otherwise) {
        if (!has(field)) {
            return otherwise;
        }
        Object v = get(field);
        if (v == null) {
            return otherwise;
        }
        try {
            return (T) Conversions.box(type).cast(Conversions.box(type).isInstance(v) ? v : Conversions.convert(v, type));
        } catch (Uncarriable | ClassCastException e) {
            throw new IllegalArgumentException("old field '" + field + "' holds a " + v.getClass().getName() + ", not a " + type.getName());
        }
    }
}
