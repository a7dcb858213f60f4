package io.paddock.model;

import java.util.List;

/**
 * What applying one txn did: the reply for the session that asked ({@code err} and, when
 * {@code err == 0} or for a multi, {@code response}), and the watch events it triggers in
 * order. For a failed multi {@code err} is 0 and {@code response} holds the error results,
 * as on the wire.
 */
public record Applied(TxnEntry entry, int err, Response response, List<WatchEvent> events) {
}
