package io.paddock.bench;

import io.paddock.model.TxnEntry;
import io.paddock.storage.TxnLog;
import io.paddock.storage.TxnLogOptions;
import io.paddock.tree.DataTree;
import io.paddock.wire.TxnCodec;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Splits the time of Paddock's recovery by phase, on a copy of a data directory's txn log: reading
 * the segments (with CRC checks), decoding the payloads, and applying them to the tree, each timed
 * separately and repeated {@code ROUNDS} times (the first round includes JIT warm-up and cold page
 * cache). Answers "which part of a restart should be made faster" for {@code bench-storage.sh}.
 *
 * <pre>java io.paddock.bench.ReplayProfile LOG_DIR [ROUNDS]</pre>
 *
 * <p>LOG_DIR is {@code <dataLogDir>/log}. Opening it runs the log's own recovery (which may
 * truncate a torn tail), so point it at a copy or a benchmark's directory, never at a live node's.
 */
public final class ReplayProfile {
    private ReplayProfile() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long opened = System.nanoTime();
        TxnLog log = TxnLog.open(dir, new TxnLogOptions(1, 64L << 20, 64L << 20, false));
        System.out.printf(Locale.ROOT, "open (log recovery scan): %d ms%n", (System.nanoTime() - opened) / 1_000_000);
        for (int round = 1; round <= rounds; round++) {
            long[] count = {0};
            long bytes = 0;
            long t0 = System.nanoTime();
            long[] sum = {0};
            log.replay(0, r -> {
                count[0]++;
                sum[0] += r.payload().length;
            });
            bytes = sum[0];
            long t1 = System.nanoTime();
            long[] decoded = {0};
            log.replay(0, r -> {
                TxnEntry e = TxnCodec.decode(r.payload());
                decoded[0] += e.zxid() & 1;
            });
            long t2 = System.nanoTime();
            DataTree[] tree = {DataTree.empty()};
            log.replay(0, r -> tree[0] = tree[0].apply(TxnCodec.decode(r.payload())).tree());
            long t3 = System.nanoTime();
            long read = (t1 - t0) / 1_000_000;
            long decode = (t2 - t1) / 1_000_000 - read;
            long apply = (t3 - t2) / 1_000_000 - (t2 - t1) / 1_000_000;
            System.out.printf(Locale.ROOT,
                    "round %d: %d txns, %d MiB payload; read+crc %d ms, decode %d ms, apply %d ms "
                            + "(full replay %d ms, %d znodes)%n",
                    round, count[0], bytes >> 20, read, decode, apply, (t3 - t2) / 1_000_000, tree[0].nodeCount());
        }
        log.close();
    }
}
