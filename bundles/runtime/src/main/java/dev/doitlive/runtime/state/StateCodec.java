package dev.doitlive.runtime.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;

/**
 * Turns the entries of a state (its fields, by name) into bytes and back, with Kryo.
 *
 * <p>Why Kryo 5: it serializes arbitrary object graphs (cycles and shared references, the bundle's own classes without
 * any annotation or {@code Serializable}, JDK collections, arrays, enums, records) at a cost fit for a show loop, reads
 * fields by name across versions (CompatibleFieldSerializer), resolves classes through a class loader we give it (the
 * refreshable bundle's), and is an OSGi bundle with no dependency beyond Objenesis; it is embedded in the runtime, so no
 * user bundle sees it. Java serialization needs {@code Serializable} everywhere; Jackson or Protobuf need schemas or
 * annotations and lose identity.
 *
 * <p>Each entry is written on its own first, so that one entry that cannot be written (a value that is not data, a
 * graph deeper than {@link StateKryo#MAX_DEPTH}) costs only itself, and each group is read on its own, so that one that
 * cannot be read (a class gone in the version restored into) costs only itself. Entries that share an object are
 * written again together as one group: the restore gives them one object, as they had.
 */
public final class StateCodec {
    private final StateKryo kryo;
    private final int maxBytes;
    /** Reused from save to save: the buffer grows to the state's size once. */
    private Output output;

    /** One entry of a state: a field (or a @Static field) and its value. */
    public record Entry(String key, Object value) {
    }

    /** What a save holds: the groups that could be written, and the entries that could not, each with why. */
    public record Encoded(List<StateFile.Group> groups, Map<String, String> notSaved) {
    }

    /** What a restore got: the values read, and the entries that could not be read, each with why. */
    public record Decoded(Map<String, Object> values, Map<String, String> notRestored) {
    }

    /** The state is larger than the bound: nothing of it is saved. */
    public static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(int maxBytes) {
            super("larger than stateMaxBytes (" + maxBytes + " bytes)", null, false, false);
        }
    }

    /**
     * @param loader   the class loader of the refreshable's version: the classes of a restore are loaded through it
     * @param maxBytes the most a state may take
     */
    public StateCodec(ClassLoader loader, int maxBytes) {
        this.kryo = new StateKryo(loader);
        this.maxBytes = maxBytes;
    }

    /** Writes the entries; call while nothing changes them (the proxy's gate closed). */
    public Encoded encode(List<Entry> entries) throws TooLarge {
        if (output == null || output.getMaxCapacity() != maxBytes) {
            output = new Output(Math.min(4096, maxBytes), maxBytes);
        }
        Map<String, String> notSaved = new LinkedHashMap<>();
        int n = entries.size();
        int[] start = new int[n];
        int[] end = new int[n];
        boolean[] written = new boolean[n];
        StateKryo.Sharing sharing = kryo.sharing();
        sharing.forget();
        output.reset();
        try {
            for (int i = 0; i < n; i++) {
                start[i] = output.position();
                sharing.writer(i);
                try {
                    kryo.writeObject(output, new Object[] {entries.get(i).value()});
                    written[i] = true;
                } catch (KryoBufferOverflowException e) {
                    throw new TooLarge(maxBytes);
                } catch (RuntimeException | StackOverflowError e) {
                    output.setPosition(start[i]);
                    notSaved.put(entries.get(i).key(), why(e));
                }
                end[i] = output.position();
            }
            sharing.writer(-1);
            int[] group = groups(n, sharing.shared(), written);
            List<StateFile.Group> groups = new ArrayList<>();
            byte[] all = output.getBuffer();
            boolean together = false;
            for (int i = 0; i < n; i++) {
                together |= written[i] && group[i] != i;
            }
            if (!together) {
                for (int i = 0; i < n; i++) {
                    if (written[i]) {
                        groups.add(new StateFile.Group(List.of(entries.get(i).key()), Arrays.copyOfRange(all, start[i], end[i])));
                    }
                }
                return new Encoded(groups, notSaved);
            }
            // Some entries share objects: write each set of them again as one graph.
            List<List<Integer>> sets = new ArrayList<>();
            Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                if (written[i]) {
                    byRoot.computeIfAbsent(group[i], k -> new ArrayList<>()).add(i);
                }
            }
            sets.addAll(byRoot.values());
            output.reset();
            for (List<Integer> set : sets) {
                int from = output.position();
                Object[] values = set.stream().map(i -> entries.get(i).value()).toArray();
                List<String> keys = set.stream().map(i -> entries.get(i).key()).toList();
                try {
                    kryo.writeObject(output, values);
                    groups.add(new StateFile.Group(keys, Arrays.copyOfRange(output.getBuffer(), from, output.position())));
                } catch (KryoBufferOverflowException e) {
                    throw new TooLarge(maxBytes);
                } catch (RuntimeException | StackOverflowError e) {
                    output.setPosition(from);
                    keys.forEach(k -> notSaved.put(k, why(e)));
                }
            }
            return new Encoded(groups, notSaved);
        } finally {
            sharing.writer(-1);
            sharing.forget();
            kryo.reset();
        }
    }

    /**
     * Reads the groups of a saved state into objects of this version's classes, on a thread with a deep stack (Kryo
     * reads nested objects recursively).
     */
    public Decoded decode(List<StateFile.Group> groups) throws Exception {
        return StateThreads.call(() -> decodeHere(groups));
    }

    private Decoded decodeHere(List<StateFile.Group> groups) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> notRestored = new LinkedHashMap<>();
        for (StateFile.Group g : groups) {
            try {
                Object[] read = kryo.readObject(new Input(g.bytes()), Object[].class);
                if (read.length != g.keys().size()) {
                    throw new KryoException(read.length + " values saved for " + g.keys().size() + " fields");
                }
                for (int i = 0; i < read.length; i++) {
                    values.put(g.keys().get(i), read[i]);
                }
            } catch (RuntimeException | StackOverflowError e) {
                String why = why(e);
                g.keys().forEach(k -> notRestored.put(k, why));
            } finally {
                kryo.reset();
            }
        }
        return new Decoded(values, notRestored);
    }

    /** Entries sharing an object end in one group: union-find over the pairs found, each group named by its first entry. */
    private static int[] groups(int n, List<int[]> shared, boolean[] written) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int[] pair : shared) {
            if (!written[pair[0]] || !written[pair[1]]) {
                continue; // an entry not saved shares nothing with those saved
            }
            int a = root(parent, pair[0]);
            int b = root(parent, pair[1]);
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        for (int i = 0; i < n; i++) {
            parent[i] = root(parent, i);
        }
        return parent;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Why a value could not be written or read, in a few words (Kryo's trace of fields kept short). */
    static String why(Throwable e) {
        if (e instanceof Serializers.NotDataException n) {
            return "holds " + n.what + ", which is not data";
        }
        if (e instanceof StackOverflowError || (e.getMessage() != null && e.getMessage().startsWith("Max depth exceeded"))) {
            return "nested deeper than " + StateKryo.MAX_DEPTH + " objects";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof KryoException k) {
            m = k.getMessage();
        }
        int trace = m.indexOf("\nSerialization trace:");
        m = trace < 0 ? m : m.substring(0, trace);
        m = m.lines().findFirst().orElse(m);
        return m.length() > 200 ? m.substring(0, 197) + "..." : m;
    }
}
