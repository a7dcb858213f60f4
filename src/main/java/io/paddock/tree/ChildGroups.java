package io.paddock.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child names of each parent while a snapshot loads, for znodes arriving in any order: an
 * open-addressing table of parent paths, looked up by the parent part of a child's path (its
 * {@code String.hashCode} computed over that prefix and compared in place), so that a million
 * znodes need no parent substring each; only a parent's first child makes its path string.
 *
 * <p>Mutable, confined to the loading thread.
 */
final class ChildGroups {
    /** One parent and its children's names so far. */
    static final class Group {
        final String parent;
        final int hash;
        String[] names = new String[4];
        int size;

        Group(String parent, int hash) {
            this.parent = parent;
            this.hash = hash;
        }

        void add(String name) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
            }
            names[size++] = name;
        }
    }

    private Group[] table = new Group[1024];
    private final List<Group> groups = new ArrayList<>();

    /** Records {@code path} (not /) as a child of its parent; {@code slash} is its last '/'. */
    void add(String path, int slash) {
        group(path, slash).add(path.substring(slash + 1));
    }

    /** Every parent with its children, in the order parents first appeared. */
    List<Group> groups() {
        return groups;
    }

    private Group group(String path, int slash) {
        int parentLength = slash == 0 ? 1 : slash; // the parent of "/a" is "/"
        int hash = 0;
        for (int i = 0; i < parentLength; i++) {
            hash = 31 * hash + path.charAt(i);
        }
        int mask = table.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            Group g = table[i];
            if (g == null) {
                Group created = new Group(path.substring(0, parentLength), hash);
                table[i] = created;
                groups.add(created);
                if (groups.size() * 2 > table.length) {
                    grow();
                }
                return created;
            }
            if (g.hash == hash && g.parent.length() == parentLength && path.startsWith(g.parent)) {
                return g;
            }
        }
    }

    private void grow() {
        Group[] bigger = new Group[table.length * 2];
        int mask = bigger.length - 1;
        for (Group g : groups) {
            int i = spread(g.hash) & mask;
            while (bigger[i] != null) {
                i = (i + 1) & mask;
            }
            bigger[i] = g;
        }
        table = bigger;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
