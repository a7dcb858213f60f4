package io.paddock.session;

import io.paddock.model.WatchEvent;

/**
 * Receives the watch notifications that {@link WatchManager} decides to send, one call per
 * (watcher, event). The node turns each into a notification frame on the watcher's connection
 * (after its own ACL filtering). Implementations must not call back into the WatchManager
 * that is delivering: it is in the middle of updating its tables.
 */
@FunctionalInterface
public interface NotificationSink {
    void notify(long watcher, WatchEvent event);
}
