package io.paddock.model;

import java.util.List;

/**
 * Every successful reply body. An error reply has no body (header only), except a failed
 * multi, whose {@link MultiResult} carries one error result per op, and HISTORY_GONE, which
 * only the WebSocket protocol answers ({@link HistoryGone}). Byte arrays are owned and never
 * mutated.
 */
public sealed interface Response {
    /** No body: delete, check, sync-less ops, setWatches, removeWatches, ping, closeSession. */
    record Empty() implements Response {
        public static final Empty INSTANCE = new Empty();
    }

    /** create(1) sends only the path; create2/createContainer/createTTL also the Stat. */
    record Created(String path, Stat stat) implements Response {}

    /** exists, setData, setACL. */
    record StatOnly(Stat stat) implements Response {}

    record Data(byte[] data, Stat stat) implements Response {}

    /** getChildren (stat null) and getChildren2. */
    record Children(List<String> children, Stat stat) implements Response {}

    record AclList(List<Acl> acl, Stat stat) implements Response {}

    record SyncPath(String path) implements Response {}

    /** addWatch's body: an ErrorResponse with err 0 (4 bytes), which the Java client reads. */
    record ErrorBody(int err) implements Response {}

    record Count(int count) implements Response {}

    record Paths(List<String> paths) implements Response {}

    record WhoAmI(List<ClientInfo> clients) implements Response {}

    record ClientInfo(String authScheme, String user) {}

    /** multi and multiRead results, in op order. */
    record MultiResult(List<OpResult> results) implements Response {}

    /**
     * One result of a multi: {@code type} is the result type on the wire (1 create, 15 create2,
     * 2 delete, 5 setData, 13 check, 4 getData, 8 getChildren, -1 error) and {@code err} the code;
     * {@code body} is null for error results and for delete/check.
     */
    record OpResult(int type, int err, Response body) {}

    /**
     * What comes with a {@link ErrorCode#HISTORY_GONE} error (the WebSocket protocol's only
     * error with details): the oldest {@code fromZxid} the node can still resume a watch from.
     */
    record HistoryGone(long oldestZxid) implements Response {}
}
