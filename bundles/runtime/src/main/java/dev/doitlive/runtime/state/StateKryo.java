package dev.doitlive.runtime.state;

import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.objenesis.strategy.StdInstantiatorStrategy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.EnumNameSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;

/**
 * Kryo set up for one version of a refreshable: classes resolved through its bundle's class loader only; the bundle's
 * objects by field name ({@link CompatibleFieldSerializer}: a field added since is left as the constructor made it, one
 * removed is read and dropped), records by component name, enums by constant name; what {@link DataRule} says is not
 * data refuses to be written. New objects are made through their no-argument constructor where they have one (new
 * fields get their initializers), as the state transfer does. Not thread-safe: one per thread at a time.
 */
final class StateKryo extends Kryo {
    /**
     * Kryo recurses once per nested object (a linked list of a million nodes is a million frames): deeper than this is
     * refused, and runs on a thread with a stack made for it ({@link StateThreads}).
     */
    static final int MAX_DEPTH = 20_000;

    private final DataRule rule;
    private final Sharing sharing;

    StateKryo(ClassLoader loader) {
        this(loader, new Sharing());
    }

    private StateKryo(ClassLoader loader, Sharing sharing) {
        super(new BundleClasses(), sharing);
        this.rule = new DataRule(loader);
        this.sharing = sharing;
        setClassLoader(loader);
        setRegistrationRequired(false);
        setWarnUnregisteredClasses(false);
        setMaxDepth(MAX_DEPTH);
        setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        CompatibleFieldSerializer.CompatibleFieldSerializerConfig fields = new CompatibleFieldSerializer.CompatibleFieldSerializerConfig();
        // A subclass field of the same name as one of its superclass's stays apart from it.
        fields.setExtendedFieldNames(true);
        // Each value with its class: a field that is gone is read and dropped, so references into it still resolve.
        fields.setReadUnknownFieldData(true);
        setDefaultSerializer(new SerializerFactory.CompatibleFieldSerializerFactory(fields));
        addDefaultSerializer(Enum.class, EnumNameSerializer.class);
        addDefaultSerializer(EnumMap.class, new Serializers.EnumMapByName());
        addDefaultSerializer(Record.class, new Serializers.RecordByName());
        addDefaultSerializer(java.util.UUID.class, new DefaultSerializers.UUIDSerializer());
        addDefaultSerializer(java.net.URI.class, new DefaultSerializers.URISerializer());
        addDefaultSerializer(java.util.regex.Pattern.class, new DefaultSerializers.PatternSerializer());
        addDefaultSerializer(java.util.concurrent.atomic.AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer());
        addDefaultSerializer(java.util.concurrent.atomic.AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer());
        addDefaultSerializer(java.util.concurrent.atomic.AtomicLong.class, new DefaultSerializers.AtomicLongSerializer());
        addDefaultSerializer(java.util.concurrent.atomic.AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        String what = rule == null ? null : rule.notData(type);
        return what != null ? new Serializers.NotData(what) : super.getDefaultSerializer(type);
    }

    /** Lambdas are judged as what they are (not data), not serialized as closures. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isClosure(Class type) {
        return false;
    }

    /** A dynamic proxy is judged as what it is, not through its invocation handler. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isProxy(Class type) {
        return false;
    }

    /** Records which entry wrote each mutable object, to find the entries that share one (see {@link StateCodec}). */
    Sharing sharing() {
        return sharing;
    }

    /**
     * References as Kryo keeps them within one write, and across writes the first writer of every mutable object: two
     * fields that hold the same object must be written (and read back) together, or the restore would split them.
     */
    static final class Sharing extends MapReferenceResolver {
        private final Map<Object, Integer> writers = new IdentityHashMap<>();
        private int writer = -1;
        /** Pairs of writers found sharing: (earlier, later), flattened. */
        private final java.util.List<int[]> shared = new java.util.ArrayList<>();

        /** From now on, objects written are written by entry {@code writer}; -1 stops recording. */
        void writer(int writer) {
            this.writer = writer;
            if (writer < 0) {
                writers.clear();
            }
        }

        java.util.List<int[]> shared() {
            return shared;
        }

        void forget() {
            writers.clear();
            shared.clear();
        }

        @Override
        public int addWrittenObject(Object object) {
            int id = super.addWrittenObject(object);
            if (writer >= 0 && !kryo.getRegistration(object.getClass()).getSerializer().isImmutable()) {
                Integer first = writers.putIfAbsent(object, writer);
                if (first != null && first != writer) {
                    shared.add(new int[] {first, writer});
                }
            }
            return id;
        }
    }

    /** Classes by name through the bundle's class loader only (Kryo would also try its own, the runtime's). */
    static final class BundleClasses extends DefaultClassResolver {
        @Override
        @SuppressWarnings("rawtypes")
        protected Registration readName(Input input) {
            int nameId = input.readVarInt(true);
            if (nameIdToClass == null) {
                nameIdToClass = new com.esotericsoftware.kryo.util.IntMap<>();
            }
            Class type = nameIdToClass.get(nameId);
            if (type == null) {
                String className = input.readString();
                type = getTypeByName(className);
                if (type == null) {
                    try {
                        type = Class.forName(className, false, kryo.getClassLoader());
                    } catch (ClassNotFoundException | LinkageError e) {
                        throw new KryoException("class " + className + " is not in this version");
                    }
                    if (nameToClass == null) {
                        nameToClass = new com.esotericsoftware.kryo.util.ObjectMap<>();
                    }
                    nameToClass.put(className, type);
                }
                nameIdToClass.put(nameId, type);
            }
            return kryo.getRegistration(type);
        }
    }
}
