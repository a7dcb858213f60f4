package io.paddock.model;

/** A change that may fire watches: an {@link EventType} on a full server path. */
public record WatchEvent(int type, String path) {
}
