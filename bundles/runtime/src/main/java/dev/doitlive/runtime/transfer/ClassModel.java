package dev.doitlive.runtime.transfer;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.doitlive.api.Default;
import dev.doitlive.api.Static;

/**
 * What the transfer needs to know about the classes of one version of a bundle: its class loader and, per
 * class, the accessible fields through the hierarchy inside the bundle.
 *
 * <p>Captured while the version is current: after an update the old revision's class loader is gone, and
 * {@code getDeclaredFields} then fails on a class whose field types were never loaded. The runtime calls
 * {@link #preload(Iterable)} with every class name of the bundle when the version goes live, so that the old
 * side is complete when it is replaced.
 */
public final class ClassModel {
    private final ClassLoader loader;
    private final Map<Class<?>, ClassInfo> infos = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> byName = new ConcurrentHashMap<>();

    public ClassModel(ClassLoader loader) {
        this.loader = loader;
    }

    public ClassLoader loader() {
        return loader;
    }

    /** Whether the class was defined by this version's class loader. */
    public boolean owns(Class<?> type) {
        return type.getClassLoader() == loader && loader != null;
    }

    /** Loads and inspects the named classes; a class that cannot be loaded or inspected is skipped. */
    public void preload(Iterable<String> classNames) {
        for (String name : classNames) {
            try {
                Class<?> c = Class.forName(name, false, loader);
                if (owns(c)) {
                    info(c);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // optional dependency missing, or not ours: the transfer will say so if it ever needs it
            }
        }
    }

    /** Every class inspected so far (all of the bundle's once {@link #preload} ran). */
    public Iterable<ClassInfo> classes() {
        return infos.values();
    }

    /** The class of this version with the given name, or null. */
    public Class<?> find(String name) {
        Class<?> c = byName.get(name);
        if (c != null) {
            return c;
        }
        try {
            c = Class.forName(name, false, loader);
            return owns(c) ? c : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Fields of an own class, cached. */
    public ClassInfo info(Class<?> type) {
        ClassInfo i = infos.get(type);
        if (i == null) {
            i = new ClassInfo(type, this);
            infos.put(type, i);
            byName.put(type.getName(), type);
        }
        return i;
    }

    /** The instance and @Static fields of one class, through its superclasses inside the bundle. */
    public static final class ClassInfo {
        public final Class<?> type;
        /** Instance fields, subclass first, by simple name; shadowed names keep the most derived field. */
        public final Map<String, Field> fields;
        /** Instance fields in declaration order, superclass first: the order the shell shows. */
        public final List<Field> ordered;
        /** Static fields declared by this class, by name (to read the old value of a field the new version keeps). */
        public final Map<String, Field> statics;
        /** STATICS: static fields of this class marked {@link Static}. */
        public final List<Field> kept;

        ClassInfo(Class<?> type, ClassModel model) {
            this.type = type;
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && model.owns(c); c = c.getSuperclass()) {
                chain.add(0, c);
            }
            Map<String, Field> byName = new LinkedHashMap<>();
            List<Field> ordered = new ArrayList<>();
            Map<String, Field> statics = new LinkedHashMap<>();
            List<Field> kept = new ArrayList<>();
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        if (c == type && !Modifier.isFinal(f.getModifiers())) {
                            f.setAccessible(true);
                            statics.put(f.getName(), f);
                            if (f.isAnnotationPresent(Static.class)) {
                                kept.add(f);
                            }
                        }
                        continue;
                    }
                    f.setAccessible(true);
                    ordered.add(f);
                    byName.put(f.getName(), f);
                }
            }
            this.fields = Collections.unmodifiableMap(byName);
            this.ordered = Collections.unmodifiableList(ordered);
            this.statics = Collections.unmodifiableMap(statics);
            this.kept = Collections.unmodifiableList(kept);
        }

        public boolean isDefault(Field f) {
            return f.isAnnotationPresent(Default.class);
        }
    }
}
