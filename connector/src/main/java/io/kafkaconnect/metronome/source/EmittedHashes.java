package io.kafkaconnect.metronome.source;

import java.util.Arrays;

/**
 * The content hash each item (customer, or customer + billable metric) was last emitted with: an open-addressing
 * map from the 64-bit hash of the item's id to its 64-bit content hash, in two {@code long[]} arrays (about 32
 * bytes per item at the worst load factor), because a task may track millions of customers.
 *
 * <p>Two ids whose 64-bit hashes collide (odds about 1 in 10^7 for a million ids) would share an entry; the
 * cost is at worst one extra or one skipped emission until that item changes again.
 */
final class EmittedHashes {

    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.5;

    private long[] keys;
    private long[] values;
    private int size;

    EmittedHashes() {
        keys = new long[1024];
        values = new long[1024];
    }

    boolean contains(String id) {
        return slotOf(keyOf(id)) >= 0;
    }

    /** The stored hash; only meaningful when {@link #contains} is true. */
    long get(String id) {
        int slot = slotOf(keyOf(id));
        return slot >= 0 ? values[slot] : 0L;
    }

    /** Whether {@code id} is unknown or was last emitted with another hash. */
    boolean changed(String id, long hash) {
        int slot = slotOf(keyOf(id));
        return slot < 0 || values[slot] != hash;
    }

    void put(String id, long hash) {
        if (size + 1 > keys.length * MAX_LOAD) {
            grow();
        }
        insert(keyOf(id), hash);
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }

    private void insert(long key, long value) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    private int slotOf(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == EMPTY) {
                return -1;
            }
            if (keys[i] == key) {
                return i;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** 0 marks an empty slot, so an id hashing to 0 is stored as 1. */
    private static long keyOf(String id) {
        long key = ContentHash.ofId(id);
        return key == EMPTY ? 1L : key;
    }

    private static int mix(long key) {
        return (int) (key ^ (key >>> 32));
    }
}
