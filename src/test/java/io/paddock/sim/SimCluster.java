package io.paddock.sim;

import io.paddock.consensus.CoreConfig;
import io.paddock.consensus.Faults;
import io.paddock.consensus.PeerMessage;
import io.paddock.replica.ReplicaConfig;
import io.paddock.tree.DataTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A whole simulated ensemble in one thread: N voters and K observers made of the real
 * {@link io.paddock.replica.Replica}, a {@link SimNetwork}, simulated clients, a fault schedule
 * (crashes and restarts, pauses, partitions of every shape, message loss and duplication,
 * failing fsyncs, snapshots with log purges), and the checkers. Everything follows from the
 * seed: {@code new SimCluster(options).run()} twice gives the same result.
 *
 * <p>A run has a faulty phase, then heals everything and quiesces, and requires the cluster to
 * converge (one serving leader, every live node at the same zxid and digest).
 */
final class SimCluster {
    /** What to simulate. */
    record Options(long seed, int voters, int observers, int clients, long faultyMs, long quiesceMs,
                   Faults plantedFault, boolean verbose) {
        static Options of(long seed, int voters) {
            return new Options(seed, voters, 0, 4, 12_000, 8_000, Faults.NONE, false);
        }

        Options with(Faults fault) {
            return new Options(seed, voters, observers, clients, faultyMs, quiesceMs, fault, verbose);
        }
    }

    final SimEvents events = new SimEvents();
    final SplittableRandom random;
    final SimNetwork network;
    final List<String> trace = new ArrayList<>();
    final SimChecker checker = new SimChecker(trace);
    final List<SimOp> history = new ArrayList<>();
    final String[] keys = {"/k0", "/k1", "/k2", "/k3", "/k4", "/k5"};
    final int heartbeatMs = 50;
    final long leaderlessHoldMs = 2000;
    private final Options options;
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<SimClient> clients = new ArrayList<>();
    private long nextSessionCounter = 1;
    private final Set<Integer> all = new TreeSet<>();

    SimCluster(Options options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
        this.network = new SimNetwork(events, random.split());
        int count = options.voters() + options.observers();
        Set<Integer> voters = new TreeSet<>();
        Set<Integer> observers = new TreeSet<>();
        for (int id = 1; id <= count; id++) {
            (id <= options.voters() ? voters : observers).add(id);
            all.add(id);
        }
        for (int id = 1; id <= count; id++) {
            // Small windows and appends, so that SNAP and multi-append syncs happen in short runs.
            CoreConfig core = new CoreConfig(id, voters, observers, 8, 40, 1L << 20, 4096, 32_768, 60);
            ReplicaConfig config = new ReplicaConfig(core, 100, true, 20, 20, 100, 10_000);
            nodes.add(new SimNode(id, this, config, random.split()));
        }
        for (int i = 0; i < options.clients(); i++) {
            clients.add(new SimClient(i + 1, this, random.split(), 1 + random.nextInt(3), 1500));
        }
    }

    /** The result of one run. */
    record Result(long seed, List<String> violations, int historyLength, long lastZxid, int ops, long events,
                  List<String> trace) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    Result run() {
        try {
            nodes.forEach(SimNode::start);
            clients.forEach(SimClient::start);
            scheduleFaults();
            events.runUntil(options.faultyMs());
            healAll();
            events.runUntil(options.faultyMs() + options.quiesceMs() / 2);
            clients.forEach(c -> c.stopped = true);
            events.runUntil(options.faultyMs() + options.quiesceMs());
            converged();
            checker.finish(nodes);
            SimLinearizability.check(history, checker);
        } catch (RuntimeException e) {
            checker.violation("exception at t=" + events.nowMs() + ": " + e);
            StackTraceElement[] stack = e.getStackTrace();
            for (int i = 0; i < Math.min(8, stack.length); i++) {
                checker.violation("    at " + stack[i]);
            }
        }
        int ops = (int) history.stream().filter(op -> op.outcome != SimOp.Outcome.PENDING).count();
        return new Result(options.seed(), List.copyOf(checker.violations), checker.historyLength(), checker.lastZxid(),
                ops, events.executed(), trace);
    }

    // ---- faults ---------------------------------------------------------------------------------

    private void scheduleFaults() {
        network.noise(random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.05, random.nextDouble() * 0.02,
                2 + random.nextInt(12));
        int faults = 3 + random.nextInt(8);
        for (int i = 0; i < faults; i++) {
            long at = 500 + random.nextLong(Math.max(1, options.faultyMs() - 1500));
            long lasting = 200 + random.nextLong(2500);
            int kind = random.nextInt(100);
            events.at(at, () -> fault(kind, lasting));
        }
        for (int i = 0; i < 4; i++) {
            long at = random.nextLong(options.faultyMs());
            int node = 1 + random.nextInt(nodes.size());
            events.at(at, () -> nodes.get(node - 1).snapshot());
        }
    }

