package dev.doitlive.audio.render;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Gives a replaced block its own copy of the arrays it shares with the version that replaced it. The state transfer
 * carries an array of numbers (a filter's delay line, a voice's phases) by reference: rendering the replaced version
 * once more, to crossfade it, would otherwise advance the new version's state too. Walks the replaced instance's
 * fields, the objects of its own bundle's classes it reaches and their arrays (never JDK objects: a collection or a
 * {@code Random} stays shared), and puts a copy of every array of numbers in place, keeping which field shared which
 * array. Runs on the swap thread while the gate is closed: the audio thread only ever renders the copy.
 *
 * <p>What reflection costs the first time (a class's fields found and made accessible, their accessors made) is paid
 * before that: each class's fields are kept once found, and {@link #warm} walks a version once it is live, off the
 * gate, so that its walk under the gate at its replacement only reads fields and copies arrays.
 */
final class OwnState {
    /** A class's fields the walk reads (instance fields of reference types), made accessible once. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> c) {
            java.util.List<Field> out = new java.util.ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    out.add(f);
                } catch (InaccessibleObjectException | SecurityException e) {
                    // a field reflection may not touch: shared, as it was
                }
            }
            return out.toArray(new Field[0]);
        }
    };

    /** Beyond this many objects the walk stops: a block's state is small; a huge graph is not walked under the gate. */
    private static final int MAX_OBJECTS = 10_000;

    private final ClassLoader own;
    /** Whether it copies (a replaced version) or only reads, to find and warm the fields (a live one). */
    private final boolean copy;
    private final Map<Object, Object> copies = new IdentityHashMap<>();
    private int objects;

    private OwnState(ClassLoader own, boolean copy) {
        this.own = own;
        this.copy = copy;
    }

    /** Copies the arrays {@code replaced} reaches; what cannot be reached by reflection stays shared. */
    static void detach(Object replaced) {
        new OwnState(replaced.getClass().getClassLoader(), true).walk(replaced);
    }

    /**
     * Walks {@code live} as {@link #detach} will when it is replaced, reading only: its classes' fields found and their
     * accessors made now, off the gate. Reads racily beside the audio thread's renders: it keeps no value it reads.
     */
    static void warm(Object live) {
        new OwnState(live.getClass().getClassLoader(), false).walk(live);
    }

    private void walk(Object o) {
        if (copies.containsKey(o) || ++objects > MAX_OBJECTS) {
            return;
        }
        copies.put(o, o);
        for (Class<?> c = o.getClass(); c != null && c.getClassLoader() == own; c = c.getSuperclass()) {
            for (Field f : FIELDS.get(c)) {
                try {
                    Object v = f.get(o);
                    Object mine = own(v);
                    if (mine != v) {
                        f.set(o, mine);
                    }
                } catch (IllegalAccessException e) {
                    // a final field of a hidden class or a record: shared, as it was
                }
            }
        }
    }

    /** The replaced version's own value for a field or an element: a copy of an array, the same object otherwise. */
    private Object own(Object v) {
        if (v == null) {
            return null;
        }
        Class<?> type = v.getClass();
        if (type.isArray() && !copy) {
            if (!type.getComponentType().isPrimitive() && copies.put(v, v) == null) {
                for (Object e : (Object[]) v) {
                    own(e);
                }
            }
            return v;
        }
        if (type.isArray()) {
            Object done = copies.get(v);
            if (done != null) {
                return done;
            }
            int n = Array.getLength(v);
            Object copy = Array.newInstance(type.getComponentType(), n);
            System.arraycopy(v, 0, copy, 0, n);
            copies.put(v, copy);
            if (!type.getComponentType().isPrimitive()) {
                Object[] elements = (Object[]) copy;
                for (int i = 0; i < n; i++) {
                    elements[i] = own(elements[i]);
                }
            }
            return copy;
        }
        if (type.getClassLoader() == own) {
            walk(v); // its own object: migrated into a new one for the new version, so only its arrays are shared
        }
        return v;
    }
}
