package io.paddock.consensus.interaction;

import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Ready;
import io.paddock.model.TxnEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The world an interaction script runs in: N nodes (each a real core over an in-memory disk),
 * the network between them, the safety checker, and the output of the current command. It owns
 * the three steps of the shell's loop (handle a Ready, persist, deliver), so that single-step
 * commands and {@code stabilize} print them the same way:
 * <pre>
 * > 2 handling Ready
 *   State: FOLLOWING epoch=1 vote=3 leader=3
 *   Persist: [0x100000000 NEWLEADER]
 *   AfterPersist:
 *   2->3 AppendReply epoch=1 ok last=0x100000000 prev=0x0
 * </pre>
 *
 * <p>Single-threaded (the test's); one env per script. Invariant: a node's
 * {@code messagesAfterPersist} reach the network only when its disk has nothing left to write
 * before them.
 */
final class InteractionEnv {
    private static final Map<String, InteractionCommand> COMMANDS = new TreeMap<>();

    static {
        for (InteractionCommand command : List.of(new AddNodesCommand(), new TickCommand(), new ProcessReadyCommand(),
                new PersistCommand(), new DeliverCommand(), new StabilizeCommand(), new ProposeCommand(),
                new IsolateCommand(), new HealCommand(), new DisconnectCommand(), new CrashCommand(),
                new RestartCommand(), new ReadIndexCommand(), new StatusCommand(), new LogCommand(),
                new ProgressCommand())) {
            COMMANDS.put(command.verb(), command);
        }
    }

    final Map<Integer, InteractionNode> nodes = new TreeMap<>();
    final Network network = new Network();
    final SafetyChecker checker = new SafetyChecker();
    private final StringBuilder out = new StringBuilder();

    /** Runs one command and returns its output ("ok" when it printed nothing). */
    String handle(ScriptLine line) {
        InteractionCommand command = COMMANDS.get(line.verb());
        if (command == null) {
            List<String> usages = new ArrayList<>();
            COMMANDS.values().forEach(known -> usages.add(known.usage()));
            throw line.error("unknown command; the commands are:%n  %s", String.join("\n  ", usages));
        }
        out.setLength(0);
        try {
            command.run(this, line);
        } catch (IllegalStateException e) {
            throw new AssertionError(line.where() + ": " + line.text() + ": the core failed a check: " + e.getMessage()
                    + "\noutput so far:\n" + out, e);
        } catch (AssertionError e) {
            throw new AssertionError(line.where() + ": " + line.text() + ": " + e.getMessage() + "\noutput so far:\n"
                    + out, e);
        }
        return out.length() == 0 ? "ok" : out.toString();
    }

    // ---- output -------------------------------------------------------------------------------

    void section(String header) {
        out.append("> ").append(header).append('\n');
    }

    void line(String text) {
        out.append("  ").append(text).append('\n');
    }

    /** A top-level line, for commands that print tables. */
    void row(String text) {
        out.append(text).append('\n');
    }

    // ---- nodes --------------------------------------------------------------------------------

    InteractionNode node(ScriptLine line, int id) {
        InteractionNode node = nodes.get(id);
        if (node == null) {
            throw line.error("no node %d (nodes: %s)", id, nodes.keySet());
        }
        return node;
    }

    /** The node, or null after printing why a command cannot use it (it is down). */
    InteractionNode upNode(ScriptLine line, int id) {
        InteractionNode node = node(line, id);
        if (node.down()) {
            row("error: " + id + " is down");
            return null;
        }
        return node;
    }

    /** The ids a command names, or every node when it names none. */
    List<Integer> idsOrAll(ScriptLine line) {
        List<Integer> ids = line.numbers();
        for (int id : ids) {
            node(line, id);
        }
        return ids.isEmpty() ? new ArrayList<>(nodes.keySet()) : ids;
    }

    /** Records the node's role and prints its state if it changed since last shown; returns true if it did. */
    boolean observe(InteractionNode node) {
        if (node.down()) {
            return false;
        }
        checker.role(node.id, node.core.role(), node.core.epoch());
        String state = Render.state(node.core);
        if (state.equals(node.shownState)) {
            return false;
        }
        node.shownState = state;
        line("State: " + state);
        return true;
    }

    // ---- the shell's loop ---------------------------------------------------------------------

    /** Takes the node's Ready, if any: merges it into the disk's open write, sends, applies. */
    boolean handleReady(InteractionNode node) {
        if (node.down() || !node.core.hasReady()) {
            return false;
        }
        Ready ready = node.core.ready();
        section(node.id + " handling Ready");
        observe(node);
        printPersistParts(ready);
        List<PeerMessage> dropped = node.disk.merge(ready);
        if (!ready.messagesNow().isEmpty()) {
            line("Messages:");
            byAddressee(ready.messagesNow()).forEach(message -> send(new Parcel.Message(message)));
        }
        printAfterPersist(node, ready);
        for (PeerMessage message : dropped) {
            line("Dropped from the write queue (its entries were cut): " + Render.message(message));
        }
        apply(node, ready);
        return true;
    }

    private void printPersistParts(Ready ready) {
        if (ready.electionState() != null) {
            line("ElectionState: epoch=" + ready.electionState().epoch() + " votedFor=" + ready.electionState().votedFor());
        }
        if (ready.truncateAfterZxid() >= 0) {
            line("TruncateAfter: " + Render.zxid(ready.truncateAfterZxid()));
        }
        if (ready.snapshotInstalledZxid() >= 0) {
            line("SnapshotInstalled: " + Render.zxid(ready.snapshotInstalledZxid()));
        }
        if (!ready.entriesToPersist().isEmpty()) {
            line("Persist: " + Render.entries(ready.entriesToPersist()));
        }
    }

    private void printAfterPersist(InteractionNode node, Ready ready) {
        if (ready.messagesAfterPersist().isEmpty()) {
            return;
        }
        List<PeerMessage> now = node.disk.releaseIfNothingToWrite();
        if (now.isEmpty()) {
            line("AfterPersist:");
            byAddressee(ready.messagesAfterPersist()).forEach(message -> line(Render.message(message)));
            return;
        }
        line("AfterPersist (nothing to write: sent now):");
        for (PeerMessage message : byAddressee(now)) {
            checker.released(node.id, message, node.disk);
            send(new Parcel.Message(message));
        }
    }

    private void apply(InteractionNode node, Ready ready) {
        if (!ready.entriesToApply().isEmpty()) {
            line("Apply: " + Render.entries(ready.entriesToApply()));
        }
        for (TxnEntry entry : ready.entriesToApply()) {
            checker.applied(node.id, entry);
            node.appliedZxid = entry.zxid();
        }
        for (Ready.ReadState read : ready.readStates()) {
            line("ReadState: request=" + read.requestId() + " read=" + Render.zxid(read.readZxid()));
        }
        if (!ready.snapshotsToSend().isEmpty()) {
            line("SnapshotsToSend: " + ready.snapshotsToSend());
            for (int peer : ready.snapshotsToSend()) {
                send(new Parcel.Snapshot(node.id, peer, node.core.epoch(), node.appliedZxid));
            }
        }
    }

    /**
     * The messages in a stable order by addressee (each addressee's own order kept). Every
     * addressee has its own queue, so the order across addressees changes nothing here; it is
     * fixed because the core's is not: ReplicaCore.campaign iterates CoreConfig.voters(), a
     * Set.copyOf whose order follows the JVM's per-run salt (see CoreDeterminismTest).
     */
    static List<PeerMessage> byAddressee(List<PeerMessage> messages) {
        List<PeerMessage> sorted = new ArrayList<>(messages);
        sorted.sort(java.util.Comparator.comparingInt(PeerMessage::to));
        return sorted;
    }

    /** Puts a parcel on the network and prints it, with the reason when the network drops it. */
    void send(Parcel parcel) {
        String dropped = network.send(parcel);
        line(Render.parcel(parcel) + (dropped == null ? "" : " (" + dropped + ")"));
    }

    /** Makes the node's open write durable, reports it to the core and releases the waiting messages. */
    boolean persist(InteractionNode node) {
        if (node.down() || !node.disk.hasPending()) {
            return false;
        }
        section(node.id + " persisting");
        NodeDisk.Written written = node.disk.write();
        written.lines().forEach(this::line);
        node.core.persisted(written.lastZxid());
        if (!written.released().isEmpty()) {
            line("Released:");
            for (PeerMessage message : byAddressee(written.released())) {
                checker.released(node.id, message, node.disk);
                send(new Parcel.Message(message));
            }
        }
        observe(node);
        return true;
    }

    /** Delivers (or drops) up to {@code max} parcels queued for the node, from {@code from} only unless 0. */
    boolean deliver(InteractionNode node, int from, int max, boolean drop) {
        List<Parcel> parcels = network.take(node.id, from, max);
        if (parcels.isEmpty()) {
            return false;
        }
        section(node.id + (drop ? " dropping messages" : " receiving messages"));
        for (Parcel parcel : parcels) {
            line(Render.parcel(parcel));
            if (!drop && !node.down()) {
                receive(node, parcel);
                observe(node);
            }
        }
        return true;
    }

    private void receive(InteractionNode node, Parcel parcel) {
        if (parcel instanceof Parcel.Message message) {
            node.core.step(message.message());
            return;
        }
        Parcel.Snapshot snapshot = (Parcel.Snapshot) parcel;
        if (node.core.installSnapshot(snapshot.from(), snapshot.epoch(), snapshot.zxid())) {
            node.appliedZxid = snapshot.zxid();
            checker.appliedUpTo(node.id, snapshot.zxid());
            line("Installed: the state is now the leader's at " + Render.zxid(snapshot.zxid()));
        } else {
            line("Not installed");
        }
    }
}
