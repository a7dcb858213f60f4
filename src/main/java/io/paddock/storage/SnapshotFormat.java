package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The byte layout of a snapshot file (grammar in {@link SnapshotStore}): header and trailer
 * encoding, file names, and the whole-file check. Stateless; callers pass their own
 * {@link CRC32C}. Big-endian.
 */
final class SnapshotFormat {
    static final byte[] MAGIC = {'P', 'D', 'K', 'S', 'N', 'A', 'P', 1};
    static final byte[] END_MAGIC = {'P', 'D', 'K', 'E'};
    static final int FORMAT_VERSION = 1;
    /** magic(8) + version(4) + serverId(4) + zxid(8) + epoch(8) + crc32c(4). */
    static final int HEADER_BYTES = 36;
    /** length(8) + crc32c(4) + end magic(4). */
    static final int TRAILER_BYTES = 16;
    static final String PREFIX = "snapshot.";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int CHECK_CHUNK_BYTES = 1 << 20;

    private SnapshotFormat() {}

    static String fileName(long zxid) {
        Check.that(zxid >= 0, "negative snapshot zxid %d", zxid);
        return PREFIX + String.format("%016x", zxid);
    }

    /** The zxid in a snapshot file name, or -1 if the name is not one (temp files are not). */
    static long zxidOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || fileName.length() != PREFIX.length() + 16) {
            return -1;
        }
        String hex = fileName.substring(PREFIX.length());
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || Character.isUpperCase(hex.charAt(i))) return -1;
        }
        return Long.parseUnsignedLong(hex, 16);
    }

    static ByteBuffer header(int serverId, long zxid, long epoch, CRC32C crc) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
        buffer.put(MAGIC).putInt(FORMAT_VERSION).putInt(serverId).putLong(zxid).putLong(epoch);
        buffer.putInt(LogFormat.crcOf(buffer, 0, HEADER_BYTES - 4, crc));
        buffer.flip();
        return buffer;
    }

    static ByteBuffer trailer(long length, int crcValue) {
        ByteBuffer buffer = ByteBuffer.allocate(TRAILER_BYTES);
        buffer.putLong(length).putInt(crcValue).put(END_MAGIC);
        buffer.flip();
        return buffer;
    }

    /**
     * A snapshot file's header, its raw bytes (the start of what the whole-file CRC32C covers), and
     * the CRC32C its trailer gives for everything before the trailer.
     */
    record Frame(SnapshotHeader header, ByteBuffer headerBytes, int crc) {}

    /** Checks header, trailer and the CRC32C of everything before the trailer; returns the header. */
    static SnapshotHeader check(Path file, CRC32C crc) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Frame frame = checkFrame(channel, file, crc);
            long length = HEADER_BYTES + frame.header().bodyBytes();
            if (crcOfRange(channel, length, crc) != frame.crc()) {
                throw crcMismatch(file, length);
            }
            return frame.header();
        }
    }

    static CorruptSnapshotException crcMismatch(Path file, long length) {
        return new CorruptSnapshotException(file, 0, "CRC32C mismatch over bytes 0.." + length);
    }

    /** Checks header and trailer (magic, header CRC, version, length), not the whole-file CRC. */
    static Frame checkFrame(FileChannel channel, Path file, CRC32C crc) throws IOException {
        long size = channel.size();
        if (size < HEADER_BYTES + TRAILER_BYTES) {
            throw new CorruptSnapshotException(file, size, "truncated: " + size + " bytes");
        }
        ByteBuffer header = readAt(channel, 0, HEADER_BYTES);
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(i) != MAGIC[i]) throw new CorruptSnapshotException(file, i, "bad magic");
        }
        if (header.getInt(HEADER_BYTES - 4) != LogFormat.crcOf(header, 0, HEADER_BYTES - 4, crc)) {
            throw new CorruptSnapshotException(file, 0, "header CRC mismatch");
        }
        if (header.getInt(8) != FORMAT_VERSION) {
            throw new CorruptSnapshotException(file, 8, "unknown format version " + header.getInt(8));
        }
        ByteBuffer trailer = readAt(channel, size - TRAILER_BYTES, TRAILER_BYTES);
        long length = trailer.getLong(0);
        for (int i = 0; i < END_MAGIC.length; i++) {
            if (trailer.get(12 + i) != END_MAGIC[i]) {
                throw new CorruptSnapshotException(file, size - TRAILER_BYTES, "bad trailer (truncated or torn)");
            }
        }
        if (length != size - TRAILER_BYTES) {
            throw new CorruptSnapshotException(file, size - TRAILER_BYTES, "trailer length " + length
                    + " does not match file size " + size);
        }
        return new Frame(new SnapshotHeader(header.getInt(12), header.getLong(16), header.getLong(24),
                length - HEADER_BYTES), header, trailer.getInt(8));
    }

    private static int crcOfRange(FileChannel channel, long length, CRC32C crc) throws IOException {
        crc.reset();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHECK_CHUNK_BYTES);
        long at = 0;
        while (at < length) {
            chunk.clear().limit((int) Math.min(CHECK_CHUNK_BYTES, length - at));
            int n = channel.read(chunk, at);
            if (n < 0) throw new IOException("unexpected end of file");
            chunk.flip();
            crc.update(chunk);
            at += n;
        }
        return (int) crc.getValue();
    }

    static ByteBuffer readAt(FileChannel channel, long position, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) break;
        }
        buffer.flip();
        return buffer;
    }
}
