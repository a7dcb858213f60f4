package io.paddock.model;

/** Watch event types ({@code Watcher.Event.EventType}); the server sends only 1..4. */
public final class EventType {
    private EventType() {}

    public static final int NONE = -1;
    public static final int NODE_CREATED = 1;
    public static final int NODE_DELETED = 2;
    public static final int NODE_DATA_CHANGED = 3;
    public static final int NODE_CHILDREN_CHANGED = 4;

    /** The only keeper state the server puts in a notification. */
    public static final int STATE_SYNC_CONNECTED = 3;
}
