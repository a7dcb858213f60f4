package io.paddock.sim;

import io.paddock.consensus.PeerMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated network between nodes: every message is delivered after a random delay (so
 * messages reorder), may be dropped or duplicated, and may meet a cut link. A cut either drops
 * what crosses it or holds it until the cut heals (a stalled TCP connection delivers late, an
 * unplugged cable never). Cuts are directed (i to j), so one-way partitions and a "bridge" (one
 * node sees both halves, which cannot see each other) are sets of cuts.
 *
 * <p>Single-threaded; every choice comes from the cluster's seeded random.
 */
final class SimNetwork {
    /** A directed link i to j, as a key. */
    private record Link(int from, int to) {}

    private final SimEvents events;
    private final SplittableRandom random;
    private final Set<Link> cut = new HashSet<>();
    private boolean holdWhileCut;
    private final List<Runnable> held = new ArrayList<>();
    private double dropRate;
    private double duplicateRate;
    private int delayMsMax = 8;
    long sent;
    long dropped;

    SimNetwork(SimEvents events, SplittableRandom random) {
        this.events = events;
        this.random = random;
    }

    void noise(double dropRate, double duplicateRate, int delayMsMax) {
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.delayMsMax = Math.max(1, delayMsMax);
    }

    /** Cuts every link between the two groups in both directions. */
    void partition(Set<Integer> side, Set<Integer> all, boolean hold) {
        for (int a : side) {
            for (int b : all) {
                if (!side.contains(b)) {
                    cut.add(new Link(a, b));
                    cut.add(new Link(b, a));
                }
            }
        }
        holdWhileCut = hold;
    }

    void cutOneWay(int from, int to, boolean hold) {
        cut.add(new Link(from, to));
        holdWhileCut = hold;
    }

    boolean isCut(int from, int to) {
        return cut.contains(new Link(from, to));
    }

    boolean anyCut() {
        return !cut.isEmpty();
    }

    /** Restores every link; held messages arrive shortly after, in a random order. */
    void heal() {
        cut.clear();
        List<Runnable> late = new ArrayList<>(held);
        held.clear();
        for (Runnable delivery : late) {
            events.after(1 + random.nextInt(delayMsMax * 4), delivery);
        }
    }

    /** Sends one message: {@code deliver} runs at the addressee (which may by then be down). */
    void send(PeerMessage message, Consumer<PeerMessage> deliver) {
        sent++;
        Runnable delivery = () -> deliver.accept(message);
        if (cut.contains(new Link(message.from(), message.to()))) {
            if (holdWhileCut) {
                held.add(delivery);
            } else {
                dropped++;
            }
            return;
        }
        if (random.nextDouble() < dropRate) {
            dropped++;
            return;
        }
        events.after(delay(), delivery);
        if (random.nextDouble() < duplicateRate) {
            events.after(delay() * 3L, delivery);
        }
    }

    /** A bulk transfer (a snapshot) along a link: slower, and lost if the link is cut. */
    void transfer(int from, int to, long sizeHint, Runnable deliver) {
        if (cut.contains(new Link(from, to)) || random.nextDouble() < dropRate) {
            dropped++;
            return;
        }
        events.after(delay() + 5 + Math.min(200, sizeHint / 2000), deliver);
    }

    private int delay() {
        int delay = 1 + random.nextInt(delayMsMax);
        return random.nextInt(50) == 0 ? delay + random.nextInt(60) : delay; // a rare slow packet
    }
}
