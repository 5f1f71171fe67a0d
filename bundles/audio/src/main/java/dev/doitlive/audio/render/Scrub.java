package dev.doitlive.audio.render;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Puts 0 in place of the NaNs, infinities and runaway numbers (beyond {@value #HUGE} either way: no phase, level,
 * frequency, count or time in nanoseconds gets there; a filter's memory blowing up does on its way to infinity) a
 * block's state holds, so that a block which wrote bad samples because its state did (a filter's memory gone NaN by a
 * knob or by blowing up) plays again without a new version: the numbers of its
 * instance ({@code double}, {@code float} fields and their boxes, arrays of them, however nested) and of the objects of
 * its own bundle's classes it holds. Never JDK objects: a collection stays as it is. The engine's watch runs it while
 * the block is silenced, so that no render runs beside it. Done on the engine's side because {@code LiveRuntime.set}
 * sets knobs (numbers, text, enums), not the arrays a block's memory is made of.
 */
public final class Scrub {
    private static final int MAX_OBJECTS = 10_000;
    /** Beyond this either way a number in a block's state is a runaway, set to 0 like an infinity. */
    public static final double HUGE = 1e20;
    public static final String NAN = "NaN";
    public static final String INFINITY = "an infinity";
    public static final String RUNAWAY = "a runaway number (beyond 1e20)";

    private final ClassLoader own;
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();
    private final Set<String> fixed = new LinkedHashSet<>();
    private final Set<String> kinds = new LinkedHashSet<>();

    /** What a scrub found: the fields set to 0, and what they held ({@link #NAN}, {@link #INFINITY}, {@link #RUNAWAY}). */
    public record Found(Set<String> fields, Set<String> kinds) {
        public boolean isEmpty() {
            return fields.isEmpty();
        }
    }

    private Scrub(ClassLoader own) {
        this.own = own;
    }

    /**
     * Scrubs the instance behind {@code block} (the live version behind its proxy).
     *
     * @return the names of the fields that held a NaN, an infinity or a runaway number (a path for a nested one:
     *         {@code voice.phase}), empty when none did, and what they held
     */
    public static Found nonFinite(Object block) {
        Object target = target(block);
        Scrub s = new Scrub(target.getClass().getClassLoader());
        s.walk(target, "");
        return new Found(s.fixed, s.kinds);
    }

    /** Whether {@code v} is to be set to 0, noting what it is. */
    private boolean bad(double v) {
        String kind = v != v ? NAN : Double.isInfinite(v) ? INFINITY : Math.abs(v) > HUGE ? RUNAWAY : null;
        if (kind != null) {
            kinds.add(kind);
        }
        return kind != null;
    }

    /**
     * The live instance behind a refreshable's proxy: the runtime's generated proxies extend its {@code RefreshableProxy},
     * which gives the target of a call through {@code doitlive$target()}; a block that is no proxy is its own target.
     */
    static Object target(Object block) {
        for (Class<?> c = block.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("doitlive$target");
                m.setAccessible(true);
                Object t = m.invoke(block);
                return t == null ? block : t;
            } catch (NoSuchMethodException e) {
                // not this class: its superclass
            } catch (ReflectiveOperationException | InaccessibleObjectException | SecurityException e) {
                return block;
            }
        }
        return block;
    }

    private void walk(Object o, String path) {
        if (seen.put(o, Boolean.TRUE) != null || seen.size() > MAX_OBJECTS) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c.getClassLoader() == own; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String name = path + f.getName();
                try {
                    f.setAccessible(true);
                    Class<?> t = f.getType();
                    if (t == double.class) {
                        if (bad(f.getDouble(o))) {
                            f.setDouble(o, 0);
                            fixed.add(name);
                        }
                    } else if (t == float.class) {
                        if (bad(f.getFloat(o))) {
                            f.setFloat(o, 0);
                            fixed.add(name);
                        }
                    } else if (!t.isPrimitive()) {
                        Object v = f.get(o);
                        if (v instanceof Double d && bad(d)) {
                            f.set(o, 0.0);
                            fixed.add(name);
                        } else if (v instanceof Float x && bad(x)) {
                            f.set(o, 0f);
                            fixed.add(name);
                        } else if (v != null) {
                            value(v, name);
                        }
                    }
                } catch (IllegalAccessException | IllegalArgumentException | InaccessibleObjectException | SecurityException e) {
                    // a field reflection may not touch: left as it is
                }
            }
        }
    }

    private void value(Object v, String name) {
        if (v instanceof double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (bad(a[i])) {
                    a[i] = 0;
                    fixed.add(name);
                }
            }
        } else if (v instanceof float[] a) {
            for (int i = 0; i < a.length; i++) {
                if (bad(a[i])) {
                    a[i] = 0;
                    fixed.add(name);
                }
            }
        } else if (v instanceof Object[] a) {
            if (seen.put(a, Boolean.TRUE) != null) {
                return;
            }
            for (Object e : a) {
                if (e != null) {
                    value(e, name);
                }
            }
        } else if (v.getClass().getClassLoader() == own) {
            walk(v, name + ".");
        }
    }
}
