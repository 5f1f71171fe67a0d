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
 */
final class OwnState {
    /** Beyond this many objects the walk stops: a block's state is small; a huge graph is not walked under the gate. */
    private static final int MAX_OBJECTS = 10_000;

    private final ClassLoader own;
    private final Map<Object, Object> copies = new IdentityHashMap<>();
    private int objects;

    private OwnState(ClassLoader own) {
        this.own = own;
    }

    /** Copies the arrays {@code replaced} reaches; what cannot be reached by reflection stays shared. */
    static void detach(Object replaced) {
        new OwnState(replaced.getClass().getClassLoader()).walk(replaced);
    }

    private void walk(Object o) {
        if (copies.containsKey(o) || ++objects > MAX_OBJECTS) {
            return;
        }
        copies.put(o, o);
        for (Class<?> c = o.getClass(); c != null && c.getClassLoader() == own; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object v = f.get(o);
                    Object mine = own(v);
                    if (mine != v) {
                        f.set(o, mine);
                    }
                } catch (IllegalAccessException | InaccessibleObjectException | SecurityException e) {
                    // a field reflection may not touch: shared, as it was
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
