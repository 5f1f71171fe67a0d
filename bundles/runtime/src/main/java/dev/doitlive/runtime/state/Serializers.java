package dev.doitlive.runtime.state;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** The serializers the state adds to Kryo's: one that refuses what is not data, and two that match by name across versions. */
final class Serializers {
    private Serializers() {
    }

    /** A value of a field that holds something that is not data: the field is not saved. */
    static final class NotDataException extends KryoException {
        private static final long serialVersionUID = 1L;
        final String what;

        NotDataException(String what) {
            super(what);
            this.what = what;
        }
    }

    /** For the classes {@link DataRule} says are not data: writing one fails its field; reading one cannot happen unless a class changed. */
    static final class NotData extends Serializer<Object> {
        private final String what;

        NotData(String what) {
            this.what = what;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new NotDataException(what);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw new KryoException("saved as data, but in this version it is " + what);
        }
    }

    /**
     * A record by component name, each value with its class (Kryo's own writes them by position): a restore into another
     * version finds a component by its name, gives a component that was not saved its zero, and drops one that is gone.
     */
    static final class RecordByName extends Serializer<Record> {
        @Override
        public void write(Kryo kryo, Output output, Record object) {
            RecordComponent[] components = object.getClass().getRecordComponents();
            output.writeVarInt(components.length, true);
            for (RecordComponent c : components) {
                output.writeString(c.getName());
                try {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    kryo.writeClassAndObject(output, accessor.invoke(object));
                } catch (KryoException e) {
                    e.addTrace(c.getName() + " (" + object.getClass().getName() + ")");
                    throw e;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new KryoException("cannot read component " + c.getName() + " of " + object.getClass().getName() + ": " + e, e);
                }
            }
        }

        @Override
        public Record read(Kryo kryo, Input input, Class<? extends Record> type) {
            int n = input.readVarInt(true);
            Map<String, Object> saved = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String name = input.readString();
                saved.put(name, kryo.readClassAndObject(input));
            }
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                Object v = saved.get(components[i].getName());
                values[i] = v != null ? v : zero(types[i]);
            }
            try {
                Constructor<? extends Record> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return canonical.newInstance(values);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new KryoException("cannot rebuild record " + type.getName() + " from its saved components " + saved.keySet() + ": " + e, e);
            }
        }

        private static Object zero(Class<?> t) {
            if (!t.isPrimitive()) {
                return null;
            }
            if (t == boolean.class) {
                return false;
            }
            if (t == char.class) {
                return (char) 0;
            }
            if (t == long.class) {
                return 0L;
            }
            if (t == double.class) {
                return 0d;
            }
            if (t == float.class) {
                return 0f;
            }
            if (t == byte.class) {
                return (byte) 0;
            }
            if (t == short.class) {
                return (short) 0;
            }
            return 0;
        }
    }

    /** An EnumMap: its key type, then its entries (keys by name). Kryo's needs the key type fixed when it is made. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class EnumMapByName extends Serializer<EnumMap> {
        @Override
        public void write(Kryo kryo, Output output, EnumMap map) {
            Class<?> keyType = keyType(map);
            Registration key = kryo.writeClass(output, keyType);
            output.writeVarInt(map.size(), true);
            for (Object o : map.entrySet()) {
                Map.Entry e = (Map.Entry) o;
                key.getSerializer().write(kryo, output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> type) {
            Registration key = kryo.readClass(input);
            EnumMap map = new EnumMap(key.getType());
            kryo.reference(map);
            int n = input.readVarInt(true);
            for (int i = 0; i < n; i++) {
                Object k = key.getSerializer().read(kryo, input, key.getType());
                map.put(k, kryo.readClassAndObject(input));
            }
            return map;
        }

        /** An empty EnumMap does not say its key type but through its field; it is read through the map's own methods otherwise. */
        private static Class<?> keyType(EnumMap map) {
            if (!map.isEmpty()) {
                return ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass();
            }
            throw new Serializers.NotDataException("an empty EnumMap (its key type cannot be read)");
        }
    }
}
