package io.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the benchmark runnable: a small run writes and reloads a snapshot with the same digest. */
class SnapshotStallBenchTest {
    @TempDir
    Path dir;

    @Test
    void smallRunRoundTrips() throws Exception {
        SnapshotStallBench.Result result = SnapshotStallBench.run(20_000, dir);
        assertThat(result.digestMatches()).isTrue();
        assertThat(result.snapshotBytes()).isGreaterThan(20_000L * 100);
    }
}
