package io.paddock.wire.jute;

import io.paddock.model.Acl;
import io.paddock.model.ConnectRequest;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for request records, shared by the codec properties. */
final class Generators {
    private Generators() {}

    /**
     * Paths and names with ASCII, multi-byte and astral characters; only well-formed UTF-16,
     * since a lone surrogate cannot survive UTF-8 (JuteWriterProperties covers that case).
     */
    static Arbitrary<String> strings() {
        return anyStrings().filter(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s));
    }

    static Arbitrary<String> anyStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('/', '-', '_', '.').ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(8),
                Arbitraries.of("/", "", "/zookeeper/config", "/é/ü", "/\uD83D\uDE00", "/a\u0000b"));
    }

    static Arbitrary<byte[]> data() {
        return Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
    }

    static Arbitrary<List<Acl>> acls() {
        Arbitrary<Acl> acl = Combinators.combine(Arbitraries.integers(), strings(), strings())
                .as((p, s, i) -> new Acl(p, new Id(s, i)));
        return acl.list().ofMaxSize(3);
    }

    static Arbitrary<List<String>> stringLists() {
        return strings().list().ofMaxSize(4);
    }

    static Arbitrary<Request> creates() {
        return Combinators.combine(Arbitraries.of(OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL),
                strings(), data(), acls(), Arbitraries.integers(), Arbitraries.longs())
                .as((op, p, d, a, f, ttl) -> new Request.Create(op, p, d, a, f, op == OpCode.CREATE_TTL ? ttl : -1L));
    }

    static Arbitrary<Request> multiWriteOps() {
        return Arbitraries.oneOf(creates(),
                Combinators.combine(strings(), Arbitraries.integers()).as(Request.Delete::new),
                Combinators.combine(strings(), data(), Arbitraries.integers()).as(Request.SetData::new),
                Combinators.combine(strings(), Arbitraries.integers()).as(Request.Check::new));
    }

    static Arbitrary<Request> multiReadOps() {
        return Arbitraries.oneOf(
                Combinators.combine(strings(), Arbitraries.of(true, false)).as(Request.GetData::new),
                Combinators.combine(strings(), Arbitraries.of(true, false))
                        .as((p, w) -> new Request.GetChildren(OpCode.GET_CHILDREN, p, w)));
    }

    /** Every request a client can send, in the form decodeRequest produces it. */
    static Arbitrary<Request> requests() {
        // A top-level check(13) decodes as Unknown(13), which the housekeeping generator covers.
        return Arbitraries.oneOf(creates(), multiWriteOps().filter(r -> !(r instanceof Request.Check)),
                multiReadOps(), reads(), housekeeping(),
                multiWriteOps().list().ofMaxSize(4).map(Request.Multi::new),
                multiReadOps().list().ofMaxSize(4).map(Request.MultiRead::new));
    }

    private static Arbitrary<Request> reads() {
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Combinators.combine(strings(), bool).as(Request.Exists::new),
                Combinators.combine(Arbitraries.of(OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2), strings(), bool)
                        .as(Request.GetChildren::new),
                strings().map(Request.GetAcl::new),
                Combinators.combine(strings(), acls(), Arbitraries.integers()).as(Request.SetAcl::new),
                strings().map(Request.GetAllChildrenNumber::new),
                strings().map(Request.GetEphemerals::new),
                strings().map(Request.Sync::new));
    }

    private static Arbitrary<Request> housekeeping() {
        Arbitrary<Request> setWatches = Combinators.combine(Arbitraries.longs(), stringLists(), stringLists(),
                stringLists(), stringLists(), stringLists()).as((z, d, e, c, p, r) -> new Request.SetWatches(
                        OpCode.SET_WATCHES2, z, d, e, c, p, r));
        Arbitrary<Request> setWatches1 = Combinators.combine(Arbitraries.longs(), stringLists(), stringLists(),
                stringLists()).as((z, d, e, c) -> new Request.SetWatches(OpCode.SET_WATCHES, z, d, e, c, List.of(), List.of()));
        Arbitrary<String> nullable = Arbitraries.oneOf(strings(), Arbitraries.just(null));
        return Arbitraries.oneOf(
                Arbitraries.of(new Request.Ping(), new Request.WhoAmI(), new Request.CloseSession(),
                        new Request.Unknown(0), new Request.Unknown(10), new Request.Unknown(13),
                        new Request.Unknown(20), new Request.Unknown(50), new Request.Unknown(-10)),
                Combinators.combine(Arbitraries.integers(), strings(), data()).as(Request.Auth::new),
                setWatches, setWatches1,
                Combinators.combine(strings(), Arbitraries.of(0, 1)).as(Request.AddWatch::new),
                Combinators.combine(Arbitraries.of(OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES), strings(),
                        Arbitraries.integers().between(1, 5)).as(Request.RemoveWatches::new),
                Combinators.combine(nullable, nullable, nullable, Arbitraries.longs()).as(Request.Reconfig::new),
                data().map(Request.Sasl::new));
    }

    static Arbitrary<ConnectRequest> connects() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.longs(), Arbitraries.bytes().array(byte[].class).ofMaxSize(20), Arbitraries.of(true, false),
                Arbitraries.of(true, false))
                .as((v, z, t, s, p, ro, present) -> new ConnectRequest(v, z, t, s, p, present && ro, present));
    }
}
