package io.paddock.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fsync of a directory, so that a create, rename or delete inside it survives a crash. On Linux a
 * directory can be opened read-only and forced; this is what ZooKeeper and etcd do too.
 *
 * <p>Stateless; runs on whichever worker thread calls it (blocking).
 */
final class DirectorySync {
    private DirectorySync() {}

    static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
