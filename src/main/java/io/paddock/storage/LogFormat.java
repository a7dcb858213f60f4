package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The byte layout of a txn log segment (grammar in {@link TxnLog}): header and record encoding,
 * CRC32C, segment file names, and the forward scan that tells a torn tail from corruption.
 *
 * <p>Stateless; the caller passes its own {@link CRC32C}, so that nothing here is shared between
 * threads. All integers are big-endian. Buffers read from disk are heap buffers.
 */
final class LogFormat {
    /** "PDKLOG", then 0 and 1: a NUL stops text tools, and the last byte is the magic's version. */
    static final byte[] MAGIC = {'P', 'D', 'K', 'L', 'O', 'G', 0, 1};
    static final int FORMAT_VERSION = 1;
    /** magic(8) + version(4) + serverId(4) + epoch(8) + crc32c(4). */
    static final int HEADER_BYTES = 28;
    /** length(4) + crc32c(4): the part of a record that is not covered by the CRC. */
    static final int RECORD_PREFIX_BYTES = 8;
    /** zxid(8) + type(1): the smallest value of a record's length field. */
    static final int RECORD_BODY_BYTES_MIN = 9;
    static final int RECORD_BODY_BYTES_MAX = RECORD_BODY_BYTES_MIN + LogRecord.PAYLOAD_BYTES_MAX;

    private static final String FILE_PREFIX = "log.";

    private LogFormat() {}

    /** Header fields read back from a segment. */
    record Header(int serverId, long epoch) {}

    static String fileName(long firstZxid) {
        Check.that(firstZxid > 0, "first zxid must be positive: %d", firstZxid);
        return FILE_PREFIX + String.format("%016x", firstZxid);
    }

