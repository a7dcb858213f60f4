package io.paddock.wire.jute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JuteWriterProperties {
    @Provide Arbitrary<String> anyStrings() {
        return Generators.anyStrings();
    }

    @Property(tries = 2000)
    void stringBytesEqualTheJdkEncoding(@ForAll("anyStrings") String s, @ForAll byte prefix) {
        JuteWriter w = new JuteWriter(1); // tiny start: every string forces growth paths
        w.writeByte(prefix);
        w.writeString(s);
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = w.asByteBuffer();
        assertThat(out.get()).isEqualTo(prefix);
        assertThat(out.getInt()).isEqualTo(expected.length);
        assertThat(Arrays.copyOfRange(w.array(), 5, w.size())).isEqualTo(expected);
    }

    @Property(tries = 500)
    void readerReadsWhatWriterWrote(@ForAll int i, @ForAll long l, @ForAll boolean b, @ForAll byte[] data,
                                    @ForAll("anyStrings") String s) throws Exception {
        JuteWriter w = new JuteWriter();
        w.writeInt(i);
        w.writeLong(l);
        w.writeBool(b);
        w.writeBuffer(data);
        w.writeBuffer(null);
        w.writeString(s);
        w.writeString(null);
        JuteReader r = new JuteReader(w.asByteBuffer(), Integer.MAX_VALUE);
        assertThat(r.readInt()).isEqualTo(i);
        assertThat(r.readLong()).isEqualTo(l);
        assertThat(r.readBool()).isEqualTo(b);
        assertThat(r.readBuffer()).isEqualTo(data);
        assertThat(r.readBuffer()).isNull();
        assertThat(r.readString()).isEqualTo(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(r.readString()).isNull();
        assertThat(r.remaining()).isZero();
    }
}
