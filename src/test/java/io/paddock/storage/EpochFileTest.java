package io.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochFileTest {
    @TempDir
    Path dir;

    @Test
    void missingFileReadsAsEmpty() throws IOException {
        assertThat(EpochFile.current(dir).read()).isEmpty();
        assertThat(EpochFile.accepted(dir).readOr(-1)).isEqualTo(-1);
    }

    @Test
    void roundTripKeepsCurrentAndAcceptedApart() throws IOException {
        EpochFile current = EpochFile.current(dir);
        EpochFile accepted = EpochFile.accepted(dir);
        current.write(3);
        accepted.write(4);
        current.write(5);
        assertThat(current.readOr(0)).isEqualTo(5);
        assertThat(accepted.readOr(0)).isEqualTo(4);
        assertThat(new EpochFile(dir, EpochFile.CURRENT_EPOCH).read()).hasValue(5);
        assertThat(Files.readString(dir.resolve("currentEpoch"))).isEqualTo("5\n");
        assertThat(dir.resolve("currentEpoch.tmp")).doesNotExist();
        accepted.write(Long.MAX_VALUE);
        assertThat(accepted.readOr(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void malformedFileIsAnError() throws IOException {
        Files.writeString(dir.resolve("acceptedEpoch"), "seven");
        assertThatThrownBy(() -> EpochFile.accepted(dir).read()).isInstanceOf(IOException.class)
                .hasMessageContaining("acceptedEpoch");
    }

    @Test
    void leftoverTempFileFromACrashIsIgnoredAndReplaced() throws IOException {
        EpochFile current = EpochFile.current(dir);
        current.write(1);
        Files.writeString(dir.resolve("currentEpoch.tmp"), "99"); // crash before the rename
        assertThat(current.readOr(0)).isEqualTo(1);
        current.write(2);
        assertThat(current.readOr(0)).isEqualTo(2);
    }
}
