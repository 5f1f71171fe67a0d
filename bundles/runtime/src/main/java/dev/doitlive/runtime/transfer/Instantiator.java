package dev.doitlive.runtime.transfer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Creates objects of the new version's classes for migrated state: through the no-argument constructor when
 * there is one (so that initializers give new fields their values), else without running a constructor.
 */
final class Instantiator {
    private static final MethodHandle ALLOCATE = allocator();

    private Instantiator() {
    }

    static Object create(Class<?> type) throws Exception {
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (NoSuchMethodException e) {
            return allocate(type);
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
