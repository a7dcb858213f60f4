package io.paddock.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TxnCodecProperties {
    private static Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withChars('/', 'é').ofMaxLength(12),
                Arbitraries.just(null));
    }

    private static Arbitrary<byte[]> data() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20));
    }

    private static Arbitrary<List<Acl>> acls() {
        Arbitrary<Acl> acl = Combinators.combine(Arbitraries.integers(), paths(), paths())
                .as((p, s, i) -> new Acl(p, new Id(s, i)));
        return Arbitraries.oneOf(Arbitraries.just(null), acl.list().ofMaxSize(3));
    }

    private static Arbitrary<Txn> leaves() {
        return Arbitraries.oneOf(
                Combinators.combine(paths(), data(), acls(), Arbitraries.longs()).as(Txn.Create::new),
                paths().map(Txn.Delete::new),
                Combinators.combine(paths(), data(), Arbitraries.integers()).as(Txn.SetData::new),
                Combinators.combine(paths(), acls(), Arbitraries.integers()).as(Txn.SetAcl::new),
                paths().map(Txn.Check::new),
                Arbitraries.integers().map(Txn.Error::new),
                Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), data()).as(Txn.CreateSession::new),
                Arbitraries.longs().map(Txn.CloseSession::new));
    }

    @Provide Arbitrary<TxnEntry> entries() {
        Arbitrary<Txn> multi = leaves().list().ofMaxSize(4).map(Txn.Multi::new);
        Arbitrary<Txn> nested = Arbitraries.oneOf(leaves(), multi).list().ofMaxSize(3).map(Txn.Multi::new);
        Arbitrary<Txn> txn = Arbitraries.oneOf(leaves(), multi, nested);
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.longs(), txn)
                .as(TxnEntry::new);
    }

    @Property(tries = 2000)
    void everyTxnRoundTripsExactly(@ForAll("entries") TxnEntry entry) {
        byte[] bytes = TxnCodec.encode(entry);
        TxnEntry back = TxnCodec.decode(bytes);
        // Recursive comparison compares byte arrays by content and keeps null distinct from empty.
        assertThat(back).usingRecursiveComparison().isEqualTo(entry);
        assertThat(TxnCodec.encode(back)).isEqualTo(bytes);
    }

    @Property(tries = 1000)
    void damagedPayloadsFailWithIllegalArgumentOnly(@ForAll("entries") TxnEntry entry, @ForAll int position,
                                                    @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] bytes = TxnCodec.encode(entry);
        byte[] flipped = bytes.clone();
        flipped[Math.floorMod(position, bytes.length)] ^= (byte) (1 << bit);
        try {
            TxnCodec.decode(flipped);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("txn payload");
        }
        byte[] cut = Arrays.copyOf(bytes, Math.floorMod(position, bytes.length));
        assertThatThrownBy(() -> TxnCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 10)
    void versionIsCheckedAndPositionUntouched(@ForAll("entries") TxnEntry entry) {
        byte[] bytes = TxnCodec.encode(entry);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        TxnCodec.decode(buf);
        assertThat(buf.position()).isZero();
        bytes[0] = 2;
        assertThatThrownBy(() -> TxnCodec.decode(bytes)).hasMessageContaining("version 2");
    }
}
