package io.paddock.node.tools;

import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Perms;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.time.Instant;
import java.util.List;

/**
 * Human-readable text for txns and znode fields, in the spirit of ZooKeeper's LogFormatter:
 * one line per txn, hex for ids, data as its length plus a short hex prefix. Stateless.
 */
final class TxnText {
    private static final int DATA_PREFIX_BYTES = 16;

    private TxnText() {}

    static String entry(TxnEntry e) {
        return Zxid.hex(e.zxid()) + " " + Instant.ofEpochMilli(e.timeMs()) + " session 0x"
                + Long.toHexString(e.sessionId()) + " cxid 0x" + Integer.toHexString(e.cxid()) + " " + txn(e.txn());
    }

    static String txn(Txn txn) {
        if (txn instanceof Txn.Create c) {
            return "create " + c.path() + " " + data(c.data()) + " acl " + acl(c.acl()) + " " + owner(c.ephemeralOwner());
        } else if (txn instanceof Txn.Delete d) {
            return "delete " + d.path();
        } else if (txn instanceof Txn.SetData s) {
            return "setData " + s.path() + " " + data(s.data()) + " version " + s.version();
        } else if (txn instanceof Txn.SetAcl s) {
            return "setACL " + s.path() + " acl " + acl(s.acl()) + " aversion " + s.aversion();
        } else if (txn instanceof Txn.Check c) {
            return "check " + c.path();
        } else if (txn instanceof Txn.Multi m) {
            StringBuilder sb = new StringBuilder("multi [");
            for (int i = 0; i < m.txns().size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(txn(m.txns().get(i)));
            }
            return sb.append(']').toString();
        } else if (txn instanceof Txn.Error e) {
            return "error " + e.err();
        } else if (txn instanceof Txn.CreateSession s) {
            return "createSession 0x" + Long.toHexString(s.sessionId()) + " timeout " + s.timeoutMs() + " ms";
        } else if (txn instanceof Txn.CloseSession s) {
            return "closeSession 0x" + Long.toHexString(s.sessionId());
        } else if (txn instanceof Txn.NewEpoch n) {
            return "newEpoch leader " + n.leaderId();
        }
        return txn.toString();
    }

    static String data(byte[] data) {
        if (data == null) {
            return "data null";
        }
        StringBuilder sb = new StringBuilder("data ").append(data.length).append("B");
        if (data.length > 0) {
            sb.append(" #");
        }
        for (int i = 0; i < Math.min(data.length, DATA_PREFIX_BYTES); i++) {
            sb.append(Character.forDigit((data[i] >> 4) & 0xf, 16)).append(Character.forDigit(data[i] & 0xf, 16));
        }
        return data.length > DATA_PREFIX_BYTES ? sb.append("...").toString() : sb.toString();
    }

    static String acl(List<Acl> acl) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < acl.size(); i++) {
            Acl a = acl.get(i);
            sb.append(i == 0 ? "" : ",").append(a.id().scheme()).append(':').append(a.id().id()).append(':')
                    .append(perms(a.perms()));
        }
        return sb.append(']').toString();
    }

    private static String perms(int perms) {
        StringBuilder sb = new StringBuilder();
        if ((perms & Perms.CREATE) != 0) sb.append('c');
        if ((perms & Perms.DELETE) != 0) sb.append('d');
        if ((perms & Perms.READ) != 0) sb.append('r');
        if ((perms & Perms.WRITE) != 0) sb.append('w');
        if ((perms & Perms.ADMIN) != 0) sb.append('a');
        return sb.toString();
    }

    static String owner(long owner) {
        if (owner == 0) {
            return "persistent";
        } else if (EphemeralOwner.isContainer(owner)) {
            return "container";
        } else if (EphemeralOwner.isTtl(owner)) {
            return "ttl " + EphemeralOwner.ttlMs(owner) + " ms";
        }
        return "ephemeral 0x" + Long.toHexString(owner);
    }
}
