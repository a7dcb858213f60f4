package io.paddock.wire.jute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FourLetterWordsTest {
    private static final String[] WORDS = {"ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "srst", "envi",
        "wchs", "wchc", "wchp", "dump", "isro", "dirs", "gtmk", "stmk", "hash"};

    @Test
    void everyCommandIsRecognisedFromItsBytes() {
        for (String word : WORDS) {
            int first = ByteBuffer.wrap(word.getBytes(StandardCharsets.US_ASCII)).getInt();
            assertThat(FourLetterWords.commandOf(first)).isEqualTo(word);
            assertThat(first).isGreaterThan(0xfffff); // never a valid frame length
        }
        assertThat(FourLetterWords.RUOK).isEqualTo(0x72756f6b);
    }

    @Test
    void telnetCloseAndOrdinaryLengthsAndUnknownWords() {
        assertThat(FourLetterWords.commandOf(0xfff4fffd)).isEqualTo("telnet-close");
        assertThat(FourLetterWords.commandOf(45)).isNull();
        assertThat(FourLetterWords.commandOf(FourLetterWords.code("ruoj"))).isNull();
    }
}
