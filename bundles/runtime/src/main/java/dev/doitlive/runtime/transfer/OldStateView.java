package dev.doitlive.runtime.transfer;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.doitlive.api.OldState;

/** The read-only view of the old instance given to {@code migrate(OldState)}; it records what the hook read. */
final class OldStateView implements OldState {
    private final Object old;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Migration migration;
    private final Set<String> read = new HashSet<>();

    OldStateView(Object old, ClassModel.ClassInfo info, Migration migration) {
        this.old = old;
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
        return Collections.unmodifiableSet(fields.keySet());
    }

    @Override
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    @Override
    public String typeName(String field) {
        Field f = fields.get(field);
        return f == null ? null : f.getType().getName();
    }

    @Override
    public Object get(String field) {
        Field f = fields.get(field);
        if (f == null) {
            throw new IllegalArgumentException("the old version has no field '" + field + "' (it has " + fields.keySet() + ")");
        }
        read.add(field);
        try {
            Object v = f.get(old);
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
