package io.paddock.wire.peer;

import io.paddock.consensus.PeerMessage;
import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random peer messages of every type, with nulls, empties and non-ASCII text where the records allow them. */
final class PeerGenerators {
    private PeerGenerators() {}

    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withChars('/', 'é', '\u4e2d').ofMaxLength(12),
                Arbitraries.just(null));
    }

    static Arbitrary<byte[]> data() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24));
    }

    static Arbitrary<List<Acl>> acls() {
        Arbitrary<Acl> acl = Combinators.combine(Arbitraries.integers(), strings(), strings())
                .as((perms, scheme, id) -> new Acl(perms, new Id(scheme, id)));
        return Arbitraries.oneOf(Arbitraries.just(null), acl.list().ofMaxSize(3));
    }

    static Arbitrary<TxnEntry> entries() {
        Arbitrary<Txn> leaf = Arbitraries.oneOf(
                Combinators.combine(strings(), data(), acls(), Arbitraries.longs()).as(Txn.Create::new),
                strings().map(Txn.Delete::new),
                Combinators.combine(strings(), data(), Arbitraries.integers()).as(Txn.SetData::new),
                Combinators.combine(strings(), acls(), Arbitraries.integers()).as(Txn.SetAcl::new),
                strings().map(Txn.Check::new),
                Arbitraries.integers().map(Txn.Error::new),
                Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), data()).as(Txn.CreateSession::new),
                Arbitraries.longs().map(Txn.CloseSession::new),
                Arbitraries.integers().map(Txn.NewEpoch::new));
        Arbitrary<Txn> txn = Arbitraries.oneOf(leaf, leaf.list().ofMaxSize(3).map(Txn.Multi::new));
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.longs(),
                txn).as(TxnEntry::new);
    }

    /** Every write request a follower forwards. */
    static Arbitrary<Request> writes() {
        Arbitrary<Integer> createOpcodes = Arbitraries.of(OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER,
                OpCode.CREATE_TTL);
        Arbitrary<Request> create = Combinators.combine(createOpcodes, strings(), data(), acls(), Arbitraries.integers(),
                Arbitraries.longs()).as(Request.Create::new);
        Arbitrary<Request> op = Arbitraries.oneOf(create,
                Combinators.combine(strings(), Arbitraries.integers()).as(Request.Delete::new),
                Combinators.combine(strings(), data(), Arbitraries.integers()).as(Request.SetData::new),
                Combinators.combine(strings(), Arbitraries.integers()).as(Request.Check::new));
        Arbitrary<Request> multi = Arbitraries.oneOf(op.list().ofMaxSize(4), Arbitraries.just((List<Request>) null))
                .map(Request.Multi::new);
        return Arbitraries.oneOf(op, multi,
                strings().map(Request.DeleteContainer::new),
                Combinators.combine(strings(), acls(), Arbitraries.integers()).as(Request.SetAcl::new),
                Combinators.combine(Arbitraries.integers(), data()).as(Request.CreateSession::new),
                Arbitraries.just(new Request.CloseSession()));
    }

    static Arbitrary<List<Id>> authIds() {
        Arbitrary<Id> id = Combinators.combine(strings(), strings()).as(Id::new);
        return Arbitraries.oneOf(Arbitraries.just(null), id.list().ofMaxSize(3));
    }

    static Arbitrary<long[]> sessionIds() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.longs().array(long[].class).ofMaxSize(6));
    }

    static Arbitrary<PeerMessage> messages() {
        Arbitrary<Integer> id = Arbitraries.integers();
        Arbitrary<Long> n = Arbitraries.longs();
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Combinators.combine(id, id, n, n, b).as(PeerMessage.VoteRequest::new),
                Combinators.combine(id, id, n, b, b).as(PeerMessage.VoteReply::new),
                Combinators.combine(id, id, n, n, Arbitraries.oneOf(entries().list().ofMaxSize(4),
                        Arbitraries.just((List<TxnEntry>) null)), n).as(PeerMessage.Append::new),
                Combinators.combine(id, id, n, b, n, n, n).as(PeerMessage.AppendReply::new),
                Combinators.combine(id, id, n, n, n).as(PeerMessage.Heartbeat::new),
                Combinators.combine(id, id, n, n).as(PeerMessage.HeartbeatReply::new),
                Combinators.combine(id, id, n, n, n).as(PeerMessage.Commit::new),
                Combinators.combine(id, id, n, n).as(PeerMessage.ReadIndexRequest::new),
                Combinators.combine(id, id, n, n, n).as(PeerMessage.ReadIndexReply::new),
                Combinators.combine(id, id, n, n, n, n, Arbitraries.integers(),
                        Arbitraries.oneOf(writes(), Arbitraries.just((Request) null)))
                        .flatAs((from, to, epoch, incarnation, seq, session, cxid, request) -> authIds().map(ids ->
                                new PeerMessage.ForwardWrite(from, to, epoch, incarnation, seq, session, cxid, request,
                                        ids))),
                Combinators.combine(id, id, n, n, n).as(PeerMessage.ForwardGap::new),
                Combinators.combine(id, id, n, n, Arbitraries.integers(), Arbitraries.integers())
                        .as(PeerMessage.ForwardRejected::new),
                Combinators.combine(id, id, n, sessionIds()).as(PeerMessage.SessionPing::new));
    }
}
