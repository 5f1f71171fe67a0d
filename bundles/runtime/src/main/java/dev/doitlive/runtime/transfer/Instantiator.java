package dev.doitlive.runtime.transfer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Creates objects of the new version's classes for migrated state: through the no-argument constructor when
 * there is one (so that initializers give new fields their values), else without running a constructor. One per
 * transfer: it looks each class's constructor up once, not once per object (a graph of a million nodes).
 */
final class Instantiator {
    private static final MethodHandle ALLOCATE = allocator();
    static final Object[] NO_ARGUMENTS = {};

    private final Map<Class<?>, Optional<Constructor<?>>> constructors = new HashMap<>();

    Object create(Class<?> type) throws Exception {
        Optional<Constructor<?>> c = prepare(type);
        return c.isPresent() ? c.get().newInstance(NO_ARGUMENTS) : allocate(type);
    }

    /** Looks the class's no-argument constructor up now, so that {@link #create} finds it ready. */
    Optional<Constructor<?>> prepare(Class<?> type) {
        Optional<Constructor<?>> c = constructors.get(type);
        if (c == null) {
            c = noArgConstructor(type);
            constructors.put(type, c);
        }
        return c;
    }

    private static Optional<Constructor<?>> noArgConstructor(Class<?> type) {
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return Optional.of(c);
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    static Object allocate(Class<?> type) throws Exception {
        if (ALLOCATE == null) {
            throw new Uncarriable(type.getName() + " has no no-argument constructor and this JVM cannot allocate without one");
        }
        try {
            return ALLOCATE.invoke(type);
        } catch (Throwable t) {
            throw new Uncarriable("cannot allocate " + type.getName() + ": " + t);
        }
    }

    /**
     * sun.misc.Unsafe#allocateInstance, found through the platform class loader: OSGi class loading does not
     * delegate sun.* to the JDK, and the jdk.unsupported module opens it to everyone.
     */
    private static MethodHandle allocator() {
        try {
            Class<?> unsafeType = ClassLoader.getPlatformClassLoader().loadClass("sun.misc.Unsafe");
            Field f = unsafeType.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeType, "allocateInstance", MethodType.methodType(Object.class, Class.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
