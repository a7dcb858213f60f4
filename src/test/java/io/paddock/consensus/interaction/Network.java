package io.paddock.consensus.interaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The harness's network: one FIFO queue of parcels per addressee, in send order, delivered only
 * when a script says so. Isolated nodes neither send nor receive (a parcel from or to one is
 * dropped when it is sent, and isolating a node drops what was queued to or from it); parcels
 * to a crashed node are dropped too.
 *
 * <p>Single-threaded (the test's). Invariant: no queue holds a parcel from or to an isolated
 * node, or to a down one.
 */
final class Network {
    private final Map<Integer, ArrayDeque<Parcel>> queues = new TreeMap<>();
    private final Set<Integer> isolated = new TreeSet<>();
    private final Set<Integer> down = new TreeSet<>();

    /** Queues {@code parcel}; returns null, or why it was dropped instead. */
    String send(Parcel parcel) {
        if (isolated.contains(parcel.from()) || isolated.contains(parcel.to())) {
            return "dropped: " + (isolated.contains(parcel.from()) ? parcel.from() : parcel.to()) + " isolated";
        }
        if (down.contains(parcel.to())) {
            return "dropped: " + parcel.to() + " down";
        }
        queues.computeIfAbsent(parcel.to(), to -> new ArrayDeque<>()).addLast(parcel);
        return null;
    }

    /** Takes up to {@code max} parcels queued for {@code to}, oldest first, only from {@code from} unless it is 0. */
    List<Parcel> take(int to, int from, int max) {
        List<Parcel> taken = new ArrayList<>();
        ArrayDeque<Parcel> queue = queues.get(to);
        if (queue == null) {
            return taken;
        }
        Iterator<Parcel> it = queue.iterator();
        while (it.hasNext() && taken.size() < max) {
            Parcel parcel = it.next();
            if (from == 0 || parcel.from() == from) {
                taken.add(parcel);
                it.remove();
            }
        }
        return taken;
    }

    boolean hasMail(int to) {
        ArrayDeque<Parcel> queue = queues.get(to);
        return queue != null && !queue.isEmpty();
    }

    /** Cuts {@code id} off; returns the queued parcels that were dropped because of it. */
    List<Parcel> isolate(int id) {
        isolated.add(id);
        return dropWhere(id, true);
    }

    void heal() {
        isolated.clear();
    }

    boolean isolated(int id) {
        return isolated.contains(id);
    }

    /** {@code id} crashed: what was queued for it is lost; returns it. */
    List<Parcel> crashed(int id) {
        down.add(id);
        return dropWhere(id, false);
    }

    void restarted(int id) {
        down.remove(id);
    }

    private List<Parcel> dropWhere(int id, boolean fromToo) {
        List<Parcel> dropped = new ArrayList<>();
        for (ArrayDeque<Parcel> queue : queues.values()) {
            Iterator<Parcel> it = queue.iterator();
            while (it.hasNext()) {
                Parcel parcel = it.next();
                if (parcel.to() == id || fromToo && parcel.from() == id) {
                    dropped.add(parcel);
                    it.remove();
                }
            }
        }
        return dropped;
    }
}
