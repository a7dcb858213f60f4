package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Opening a log directory after a crash or a clean stop: scans every segment in zxid order,
 * checks headers, lengths, CRCs and zxid order, repairs a torn tail and removes an empty newest
 * segment, and throws {@link CorruptLogException} for any other damage. The rules are in
 * {@link TxnLog}'s Javadoc.
 *
 * <p>Runs once, on the worker thread that calls {@link TxnLog#open}; holds no state after it.
 * Reads one segment into memory at a time.
 */
final class LogRecovery {
    /** The outcome: the surviving segments in zxid order and what was repaired. */
    record Recovered(List<Segment> segments, List<String> warnings) {}

    private final Path dir;
    private final int serverId;
    private final CRC32C crc = new CRC32C();
    private final List<String> warnings = new ArrayList<>();
    private boolean directoryChanged;

    private LogRecovery(Path dir, int serverId) {
        this.dir = dir;
        this.serverId = serverId;
    }

    static Recovered recover(Path dir, int serverId) throws IOException {
        Files.createDirectories(dir);
        return new LogRecovery(dir, serverId).run();
    }

    private Recovered run() throws IOException {
        List<Path> files = segmentFiles(dir);
        List<Segment> segments = new ArrayList<>();
        long previousZxid = 0;
        for (int i = 0; i < files.size(); i++) {
            boolean newest = i == files.size() - 1;
            Segment segment = scan(files.get(i), newest, previousZxid);
            if (segment == null) continue; // the newest segment was empty and is deleted
            Check.that(segment.lastZxid > previousZxid, "segment zxids not increasing: %d after %d",
                    segment.lastZxid, previousZxid);
            segments.add(segment);
            previousZxid = segment.lastZxid;
        }
        if (directoryChanged) DirectorySync.fsync(dir);
        return new Recovered(segments, List.copyOf(warnings));
    }

    /** Regular files named like segments, sorted by first zxid. */
    static List<Path> segmentFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "log.*")) {
            for (Path file : stream) {
                if (LogFormat.firstZxidOf(file.getFileName().toString()) > 0 && Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        files.sort(Comparator.comparingLong(f -> LogFormat.firstZxidOf(f.getFileName().toString())));
        return files;
    }

    /** Scans one segment; returns null if it was the empty newest segment and got deleted. */
    private Segment scan(Path file, boolean newest, long previousZxid) throws IOException {
        long firstZxid = LogFormat.firstZxidOf(file.getFileName().toString());
        ByteBuffer buffer = LogFormat.read(file, Long.MAX_VALUE);
        LogFormat.Header header = LogFormat.readHeader(buffer, crc);
        if (header == null) {
            int found = LogFormat.findValidRecord(buffer, 0, buffer.limit(), 0, crc);
            if (newest && found < 0) return deleteEmptyNewest(file, "bad header and no records");
            throw new CorruptLogException(file, 0, "bad segment header" + (newest ? "" : " in a segment followed by newer ones"));
        }
        if (header.epoch() != firstZxid >>> 32) {
            throw new CorruptLogException(file, 16, "header epoch " + header.epoch() + " does not match file name");
        }
        if (header.serverId() != serverId) {
            warnings.add(file + ": written by server " + header.serverId() + ", this is server " + serverId);
        }
        Segment segment = scanRecords(file, buffer, firstZxid, newest, previousZxid);
        if (segment.recordCount > 0) return segment;
        if (newest) return deleteEmptyNewest(file, "no records");
        throw new CorruptLogException(file, LogFormat.HEADER_BYTES, "segment without records followed by newer ones");
    }

    private Segment deleteEmptyNewest(Path file, String why) throws IOException {
        Files.delete(file);
        directoryChanged = true;
        warnings.add(file + ": deleted the newest segment (" + why + "), a crash right after it was created");
        return null;
    }

    /** Walks the records from the header to the end of data, then classifies what follows. */
    private Segment scanRecords(Path file, ByteBuffer buffer, long firstZxid, boolean newest, long previousZxid)
            throws IOException {
        int limit = buffer.limit();
        int offset = LogFormat.HEADER_BYTES;
        long lastZxid = previousZxid;
        long count = 0;
        String problem = null;
        while (problem == null) {
            if (limit - offset < LogFormat.RECORD_PREFIX_BYTES) {
                if (!LogFormat.allZero(buffer, offset, limit)) problem = "truncated record prefix";
                break;
            }
            int bodyBytes = buffer.getInt(offset);
            if (bodyBytes == 0) break; // zero padding: the end of written data
            if (!LogFormat.isValidRecordAt(buffer, offset, limit, Long.MIN_VALUE, crc)) {
                problem = "bad record (length " + bodyBytes + ", torn or CRC mismatch)";
                break;
            }
            long zxid = buffer.getLong(offset + LogFormat.RECORD_PREFIX_BYTES);
            checkZxid(file, offset, zxid, lastZxid, count == 0 ? firstZxid : 0);
            lastZxid = zxid;
            count++;
            offset += LogFormat.RECORD_PREFIX_BYTES + bodyBytes;
        }
        classifyTail(file, buffer, offset, lastZxid, newest, problem);
        return new Segment(file, firstZxid, count == 0 ? 0 : lastZxid, offset, count);
    }

    /**
     * A record with a good CRC is what we wrote, so a zxid out of order is never a torn write:
     * it is corruption (or a bug) wherever it appears.
     */
    private static void checkZxid(Path file, int offset, long zxid, long lastZxid, long expectedFirst)
            throws CorruptLogException {
        if (expectedFirst != 0 && zxid != expectedFirst) {
            throw new CorruptLogException(file, offset, "first zxid 0x" + Long.toHexString(zxid)
                    + " does not match the file name");
        }
        if (zxid <= lastZxid) {
            throw new CorruptLogException(file, offset, "zxid 0x" + Long.toHexString(zxid)
                    + " not after 0x" + Long.toHexString(lastZxid));
        }
    }

    /**
     * Decides what the bytes after the last valid record at {@code end} are: zero padding, a torn
     * tail (repaired by truncation), or corruption (thrown).
     */
    private void classifyTail(Path file, ByteBuffer buffer, int end, long lastZxid, boolean newest, String problem)
            throws IOException {
        int limit = buffer.limit();
        int found = end < limit ? LogFormat.findValidRecord(buffer, end + 1, limit, lastZxid, crc) : -1;
        if (found >= 0) {
            String what = problem != null ? problem : "zero length record";
            throw new CorruptLogException(file, end, what + " followed by a valid record at offset " + found);
        }
        if (problem != null && !newest) {
            throw new CorruptLogException(file, end, problem + " in a segment followed by newer ones");
        }
        if (problem != null) {
            warnings.add(file + ": torn tail at offset " + end + " (" + problem + "), truncated "
                    + (limit - end) + " bytes");
        }
        if (newest && !LogFormat.allZero(buffer, end, limit)) {
            truncate(file, end);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }
}
