package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.WatchEvent;
import io.paddock.session.WatchHistory;
import io.paddock.storage.DurableLog;
import io.paddock.storage.LogInspector;
import io.paddock.storage.SnapshotStore;
import io.paddock.storage.TxnLog;
import io.paddock.storage.TxnLogOptions;
import io.paddock.tree.DataTree;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch history rebuilt from real snapshot files and a real segmented txn log: the events
 * of exactly the asked range, as applying the txns live gives them, read across segments from
 * the newest usable snapshot at or before {@code fromZxid} (a damaged one is skipped); a resume
 * older than every snapshot is Gone with the oldest usable snapshot's zxid; a hole in the log,
 * a vanished log, or a log that ends before {@code toZxid} is Gone(-1), never an exception.
 */
class LogHistoryTest {
    private static final int TXNS = 60;
    /** Small segments, so that the log has many of them. */
    private static final TxnLogOptions OPTIONS = new TxnLogOptions(1, 2048, 1024, false);

    @TempDir
    Path dir;

    private Path snapshots;
    private Path log;
    private final List<TxnEntry> entries = new ArrayList<>();
    /** The events each txn gives when applied live, by zxid (index zxid - 1). */
    private final List<List<WatchEvent>> live = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        snapshots = dir.resolve("snapshots");
        log = dir.resolve("log");
        Files.createDirectories(log);
        SnapshotWriter writer = new SnapshotWriter(new SnapshotStore(snapshots, 1, false));
        DataTree tree = DataTree.empty();
        for (int i = 1; i <= TXNS; i++) {
            TxnEntry entry = new TxnEntry(i, 7, i, 1000L + i, txn(i));
            DataTree.Result result = tree.apply(entry);
            tree = result.tree();
            entries.add(entry);
            live.add(result.applied().events());
            if (i == 10 || i == 20 || i == 40) {
                writer.write(tree);
            }
        }
        try (TxnLog txnLog = TxnLog.open(log, OPTIONS)) {
            DurableLog durable = new DurableLog(txnLog);
            for (TxnEntry entry : entries) {
                durable.appendAndSync(List.of(entry));
            }
        }
        assertThat(LogInspector.segmentFiles(log)).as("segments").hasSizeGreaterThan(3);
    }

    /**
     * Creates /a, then /a/n{i} for odd i; every fourth txn sets the data of the one created just
     * before it (numbers 3 mod 4), and from the tenth on the others delete an older one (1 mod 4).
     */
    private static Txn txn(int i) {
        if (i == 1) {
            return new Txn.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, 0);
        }
        if (i % 4 == 0) {
            return new Txn.SetData("/a/n" + (i - 1), new byte[] {(byte) i}, 1);
        }
        if (i % 4 == 2 && i > 6) {
            return new Txn.Delete("/a/n" + (i - 5));
        }
        return new Txn.Create("/a/n" + i, new byte[100], Acl.OPEN_ACL_UNSAFE, 0);
    }

    private LogHistory.Outcome rebuild(long fromZxid, long toZxid) {
        return new LogHistory(snapshots, log).rebuild(new LogHistory.Ask("/a", true, fromZxid, toZxid));
    }

    /** What a recursive watch on /a gets of the txns in (from, to], as "zxid type path". */
    private List<String> expected(long fromZxid, long toZxid) {
        List<String> out = new ArrayList<>();
        for (long zxid = fromZxid + 1; zxid <= toZxid; zxid++) {
            for (WatchEvent event : live.get((int) zxid - 1)) {
                if (WatchHistory.matches(event, "/a", true)) {
                    out.add(zxid + " " + event.type() + " " + event.path());
                }
            }
        }
        return out;
    }

    private static List<String> events(LogHistory.Outcome outcome, long fromZxid) {
        assertThat(outcome).isInstanceOf(LogHistory.Rebuilt.class);
        List<String> out = new ArrayList<>();
        ((LogHistory.Rebuilt) outcome).events().replay(fromZxid, "/a", true, (zxid, event, acl) -> {
            assertThat(acl).isEqualTo(Acl.OPEN_ACL_UNSAFE);
            out.add(zxid + " " + event.type() + " " + event.path());
        });
        return out;
    }

    @Test
    void rebuildsExactlyTheAskedRangeAcrossSegmentsFromTheNewestSnapshotAtOrBeforeIt() {
        LogHistory.Outcome outcome = rebuild(25, 55);
        assertThat(((LogHistory.Rebuilt) outcome).toZxid()).isEqualTo(55);
        assertThat(((LogHistory.Rebuilt) outcome).events().lastZxid()).isEqualTo(55);
        assertThat(events(outcome, 25)).isEqualTo(expected(25, 55)).isNotEmpty();
        assertThat(events(rebuild(20, 21), 20)).isEqualTo(expected(20, 21)).hasSize(1);
    }

    @Test
    void aDamagedSnapshotIsSkippedForAnOlderOne() throws Exception {
        Path newest = SnapshotStore.list(snapshots).stream().filter(f -> f.zxid() == 20).findFirst().orElseThrow().path();
        try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55, 0x55}), Files.size(newest) / 2);
        }
        assertThat(events(rebuild(30, 45), 30)).isEqualTo(expected(30, 45));
    }

    @Test
    void olderThanEverySnapshotIsGoneWithTheOldestUsableSnapshot() throws Exception {
        assertThat(rebuild(5, 50)).isEqualTo(new LogHistory.Gone(10));
        // The log before the second snapshot purged: the first can no longer serve, the second can.
        LogInspector.purgeSegmentsBefore(log, 20);
        assertThat(LogInspector.firstZxidOf(LogInspector.segmentFiles(log).get(0))).isGreaterThan(11);
        assertThat(rebuild(5, 50)).isEqualTo(new LogHistory.Gone(20));
        assertThat(rebuild(15, 50)).isEqualTo(new LogHistory.Gone(20));
        assertThat(events(rebuild(20, 50), 20)).isEqualTo(expected(20, 50));
    }

    @Test
    void aHoleAVanishedLogOrALogEndingTooSoonIsGoneNotAnError() throws Exception {
        assertThat(rebuild(45, TXNS + 5)).isEqualTo(new LogHistory.Gone(-1));
        List<Path> segments = LogInspector.segmentFiles(log);
        int holding50 = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (LogInspector.firstZxidOf(segments.get(i)) <= 50) {
                holding50 = i;
            }
        }
        assertThat(holding50).as("a segment after the one holding 50").isLessThan(segments.size() - 1);
        Files.delete(segments.get(holding50));
        assertThat(rebuild(41, TXNS)).isEqualTo(new LogHistory.Gone(-1));
        for (Path segment : LogInspector.segmentFiles(log)) {
            Files.delete(segment);
        }
        assertThat(rebuild(41, 50)).isEqualTo(new LogHistory.Gone(-1));
    }
}
