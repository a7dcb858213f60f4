package io.paddock.tree;

import io.paddock.model.Id;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identities of one client connection ({@code ServerCnxn.authInfo}): the {@code ip} id it
 * starts with and every id an {@code addAuth} added, each once, in the order ZooKeeper 3.9.5
 * hands them out.
 *
 * <p>That order is visible to clients: {@code fixupACL} expands an {@code auth} ACL entry (e.g.
 * {@code CREATOR_ALL_ACL}) into one entry per authenticated id in this order, so it is the
 * order {@code getACL} returns, and {@code whoAmI} lists the ids in it. ZooKeeper keeps the ids
 * in {@code Collections.newSetFromMap(new ConcurrentHashMap<>())} and copies the set into a
 * list for every request, so the order is {@code ConcurrentHashMap}'s iteration order, not the
 * order of the {@code addAuth} calls. This class reproduces that order deterministically by
 * replaying the same steps on the same hash: jute's {@code Id.hashCode()} ({@code 37 * (37 * 17
 * + scheme.hashCode()) + id.hashCode()}), spread as {@code (h ^ h >>> 16) & 0x7fffffff}, a
 * table of 16 bins created on the first add, bins visited by index. Inside a bin a new id is
 * appended, except in a tree bin, where it is prepended (the tree's {@code first} list). The
 * table doubles when the count reaches three quarters of it. An add that counts 8 ids in a bin
 * (a ninth id appended, or a repeat found eighth or later) turns that bin into a tree bin when the
 * table has 64 bins or more, and otherwise grows the table instead, doubling until three
 * quarters of it reach the power of two above 1.5 times twice its size (so 16 bins go straight
 * to 128). A resize splits each list bin by the new hash bit: the longest tail whose ids share
 * that bit moves as it is, the ids before it are pushed onto the front of their half one by one
 * (so they come out reversed); a tree bin's halves keep their order and become plain lists
 * again at 6 ids or fewer. ZooKeeper adds a connection's ids from one thread at a time, so the
 * single-threaded path of {@code ConcurrentHashMap} is the whole story. These steps read the
 * same in the Java 17 and Java 25 sources; {@code AuthInfoTest} checks this class against the
 * running JDK's map holding ZooKeeper's own {@code Id} class.
 *
 * <p>Immutable: {@link #with} returns a new value (or this one when nothing changed), so a
 * connection can hand {@link #ids()} to a write message and keep adding ids. Safe from any
 * thread. Invariant: every id is in the bin its hash selects, and {@link #ids()} lists the
 * bins in index order.
 */
public final class AuthInfo {
    private static final int INITIAL_CAPACITY = 16;
    private static final int TREEIFY_THRESHOLD = 8;
    private static final int UNTREEIFY_THRESHOLD = 6;
    private static final int MIN_TREEIFY_CAPACITY = 64;
    private static final int MAXIMUM_CAPACITY = 1 << 30;
    private static final int HASH_BITS = 0x7fffffff;

    /** No ids and no table yet ({@code ConcurrentHashMap} allocates its table on the first put). */
    public static final AuthInfo EMPTY = new AuthInfo(null, 0, 0);

    /** Bins by index; a null bin is empty. Null until the first id. Never mutated once published. */
    private final Bin[] table;
    /** The count at which the table doubles ({@code sizeCtl}): three quarters of its length. */
    private final int resizeAt;
    private final int count;
    private final List<Id> ids;

    private AuthInfo(Bin[] table, int resizeAt, int count) {
        this.table = table;
        this.resizeAt = resizeAt;
        this.count = count;
        this.ids = table == null ? List.of() : flatten(table, count);
    }

    /** A new connection's identities: only the address id it connects from. */
    public static AuthInfo of(Id address) {
        return EMPTY.with(address);
    }

    /** The ids in ZooKeeper's order; immutable. */
    /** This set with every id of {@code added}; an id already held is kept once, as in ZooKeeper's set. */
    public AuthInfo withAll(List<Id> added) {
        AuthInfo ids = this;
        for (Id id : added) {
            ids = ids.with(id);
        }
        return ids;
    }

    public List<Id> ids() {
        return ids;
    }

    public int size() {
        return count;
    }

    /** The table's length (0 before the first id); for tests of the growth rule. */
    int capacity() {
        return table == null ? 0 : table.length;
    }

    /** How many bins are tree bins; for tests of the collision rule. */
    int treeBins() {
        int trees = 0;
        for (Bin bin : table == null ? new Bin[0] : table) {
            trees += bin != null && bin.tree ? 1 : 0;
        }
        return trees;
    }

    /**
     * The identities after adding {@code id} ({@code ServerCnxn.addAuthInfo}). Adding an id
     * already present adds nothing, but it can still reshape the table (ZooKeeper counts the
     * ids it walks past even when it finds the one it adds), which later orders depend on.
     */
    public AuthInfo with(Id id) {
        Objects.requireNonNull(id, "id");
        if (id.scheme() == null || id.id() == null) {
            throw new IllegalArgumentException("an identity needs a scheme and an id: " + id);
        }
        Table working = new Table(table, resizeAt, count);
        if (!working.put(id)) {
            return this;
        }
        return new AuthInfo(working.bins, working.resizeAt, working.count);
    }

    /** jute's generated {@code Id.hashCode()}, then {@code ConcurrentHashMap.spread}. */
    static int hash(Id id) {
        int result = 17;
        result = 37 * result + id.scheme().hashCode();
        result = 37 * result + id.id().hashCode();
        return (result ^ (result >>> 16)) & HASH_BITS;
    }

    /** {@code ConcurrentHashMap.tableSizeFor}: the smallest power of two at least {@code c}. */
    static int tableSizeFor(int c) {
        int n = -1 >>> Integer.numberOfLeadingZeros(c - 1);
        return n < 0 ? 1 : n >= MAXIMUM_CAPACITY ? MAXIMUM_CAPACITY : n + 1;
    }

    private static List<Id> flatten(Bin[] table, int count) {
        List<Id> out = new ArrayList<>(count);
        for (Bin bin : table) {
            if (bin != null) {
                out.addAll(bin.ids);
            }
        }
        if (out.size() != count) {
            throw new IllegalStateException("auth id table holds " + out.size() + " ids, counted " + count);
        }
        return List.copyOf(out);
    }

    /** One bin: its ids in iteration order, and whether it is a tree bin (new ids go first). */
    private record Bin(List<Id> ids, boolean tree) {
        static Bin of(List<Id> ids, boolean tree) {
            return ids.isEmpty() ? null : new Bin(List.copyOf(ids), tree);
        }

        Bin adding(Id id) {
            List<Id> grown = new ArrayList<>(ids.size() + 1);
            if (tree) {
                grown.add(id);
            }
            grown.addAll(ids);
            if (!tree) {
                grown.add(id);
            }
            return new Bin(List.copyOf(grown), tree);
        }
    }

    /**
     * The working copy that one {@link #with} edits: {@code ConcurrentHashMap.putVal} and what
     * it calls ({@code addCount}, {@code treeifyBin}, {@code tryPresize}, {@code transfer}) on
     * one thread. The bins array is copied before the first edit, so the published table is
     * never touched.
     */
    private static final class Table {
        Bin[] bins;
        int resizeAt;
        int count;
        boolean copied;

        Table(Bin[] bins, int resizeAt, int count) {
            this.bins = bins;
            this.resizeAt = resizeAt;
            this.count = count;
        }

        /** Adds {@code id}; true when anything changed (a new id, or a reshaped table). */
        boolean put(Id id) {
            if (bins == null) {
                int n = resizeAt > 0 ? resizeAt : INITIAL_CAPACITY; // initTable
                replaceTable(new Bin[n]);
                resizeAt = n - (n >>> 2);
            }
            int hash = hash(id);
            int i = (bins.length - 1) & hash;
            Bin bin = bins[i];
            int walked;
            if (bin == null) {
                set(i, Bin.of(List.of(id), false));
                walked = 0;
            } else if (bin.tree) {
                if (bin.ids.contains(id)) {
                    return false;
                }
                set(i, bin.adding(id));
                walked = 2; // putVal's binCount for a tree bin: never enough to treeify
            } else {
                int at = bin.ids.indexOf(id);
                // binCount: the ids walked, counting the match itself, or all of them before an append.
                walked = at >= 0 ? at + 1 : bin.ids.size();
                if (at < 0) {
                    set(i, bin.adding(id));
                }
                boolean reshaped = walked >= TREEIFY_THRESHOLD && treeifyBin(i);
                if (at >= 0) {
                    return reshaped;
                }
            }
            addCount();
            return true;
        }

        /** {@code treeifyBin}: a small table grows instead; true when the table changed. */
        private boolean treeifyBin(int index) {
            int n = bins.length;
            if (n < MIN_TREEIFY_CAPACITY) {
                return tryPresize(n << 1);
            }
            Bin bin = bins[index];
            if (bin == null || bin.tree) {
                return false;
            }
            set(index, new Bin(bin.ids, true));
            return true;
        }

        /** {@code tryPresize}: doubles until three quarters of the table reach the target. */
        private boolean tryPresize(int size) {
            int target = size >= (MAXIMUM_CAPACITY >>> 1) ? MAXIMUM_CAPACITY : tableSizeFor(size + (size >>> 1) + 1);
            boolean grew = false;
            while (target > resizeAt && bins.length < MAXIMUM_CAPACITY) {
                transfer();
                grew = true;
            }
            return grew;
        }

        /** {@code addCount} after a new id: doubles while the count has reached the threshold. */
        private void addCount() {
            count++;
            while (count >= resizeAt && bins.length < MAXIMUM_CAPACITY) {
                transfer();
            }
        }

        /** {@code transfer}: one doubling; bin i splits into bins i and i + n by hash bit n. */
        private void transfer() {
            int n = bins.length;
            Bin[] next = new Bin[n << 1];
            for (int i = 0; i < n; i++) {
                Bin bin = bins[i];
                if (bin == null) {
                    continue;
                }
                if (bin.tree) {
                    splitTree(bin, n, next, i);
                } else {
                    splitList(bin, n, next, i);
                }
            }
            replaceTable(next);
            resizeAt = (n << 1) - (n >>> 1);
        }

        /**
         * A list bin's split: the tail run sharing one value of bit {@code n} is reused as it
         * is; every id before it is pushed onto the front of its half, so those come out in
         * reverse.
         */
        private static void splitList(Bin bin, int n, Bin[] next, int i) {
            List<Id> ids = bin.ids;
            int last = ids.size() - 1;
            int runBit = hash(ids.get(last)) & n;
            int runStart = last;
            while (runStart > 0 && (hash(ids.get(runStart - 1)) & n) == runBit) {
                runStart--;
            }
            List<Id> low = new ArrayList<>();
            List<Id> high = new ArrayList<>();
            for (int k = runStart - 1; k >= 0; k--) {
                Id id = ids.get(k);
                ((hash(id) & n) == 0 ? low : high).add(id);
            }
            (runBit == 0 ? low : high).addAll(ids.subList(runStart, ids.size()));
            next[i] = Bin.of(low, false);
            next[i + n] = Bin.of(high, false);
        }

        /** A tree bin's split: both halves keep their order; a small half is a list again. */
        private static void splitTree(Bin bin, int n, Bin[] next, int i) {
            List<Id> low = new ArrayList<>();
            List<Id> high = new ArrayList<>();
            for (Id id : bin.ids) {
                ((hash(id) & n) == 0 ? low : high).add(id);
            }
            next[i] = Bin.of(low, low.size() > UNTREEIFY_THRESHOLD);
            next[i + n] = Bin.of(high, high.size() > UNTREEIFY_THRESHOLD);
        }

        private void set(int index, Bin bin) {
            if (!copied) {
                replaceTable(Arrays.copyOf(bins, bins.length));
            }
            bins[index] = bin;
        }

        private void replaceTable(Bin[] fresh) {
            bins = fresh;
            copied = true;
        }
    }
}
