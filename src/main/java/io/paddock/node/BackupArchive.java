package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.storage.Backup;
import io.paddock.storage.DataLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The body of {@code GET /admin/backup}: a consistent online backup of this node's data
 * directory ({@link Backup#backup}: the newest valid snapshot, the log segments after it, the
 * epoch and election files) packed as one zip file. The zip's entries are the backup directory's
 * files by relative path ({@code snapshots/snapshot.<zxid>}, {@code log/log.<zxid>},
 * {@code currentEpoch}, ...), so unzipping it into an empty directory gives exactly what
 * {@code paddock backup --to DIR} writes, and {@code paddock restore --from DIR} takes it.
 *
 * <p>The copy and the zip are made in a fresh directory under {@code java.io.tmpdir} (the backup
 * then needs free space there of about twice its size for a moment); the copy is deleted once
 * zipped, and the caller deletes the zip with {@link #discard} once it is sent.
 *
 * <p>Blocking; runs on a worker thread only. Stateless apart from the files it creates.
 */
final class BackupArchive {
    /** The zip made, and what went into it. */
    record Archive(Path zip, Backup.Summary summary) {}

    private BackupArchive() {}

    /** Copies a consistent backup of {@code config}'s data directory and zips it. */
    static Archive create(NodeConfig config) throws IOException {
        Path work = Files.createTempDirectory("paddock-backup-");
        try {
            Path copy = work.resolve("backup");
            Backup.Summary summary = Backup.backup(config.dataDir(), DataLayout.snapshotDir(config.dataDir()),
                    DataLayout.logDir(config.dataDir(), config.dataLogDir()), copy);
            Path zip = work.resolve("backup.zip");
            zip(copy, zip);
            deleteTree(copy);
            return new Archive(zip, summary);
        } catch (IOException | RuntimeException e) {
            deleteTree(work);
            throw e;
        }
    }

    /** Deletes the archive and the directory made for it. */
    static void discard(Archive archive) throws IOException {
        deleteTree(archive.zip().getParent());
    }

    /** Writes every regular file under {@code dir} into {@code zip}, with '/'-separated relative names, sorted. */
    static void zip(Path dir, Path zip) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            // Snapshots and log records are dense already; the fastest level still removes the slack.
            out.setLevel(Deflater.BEST_SPEED);
            for (Path path : files) {
                String name = dir.relativize(path).toString().replace('\\', '/');
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(Files.getLastModifiedTime(path).toMillis());
                out.putNextEntry(entry);
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
