package io.paddock.session;

import io.paddock.model.WatchEvent;

/** One notification to send: {@code event} for the connection of {@code watcher}. */
public record Notification(long watcher, WatchEvent event) {
}