    private void fault(int kind, long lastingMs) {
        SimNode victim = nodes.get(random.nextInt(nodes.size()));
        if (kind < 25) {
            log("crash node " + victim.id);
            victim.crash();
            events.after(lastingMs, () -> restart(victim));
        } else if (kind < 40) {
            log("pause node " + victim.id);
            victim.pause();
            events.after(lastingMs, () -> {
                log("resume node " + victim.id);
                victim.resume();
            });
        } else if (kind < 60) {
            Set<Integer> side = new HashSet<>();
            side.add(victim.id);
            if (nodes.size() > 3 && random.nextBoolean()) {
                side.add(1 + random.nextInt(nodes.size()));
            }
            boolean hold = random.nextBoolean();
            log("partition " + side + (hold ? " (stalled)" : " (dropping)"));
            network.partition(side, all, hold);
            events.after(lastingMs, this::heal);
        } else if (kind < 72) {
            int to = 1 + random.nextInt(nodes.size());
            if (to != victim.id) {
                log("cut " + victim.id + " -> " + to + " one way");
                network.cutOneWay(victim.id, to, random.nextBoolean());
                events.after(lastingMs, this::heal);
            }
        } else if (kind < 82) {
            bridge(victim.id, lastingMs);
        } else if (kind < 90) {
            log("node " + victim.id + " will fail its next fsync");
            victim.failNextFsync = true;
            events.after(lastingMs, () -> restart(victim));
        } else {
            log("snapshot on node " + victim.id);
            victim.snapshot();
        }
    }

    /** The bridge: {@code middle} sees both halves, which cannot see each other. */
    private void bridge(int middle, long lastingMs) {
        List<Integer> others = new ArrayList<>(all);
        others.remove(Integer.valueOf(middle));
        Set<Integer> left = new HashSet<>(others.subList(0, others.size() / 2));
        log("bridge through node " + middle + ": " + left + " cannot see the rest");
        for (int a : left) {
            for (int b : others) {
                if (!left.contains(b)) {
                    network.cutOneWay(a, b, false);
                    network.cutOneWay(b, a, false);
                }
            }
        }
        events.after(lastingMs, this::heal);
    }

    private void restart(SimNode node) {
        if (node.state == SimNode.State.DOWN) {
            log("restart node " + node.id);
            node.restart();
        }
    }

    private void heal() {
        if (network.anyCut()) {
            log("heal");
            network.heal();
        }
    }

    private void healAll() {
        log("heal everything");
        network.heal();
        network.noise(0, 0, 5);
        for (SimNode node : nodes) {
            node.failNextFsync = false;
            node.resume();
            restart(node);
        }
    }

    /** After the quiet phase: one serving leader, and every node at the same zxid and digest. */
    private void converged() {
        SimNode leader = null;
        for (SimNode node : nodes) {
            if (node.serving() && node.replica.core().role() == io.paddock.consensus.Role.LEADING) {
                leader = node;
            }
        }
        if (leader == null) {
            checker.violation("no serving leader " + options.quiesceMs() + " ms after the faults stopped");
            return;
        }
        DataTree reference = leader.replica.tree();
        for (SimNode node : nodes) {
            DataTree tree = node.replica.tree();
            if (tree.lastZxid() != reference.lastZxid() || tree.digest() != reference.digest()) {
                checker.violation("node " + node.id + " did not converge: at " + Long.toHexString(tree.lastZxid())
                        + ", leader " + leader.id + " at " + Long.toHexString(reference.lastZxid()));
            } else if (!node.serving()) {
                checker.violation("node " + node.id + " is not serving " + options.quiesceMs()
                        + " ms after the faults stopped (" + node.replica.core().role() + ", leader "
                        + node.replica.core().leaderId() + ")");
            }
        }
    }

    // ---- plumbing for nodes and clients -------------------------------------------------------------

    void send(PeerMessage message) {
        SimNode from = nodes.get(message.from() - 1);
        if (from.state == SimNode.State.DOWN) {
            return;
        }
        checker.checkDurableAck(message, from);
        network.send(message, m -> nodes.get(m.to() - 1).receive(m));
    }

    void sendSnapshot(int from, int to, long epoch, DataTree tree) {
        network.transfer(from, to, tree.approximateDataSize(), () -> nodes.get(to - 1).receiveSnapshot(from, epoch, tree));
    }

    /**
     * A client's request reaches node {@code id} after a small delay (deferred while it is
     * paused), in order with the client's earlier requests: a connection is a TCP stream.
     */
    void toNode(int client, int id, Consumer<SimNode> action) {
        SimNode node = nodes.get(id - 1);
        events.at(ordered(client * 2L), () -> node.input(() -> action.accept(node)));
    }

    /** A reply or notice reaches client {@code client}, in order with what was sent to it before. */
    void toClient(int client, Runnable action) {
        events.at(ordered(client * 2L + 1), action);
    }

    private final java.util.Map<Long, Long> channelClock = new java.util.HashMap<>();

    private long ordered(long channel) {
        long at = Math.max(events.nowMs() + 1 + random.nextInt(3), channelClock.getOrDefault(channel, 0L));
        channelClock.put(channel, at);
        return at;
    }

    long newSessionId(int nodeId) {
        return ((long) nodeId << 56) | nextSessionCounter++;
    }

    int nodeCount() {
        return nodes.size();
    }

    Faults faults(int nodeId) {
        return options.plantedFault();
    }

    /** A crashed node's TCP connections reset: its peers notice soon (unless the link is cut). */
    void crashed(int id) {
        for (SimNode node : nodes) {
            if (node.id != id && !network.isCut(id, node.id)) {
                events.after(1 + random.nextInt(5), () -> node.peerDown(id));
            }
        }
    }

    /** Simulated wall clock for txn timestamps (a fixed origin plus simulated time). */
    long wallMs() {
        return 1_800_000_000_000L + events.nowMs();
    }

    void log(String line) {
        trace.add("t=" + events.nowMs() + " " + line);
        if (options.verbose()) {
            System.out.println("t=" + events.nowMs() + " " + line);
        }
    }

    List<SimNode> nodes() {
        return nodes;
    }
}
