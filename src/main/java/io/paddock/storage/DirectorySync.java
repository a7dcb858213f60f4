package io.paddock.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fsync of a directory, so that a create, rename or delete inside it survives a crash. On Linux a
 * directory can be opened read-only and forced; this is what ZooKeeper and etcd do too. Also the
 * atomic replacement of a small file (the epoch and election files).
 *
 * <p>Stateless; runs on whichever worker thread calls it (blocking).
 */
final class DirectorySync {
    private DirectorySync() {}

    /**
     * Durably replaces {@code file} (in {@code dir}) with {@code text}: written to {@code temp},
     * fsync'd, renamed over the file, then the directory fsync'd. A crash leaves the old content
     * or the new, never a mix.
     */
    static void replaceAtomically(Path dir, Path file, Path temp, String text) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) channel.write(bytes);
            channel.force(true);
        }
        java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        fsync(dir);
    }

    static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
