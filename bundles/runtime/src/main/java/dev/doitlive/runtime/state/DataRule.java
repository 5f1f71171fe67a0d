package dev.doitlive.runtime.state;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.doitlive.runtime.proxy.RefreshableProxy;

/**
 * Which objects are data, to be saved: values the user's code computed (numbers, strings, arrays, the bundle's own
 * objects, JDK collections of them...), as opposed to things that only make sense in the running process: proxies of
 * other refreshables, code (lambdas, method references, anonymous and local classes), and JDK objects such as
 * threads, streams, sockets, locks, executors or class loaders. Decided per class: Kryo asks once per class it meets.
 */
final class DataRule {
    /** JDK value classes Kryo has a serializer for that reads no JDK internals. */
    private static final Set<String> JDK_VALUES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.StringBuilder",
            "java.lang.StringBuffer", "java.math.BigInteger", "java.math.BigDecimal", "java.util.Date", "java.util.UUID", "java.util.Locale",
            "java.util.Currency", "java.util.BitSet", "java.util.Optional", "java.util.OptionalInt", "java.util.OptionalLong",
            "java.util.OptionalDouble", "java.net.URI", "java.net.URL", "java.util.regex.Pattern", "java.util.concurrent.atomic.AtomicBoolean",
            "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong",
            "java.util.concurrent.atomic.AtomicReference");
    /** JDK collections and maps that Kryo rebuilds through their no-argument constructor and add/put, or has a serializer for. */
    private static final Set<String> JDK_CONTAINERS = Set.of("java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
            "java.util.Vector", "java.util.Stack", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.IdentityHashMap",
            "java.util.Hashtable", "java.util.EnumMap", "java.util.concurrent.ConcurrentHashMap",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque", "java.util.Arrays$ArrayList",
            "java.util.RegularEnumSet", "java.util.JumboEnumSet");
    private static final Set<Class<?>> JDK_SINGLETONS = Set.of(Collections.emptyList().getClass(), Collections.emptySet().getClass(),
            Collections.emptyMap().getClass(), Collections.singletonList(null).getClass(), Collections.singleton(null).getClass(),
            Collections.singletonMap(null, null).getClass());

    private final ClassLoader loader;

    /** @param loader the refreshable bundle's class loader: what a restore will load the saved classes through */
    DataRule(ClassLoader loader) {
        this.loader = loader;
    }

    /** Null when objects of {@code type} are data; else what they are ("a java.lang.Thread"), for the line that names the field. */
    String notData(Class<?> type) {
        if (type.isArray() || type.isPrimitive()) {
            return null; // elements are judged one by one
        }
        if (RefreshableProxy.class.isAssignableFrom(type)) {
            return "a proxy of another refreshable";
        }
        if (Enum.class.isAssignableFrom(type)) {
            return null; // constants, saved by name (an enum constant with a body is an anonymous class: still a constant)
        }
        if (type.isHidden() || type.isSynthetic()) {
            return "a lambda or method reference";
        }
        if (Proxy.isProxyClass(type)) {
            return "a dynamic proxy of " + List.of(type.getInterfaces()).stream().map(Class::getName).toList();
        }
        if (type.isAnonymousClass()) {
            return "an anonymous class " + type.getName();
        }
        if (type.isLocalClass()) {
            return "a local class " + type.getName();
        }
        if (type == Class.class) {
            return "a Class";
        }
        if (isJdk(type)) {
            return jdkData(type) ? null : "a " + type.getName();
        }
        if (!loadable(type)) {
            return "a " + type.getName() + " (its bundle does not import it)";
        }
        // A class of the bundle (or one it imports): its fields are saved, each value judged again. Fields of a JDK
        // superclass are JDK internals: only a plain object, a record or a collection the JDK rebuilds is data.
        Class<?> jdk = type.getSuperclass();
        while (jdk != null && !isJdk(jdk)) {
            jdk = jdk.getSuperclass();
        }
        if (jdk == null || jdk == Object.class || jdk == Record.class || JDK_CONTAINERS.contains(jdk.getName())
                || jdk.getName().startsWith("java.util.Abstract")) {
            return null;
        }
        return "a " + type.getName() + " (a " + jdk.getName() + ")";
    }

    private static boolean jdkData(Class<?> type) {
        String n = type.getName();
        if (JDK_VALUES.contains(n) || JDK_CONTAINERS.contains(n) || JDK_SINGLETONS.contains(type)) {
            return true;
        }
        if (n.startsWith("java.util.ImmutableCollections$")) {
            return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
        }
        // java.time: values all; Clock is a source of time, not a value.
        return n.startsWith("java.time.") && !java.time.Clock.class.isAssignableFrom(type);
    }

    static boolean isJdk(Class<?> type) {
        ClassLoader l = type.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private boolean loadable(Class<?> type) {
        try {
            return Class.forName(type.getName(), false, loader) == type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