    /** The first zxid encoded in a segment file name, or -1 if the name is not a segment name. */
    static long firstZxidOf(String fileName) {
        if (!fileName.startsWith(FILE_PREFIX) || fileName.length() != FILE_PREFIX.length() + 16) {
            return -1;
        }
        String hex = fileName.substring(FILE_PREFIX.length());
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || Character.isUpperCase(hex.charAt(i))) return -1;
        }
        long zxid = Long.parseUnsignedLong(hex, 16);
        return zxid > 0 ? zxid : -1;
    }

    static void putHeader(ByteBuffer buffer, int serverId, long epoch, CRC32C crc) {
        int start = buffer.position();
        buffer.put(MAGIC).putInt(FORMAT_VERSION).putInt(serverId).putLong(epoch);
        buffer.putInt(crcOf(buffer, start, HEADER_BYTES - 4, crc));
    }

    /** The header at offset 0, or null if the file is too short or the header is damaged. */
    static Header readHeader(ByteBuffer buffer, CRC32C crc) {
        if (buffer.limit() < HEADER_BYTES) return null;
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(i) != MAGIC[i]) return null;
        }
        if (buffer.getInt(HEADER_BYTES - 4) != crcOf(buffer, 0, HEADER_BYTES - 4, crc)) return null;
        if (buffer.getInt(8) != FORMAT_VERSION) return null;
        return new Header(buffer.getInt(12), buffer.getLong(16));
    }

    static int encodedBytes(LogRecord record) {
        return encodedBytes(record.payload().length);
    }

    /** The bytes a record with a payload of {@code payloadBytes} takes in a segment. */
    static int encodedBytes(int payloadBytes) {
        return RECORD_PREFIX_BYTES + RECORD_BODY_BYTES_MIN + payloadBytes;
    }

    /**
     * The record whose prefix starts at {@code offset} (absolute, the buffer's position untouched),
     * which the caller has already checked ({@link #isValidRecordAt}); the inverse of {@link #putRecord}.
     */
    static LogRecord recordAt(ByteBuffer buffer, int offset) {
        int bodyBytes = buffer.getInt(offset);
        byte[] payload = new byte[bodyBytes - RECORD_BODY_BYTES_MIN];
        buffer.get(offset + RECORD_PREFIX_BYTES + RECORD_BODY_BYTES_MIN, payload);
        return new LogRecord(buffer.getLong(offset + RECORD_PREFIX_BYTES), buffer.get(offset + RECORD_PREFIX_BYTES + 8),
                payload);
    }

    /** Encodes one record at the buffer's position; the buffer must have room for it. */
    static void putRecord(ByteBuffer buffer, LogRecord record, CRC32C crc) {
        putRecord(buffer, record.zxid(), record.type(), record.payload(), 0, record.payload().length, crc);
    }

    /** {@link #putRecord(ByteBuffer, LogRecord, CRC32C)} with the payload {@code payload[offset, offset + length)}. */
    static void putRecord(ByteBuffer buffer, long zxid, byte type, byte[] payload, int offset, int length, CRC32C crc) {
        int start = buffer.position();
        int bodyBytes = RECORD_BODY_BYTES_MIN + length;
        buffer.putLong(start + RECORD_PREFIX_BYTES, zxid);
        buffer.put(start + RECORD_PREFIX_BYTES + 8, type);
        buffer.position(start + RECORD_PREFIX_BYTES + RECORD_BODY_BYTES_MIN);
        buffer.put(payload, offset, length);
        int end = buffer.position();
        buffer.putInt(start, bodyBytes);
        buffer.putInt(start + 4, crcOf(buffer, start + RECORD_PREFIX_BYTES, bodyBytes, crc));
        Check.that(buffer.position() == end, "crc changed buffer position");
        Check.that(end - start == RECORD_PREFIX_BYTES + bodyBytes, "record size mismatch");
    }

    /** CRC32C of {@code bytes} bytes at absolute offset {@code from}; the position is unchanged. */
    static int crcOf(ByteBuffer buffer, int from, int bytes, CRC32C crc) {
        crc.reset();
        if (buffer.hasArray()) {
            crc.update(buffer.array(), buffer.arrayOffset() + from, bytes);
        } else {
            int position = buffer.position();
            int limit = buffer.limit();
            buffer.limit(from + bytes).position(from);
            crc.update(buffer);
            buffer.limit(limit).position(position);
        }
        return (int) crc.getValue();
    }

    /**
     * True if a whole record starts at {@code offset}: a possible length that fits before
     * {@code limit}, a zxid greater than {@code afterZxid}, and a matching CRC.
     */
    static boolean isValidRecordAt(ByteBuffer buffer, int offset, int limit, long afterZxid, CRC32C crc) {
        if (limit - offset < RECORD_PREFIX_BYTES + RECORD_BODY_BYTES_MIN) return false;
        int bodyBytes = buffer.getInt(offset);
        if (bodyBytes < RECORD_BODY_BYTES_MIN || bodyBytes > RECORD_BODY_BYTES_MAX) return false;
        if (bodyBytes > limit - offset - RECORD_PREFIX_BYTES) return false;
        if (buffer.getLong(offset + RECORD_PREFIX_BYTES) <= afterZxid) return false;
        return buffer.getInt(offset + 4) == crcOf(buffer, offset + RECORD_PREFIX_BYTES, bodyBytes, crc);
    }

    /**
     * The offset of the first valid record (see {@link #isValidRecordAt}) at or after {@code from},
     * trying every byte offset, or -1. Runs of eight zero bytes are skipped quickly, since no
     * record can start where its length field would be zero.
     */
    static int findValidRecord(ByteBuffer buffer, int from, int limit, long afterZxid, CRC32C crc) {
        int last = limit - RECORD_PREFIX_BYTES - RECORD_BODY_BYTES_MIN;
        for (int offset = from; offset <= last; offset++) {
            if (buffer.getLong(offset) == 0) {
                offset += 4; // starts offset..offset+4 all read a zero length
                continue;
            }
            if (isValidRecordAt(buffer, offset, limit, afterZxid, crc)) return offset;
        }
        return -1;
    }

    static boolean allZero(ByteBuffer buffer, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (buffer.get(i) != 0) return false;
        }
        return true;
    }

    /** Reads the first {@code bytes} bytes of a file (all of it if shorter) into a heap buffer. */
    static ByteBuffer read(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = Math.min(bytes, channel.size());
            if (size > Integer.MAX_VALUE - 16) throw new IOException("segment too large to read: " + file);
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) break;
            }
            buffer.flip();
            return buffer;
        }
    }
}
