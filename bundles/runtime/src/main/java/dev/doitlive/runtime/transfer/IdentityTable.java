package dev.doitlive.runtime.transfer;

/**
 * Old objects to their migrated counterparts, by identity: open addressing with linear probing on
 * {@link System#identityHashCode}, each key beside its value in one array (a probe reads one cache line), no object
 * per entry, at most half full. A transfer sizes it ahead ({@link #reserve}) when it meets an array of many objects,
 * so that a million nodes do not grow it twenty times. Keys are never null.
 */
final class IdentityTable {
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 29;

    /** Key at 2i, its value at 2i + 1; {@code capacity} entries. */
    private Object[] slots;
    /** 32 minus log2 of the capacity: the top bits of the mixed hash pick the home entry. */
    private int shift;
    private int size;

    IdentityTable() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or null. */
    Object get(Object key) {
        Object[] s = slots;
        int mask = s.length - 2;
        for (int i = home(key, shift); ; i = (i + 2) & mask) {
            Object k = s[i];
            if (k == key) {
                return s[i + 1];
            }
            if (k == null) {
                return null;
            }
        }
    }

    /** Maps {@code key} to {@code value}, replacing what it had. */
    void put(Object key, Object value) {
        Object[] s = slots;
        int mask = s.length - 2;
        int i = home(key, shift);
        for (Object k; (k = s[i]) != null; i = (i + 2) & mask) {
            if (k == key) {
                s[i + 1] = value;
                return;
            }
        }
        s[i] = key;
        s[i + 1] = value;
        if (++size > (s.length >> 2)) {
            grow(size * 2);
        }
    }

    /** Makes room for {@code more} further keys without growing while they are put. */
    void reserve(int more) {
        long needed = 2L * (size + (long) more);
        if (needed > slots.length >> 1) {
            grow((int) Math.min(needed, MAX_CAPACITY));
        }
    }

    /** The even index of the key's home entry in a table of {@code 2^(32 - shift)} entries. */
    static int home(Object key, int shift) {
        // Fibonacci hashing: identity hashes of objects made one after another differ in their low bits only.
        return ((System.identityHashCode(key) * 0x9E3779B9) >>> shift) << 1;
    }

    private void grow(int minCapacity) {
        int capacity = slots.length >> 1;
        while (capacity < minCapacity && capacity < MAX_CAPACITY) {
            capacity <<= 1;
        }
        if (capacity == slots.length >> 1) {
            if (size >= capacity - 1) { // one entry stays empty: a probe for a missing key ends
                throw new IllegalStateException("more than " + capacity + " objects to migrate");
            }
            return;
        }
        Object[] old = slots;
        allocate(capacity);
        Object[] s = slots;
        int mask = s.length - 2;
        for (int j = 0; j < old.length; j += 2) {
            Object k = old[j];
            if (k != null) {
                int i = home(k, shift);
                while (s[i] != null) {
                    i = (i + 2) & mask;
                }
                s[i] = k;
                s[i + 1] = old[j + 1];
            }
        }
    }

    private void allocate(int capacity) {
        slots = new Object[capacity * 2];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }
}
