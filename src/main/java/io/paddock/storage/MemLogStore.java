package io.paddock.storage;

import io.paddock.model.Check;
import io.paddock.model.TxnEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory twin of {@link DurableLog}: entries in a list, all of them durable once
 * {@link #appendAndSync} returns. Fault injection for tests: {@link #failNextAppend} makes the
 * next append throw (a {@link LogSpaceException} leaves the store usable, any other exception
 * fails it for good, as a real fsync failure would). Not thread-safe.
 */
public final class MemLogStore implements LogStore {
    private final List<TxnEntry> entries = new ArrayList<>();
    private IOException nextFailure;
    private IOException failure;

    public MemLogStore() {
    }

    public MemLogStore(List<TxnEntry> initial) {
        entries.addAll(initial);
    }

    @Override
    public long appendAndSync(List<TxnEntry> batch) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (nextFailure != null) {
            IOException e = nextFailure;
            nextFailure = null;
            if (!(e instanceof LogSpaceException)) {
                failure = e;
            }
            throw e;
        }
        for (TxnEntry entry : batch) {
            Check.that(entry.zxid() > lastZxid(), "append of 0x%x after 0x%x", entry.zxid(), lastZxid());
            entries.add(entry);
        }
        return lastZxid();
    }

    @Override
    public void truncateAfter(long zxid) throws IOException {
        if (failure != null) {
            throw failure;
        }
        entries.removeIf(entry -> entry.zxid() > zxid);
    }

    @Override
    public long lastZxid() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).zxid();
    }

    /** A copy of every entry, oldest first. */
    public List<TxnEntry> entries() {
        return List.copyOf(entries);
    }

    public void failNextAppend(IOException e) {
        nextFailure = e;
    }

    @Override
    public void close() {
    }
}
