package io.paddock.consensus.interaction;

import io.paddock.consensus.CoreConfig;
import io.paddock.consensus.ElectionState;
import io.paddock.consensus.Faults;
import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.ReplicaCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Node 5 of five empty voters, ticked until it campaigns: the addressees of its pre-vote
 * requests, in the order the core emits them. {@link CoreDeterminismTest} runs this in several
 * JVMs, since the order must not depend on which JVM runs it.
 *
 * <p>Stateless; {@link #main} prints one line, e.g. {@code [1, 2, 3, 4]}.
 */
final class VoteOrderProbe {
    private VoteOrderProbe() {}

    static List<Integer> voteRequestOrder() {
        CoreConfig config = new CoreConfig(5, Set.of(1, 2, 3, 4, 5), Set.of(), 10, 1000, 64_000, 1L << 20, 16L << 20, 20);
        ReplicaCore core = new ReplicaCore(config, new SplittableRandom(5), ElectionState.INITIAL, 0, List.of(), 0,
                Faults.NONE);
        for (int tick = 0; tick < 100 && !core.hasReady(); tick++) {
            core.tick();
        }
        List<Integer> order = new ArrayList<>();
        for (PeerMessage message : core.ready().messagesNow()) {
            if (message instanceof PeerMessage.VoteRequest) {
                order.add(message.to());
            }
        }
        return order;
    }

    public static void main(String[] args) {
        System.out.println(voteRequestOrder());
    }
}
