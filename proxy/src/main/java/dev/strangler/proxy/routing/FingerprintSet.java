package dev.strangler.proxy.routing;

import java.nio.charset.StandardCharsets;

/**
 * A compact set of user keys that answers "certainly absent" or "maybe present": each key is kept as a 32-bit
 * fingerprint of a 64-bit hash of its UTF-8 bytes, in an open-addressing table that doubles when three quarters
 * full, so a key costs 5 to 11 bytes whatever its length. A key added is always found again (no false negative); a
 * key never added is reported present with probability about {@code size / 2^32} (0.02% with a million keys). There
 * is no removal: a fingerprint may stand for several keys. Not thread-safe; {@link MigratedKeys} guards it.
 */
final class FingerprintSet {

    private static final int EMPTY = 0;
    private static final int INITIAL_CAPACITY = 1 << 10;

    private int[] slots;
    private int size;

    FingerprintSet() {
        this(INITIAL_CAPACITY);
    }

    /** An empty set sized for about {@code expected} keys without growing. */
    FingerprintSet(int expected) {
        int capacity = INITIAL_CAPACITY;
        while (capacity < expected + expected / 3 + 1 && capacity < 1 << 30) {
            capacity <<= 1;
        }
        this.slots = new int[capacity];
    }

    /** Adds the key; true when its fingerprint was not there yet. */
    boolean add(String key) {
        if (size + 1 > slots.length - (slots.length >>> 2)) {
            grow();
        }
        return insert(slots, fingerprint(key));
    }

    /** False when the key was certainly never added. */
    boolean mightContain(String key) {
        int fingerprint = fingerprint(key);
        int mask = slots.length - 1;
        for (int i = spread(fingerprint) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == EMPTY) {
                return false;
            }
            if (slot == fingerprint) {
                return true;
            }
        }
    }

    /** Distinct fingerprints held. */
    int size() {
        return size;
    }

    private boolean insert(int[] table, int fingerprint) {
        int mask = table.length - 1;
        for (int i = spread(fingerprint) & mask; ; i = (i + 1) & mask) {
            int slot = table[i];
            if (slot == fingerprint) {
                return false;
            }
            if (slot == EMPTY) {
                table[i] = fingerprint;
                if (table == slots) {
                    size++;
                }
                return true;
            }
        }
    }

    private void grow() {
        int[] old = slots;
        int[] bigger = new int[old.length << 1];
        for (int fingerprint : old) {
            if (fingerprint != EMPTY) {
                insert(bigger, fingerprint);
            }
        }
        slots = bigger;
    }

    /** The upper half of a 64-bit FNV-1a hash of the key's UTF-8 bytes, finished with a SplitMix64 mix; never 0. */
    static int fingerprint(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        int fingerprint = (int) (hash >>> 32);
        return fingerprint == EMPTY ? 1 : fingerprint;
    }

    /** The table position of a fingerprint: its bits mixed again, so neighbouring fingerprints spread out. */
    private static int spread(int fingerprint) {
        int h = fingerprint * 0x9e3779b9;
        return h ^ (h >>> 16);
    }
}
