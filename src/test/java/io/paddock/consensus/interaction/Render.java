package io.paddock.consensus.interaction;

import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.ReplicaCore;
import io.paddock.consensus.Role;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact, stable text forms the scripts show: messages ({@code 1->2 VoteRequest epoch=2
 * last=0x100000003 pre}), entries (zxids in hex, the NEWLEADER marker named, runs of
 * consecutive zxids folded into {@code a..b}) and a node's visible state.
 *
 * <p>Stateless; pure functions of their arguments.
 */
final class Render {
    private Render() {}

    static String zxid(long zxid) {
        return Zxid.hex(zxid);
    }

    /** Role, epoch, vote and leader: what a state change line shows; "serving" once a leader may take writes. */
    static String state(ReplicaCore core) {
        String line = core.role() + " epoch=" + core.epoch() + " vote=" + core.votedFor() + " leader=" + core.leaderId();
        return core.role() == Role.LEADING && core.serving() ? line + " serving" : line;
    }

    static String parcel(Parcel parcel) {
        if (parcel instanceof Parcel.Snapshot snapshot) {
            return snapshot.from() + "->" + snapshot.to() + " Snapshot epoch=" + snapshot.epoch() + " zxid="
                    + zxid(snapshot.zxid());
        }
        return message(((Parcel.Message) parcel).message());
    }

    static String message(PeerMessage message) {
        return message.from() + "->" + message.to() + " " + body(message);
    }

    private static String body(PeerMessage message) {
        if (message instanceof PeerMessage.VoteRequest m) {
            return "VoteRequest epoch=" + m.epoch() + " last=" + zxid(m.lastZxid()) + (m.preVote() ? " pre" : "");
        } else if (message instanceof PeerMessage.VoteReply m) {
            return "VoteReply epoch=" + m.epoch() + (m.granted() ? " granted" : " refused") + (m.preVote() ? " pre" : "");
        } else if (message instanceof PeerMessage.Append m) {
            return "Append epoch=" + m.epoch() + " prev=" + zxid(m.prevZxid()) + " commit=" + zxid(m.commitZxid())
                    + " entries=" + entries(m.entries());
        } else if (message instanceof PeerMessage.AppendReply m) {
            return "AppendReply epoch=" + m.epoch() + appendReply(m);
        } else if (message instanceof PeerMessage.Heartbeat m) {
            return "Heartbeat epoch=" + m.epoch() + " commit=" + zxid(m.commitZxid()) + " seq=" + m.seq();
        } else if (message instanceof PeerMessage.HeartbeatReply m) {
            return "HeartbeatReply epoch=" + m.epoch() + " seq=" + m.seq();
        } else if (message instanceof PeerMessage.Commit m) {
            return "Commit epoch=" + m.epoch() + " commit=" + zxid(m.commitZxid()) + " durable=" + zxid(m.durableZxid());
        } else if (message instanceof PeerMessage.ReadIndexRequest m) {
            return "ReadIndexRequest epoch=" + m.epoch() + " request=" + m.requestId();
        } else if (message instanceof PeerMessage.ReadIndexReply m) {
            return "ReadIndexReply epoch=" + m.epoch() + " request=" + m.requestId() + " read=" + zxid(m.readZxid());
        }
        return message.toString(); // the replica's own traffic; the core never sends it
    }

    private static String appendReply(PeerMessage.AppendReply m) {
        if (m.ok()) {
            return " ok last=" + zxid(m.lastZxid()) + " prev=" + zxid(m.prevZxid());
        }
        if (m.prevZxid() < 0) {
            return " refused stale"; // the answer to an append or heartbeat of an older epoch
        }
        return " refused prev=" + zxid(m.prevZxid()) + " hint=" + zxid(m.hintZxid());
    }

    /** {@code [0x100000000 NEWLEADER, 0x100000001..0x100000004]}: runs of three or more consecutive zxids folded. */
    static String entries(List<TxnEntry> entries) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < entries.size()) {
            TxnEntry first = entries.get(i);
            if (first.txn() instanceof Txn.NewEpoch) {
                parts.add(zxid(first.zxid()) + " NEWLEADER");
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < entries.size() && entries.get(j + 1).zxid() == entries.get(j).zxid() + 1
                    && !(entries.get(j + 1).txn() instanceof Txn.NewEpoch)) {
                j++;
            }
            if (j - i >= 2) {
                parts.add(zxid(first.zxid()) + ".." + zxid(entries.get(j).zxid()));
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add(zxid(entries.get(k).zxid()));
                }
            }
            i = j + 1;
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
