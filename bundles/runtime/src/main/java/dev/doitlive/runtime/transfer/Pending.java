package dev.doitlive.runtime.transfer;

/**
 * New objects waiting for their fields, each after its old counterpart, first in first out: the breadth-first
 * queue of a transfer, in one growable array. It starts over at its beginning whenever it has been emptied, so a
 * graph walked as it is met keeps it as small as its widest level.
 */
final class Pending {
    private Object[] items = new Object[32];
    private int head;
    private int tail;

    void add(Object old, Object fresh) {
        if (tail + 2 > items.length) {
            makeRoom();
        }
        items[tail++] = old;
        items[tail++] = fresh;
    }

    /** Queues a pair at {@code at} items from the head (what was queued after that point comes after it). */
    void insert(Object old, Object fresh, int at) {
        if (tail + 2 > items.length) {
            makeRoom();
        }
        int p = head + Math.min(at, tail - head);
        System.arraycopy(items, p, items, p + 2, tail - p);
        items[p] = old;
        items[p + 1] = fresh;
        tail += 2;
    }

    /** The next item (an old object, then its new one), or null when empty. */
    Object poll() {
        if (head == tail) {
            return null;
        }
        Object o = items[head];
        items[head++] = null;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return o;
    }

    /** Items queued so far (two per object). */
    int size() {
        return tail - head;
    }

    /** Whether the last pair queued is {@code old} and {@code fresh}. */
    boolean endsWith(Object old, Object fresh) {
        return tail - head >= 2 && items[tail - 2] == old && items[tail - 1] == fresh;
    }

    /** Takes back the last pair queued. */
    void dropLast() {
        items[--tail] = null;
        items[--tail] = null;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    private void makeRoom() {
        int live = tail - head;
        Object[] to = live + 2 <= items.length >> 1 ? items : new Object[Math.multiplyExact(items.length, 2)];
        System.arraycopy(items, head, to, 0, live);
        if (to == items) {
            java.util.Arrays.fill(items, live, tail, null);
        }
        items = to;
        head = 0;
        tail = live;
    }
}
