package io.natsj.routing;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The subscriptions of one trie node (plain, or one queue group): add/remove by identity, and a
 * dense array so that a match copies members with one arraycopy instead of walking hash buckets
 * (which dominated miss time with 100k subscriptions). Not thread-safe; guarded by the index lock.
 *
 * <p>Invariant: {@code items[0, size)} holds each member once; removal moves the last member into
 * the freed slot. Most nodes hold one or two members, so a set starts with no arrays and scans;
 * past {@link #INDEXED} members {@code positions} maps each member to its slot, keeping add/remove O(1).
 */
final class SubscriptionSet {
    private static final int INDEXED = 8;
    private static final Subscription[] NONE = new Subscription[0];

    private Subscription[] items = NONE;
    private int size;
    /** Null while size <= INDEXED. */
    private Map<Subscription, Integer> positions;

    boolean add(Subscription sub) {
        if (indexOf(sub) >= 0) {
            return false;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(2, size * 2));
        }
        items[size] = sub;
        if (positions != null) {
            positions.put(sub, size);
        } else if (size + 1 > INDEXED) {
            positions = new IdentityHashMap<>();
            for (int i = 0; i <= size; i++) {
                positions.put(items[i], i);
            }
        }
        size++;
        return true;
    }

    boolean remove(Subscription sub) {
        int slot = indexOf(sub);
        if (slot < 0) {
            return false;
        }
        if (positions != null) {
            positions.remove(sub);
        }
        Subscription last = items[--size];
        items[size] = null;
        if (last != sub) {
            items[slot] = last;
            if (positions != null) {
                positions.put(last, slot);
            }
        }
        if (size == 0) {
            items = NONE;
            positions = null;
        } else if (size < items.length / 4 && items.length > 8) {
            items = Arrays.copyOf(items, items.length / 2);
        }
        return true;
    }

    private int indexOf(Subscription sub) {
        if (positions != null) {
            Integer slot = positions.get(sub);
            return slot == null ? -1 : slot;
        }
        for (int i = 0; i < size; i++) {
            if (items[i] == sub) {
                return i;
            }
        }
        return -1;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Copies the members into {@code dest} from {@code at}; dest has room for {@link #size()} more. */
    void copyTo(Subscription[] dest, int at) {
        System.arraycopy(items, 0, dest, at, size);
    }

    void forEach(Consumer<Subscription> action) {
        for (int i = 0; i < size; i++) {
            action.accept(items[i]);
        }
    }
}
