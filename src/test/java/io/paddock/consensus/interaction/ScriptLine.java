package io.paddock.consensus.interaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One command of an interaction script, parsed the way cockroachdb/datadriven parses it: a verb,
 * then arguments that are a bare word ({@code 3}, {@code drop}), {@code key=value} or
 * {@code key=(a,b,c)}. Bare numbers are node ids. Lookups that fail throw a
 * {@link ScriptException} naming the file and line.
 *
 * <p>Immutable; used on the test's thread. Invariant: {@code verb} is non-empty and
 * {@code args} keeps the order of the line.
 *
 * @param where "file:line" of the command, for messages
 * @param text the command as written
 * @param verb the first word
 * @param args the rest, in order
 */
record ScriptLine(String where, String text, String verb, List<Arg> args) {

    /** One argument: {@code key} alone (values empty), or with one or more values. */
    record Arg(String key, List<String> values) {}

    static ScriptLine parse(String where, String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new ScriptException(where + ": empty command");
        }
        List<Arg> args = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            args.add(parseArg(where, text, words[i]));
        }
        return new ScriptLine(where, text, words[0], List.copyOf(args));
    }

    private static Arg parseArg(String where, String text, String word) {
        int eq = word.indexOf('=');
        if (eq < 0) {
            return new Arg(word, List.of());
        }
        String key = word.substring(0, eq);
        String value = word.substring(eq + 1);
        if (key.isEmpty() || value.isEmpty()) {
            throw new ScriptException(where + ": " + text + ": malformed argument '" + word + "'");
        }
        if (value.startsWith("(")) {
            if (!value.endsWith(")")) {
                throw new ScriptException(where + ": " + text + ": unclosed list in '" + word + "'");
            }
            String inner = value.substring(1, value.length() - 1);
            return new Arg(key, inner.isEmpty() ? List.of() : List.of(inner.split(",")));
        }
        return new Arg(key, List.of(value));
    }

    /** A ScriptException about this command. */
    ScriptException error(String format, Object... values) {
        return new ScriptException(where + ": " + text + ": " + String.format(format, values));
    }

    /** Fails unless every argument is a node id or one of {@code allowed}. */
    void allow(String... allowed) {
        Set<String> known = new TreeSet<>(List.of(allowed));
        for (Arg arg : args) {
            if (!isNumber(arg.key()) && !known.contains(arg.key())) {
                throw error("unknown argument '%s' (this command takes node ids%s)", arg.key(),
                        known.isEmpty() ? "" : " and " + known);
            }
        }
    }

    /** The bare numbers, in order (node ids, or the node count of add-nodes). */
    List<Integer> numbers() {
        List<Integer> ids = new ArrayList<>();
        for (Arg arg : args) {
            if (isNumber(arg.key())) {
                if (!arg.values().isEmpty()) {
                    throw error("'%s' is a number and takes no value", arg.key());
                }
                ids.add(Integer.parseInt(arg.key()));
            }
        }
        return ids;
    }

    /** Exactly one bare number. */
    int onlyNumber() {
        List<Integer> ids = numbers();
        if (ids.size() != 1) {
            throw error("expected exactly one node id, got %s", ids);
        }
        return ids.get(0);
    }

    boolean flag(String key) {
        for (Arg arg : args) {
            if (arg.key().equals(key)) {
                if (!arg.values().isEmpty()) {
                    throw error("'%s' is a flag and takes no value", key);
                }
                return true;
            }
        }
        return false;
    }

    boolean has(String key) {
        return args.stream().anyMatch(arg -> arg.key().equals(key));
    }

    long longValue(String key, long fallback) {
        for (Arg arg : args) {
            if (arg.key().equals(key)) {
                if (arg.values().size() != 1) {
                    throw error("'%s' needs one value, as in %s=3", key, key);
                }
                try {
                    return Long.parseLong(arg.values().get(0));
                } catch (NumberFormatException e) {
                    throw error("'%s' is not a number: %s", key, arg.values().get(0));
                }
            }
        }
        return fallback;
    }

    /** An int argument; {@code min} bounds it from below (a count of 0 or a negative id is a mistake). */
    int intValue(String key, int fallback, int min) {
        long value = longValue(key, fallback);
        if (value < min || value > Integer.MAX_VALUE) {
            throw error("'%s' must be at least %d: %d", key, min, value);
        }
        return (int) value;
    }

    private static boolean isNumber(String word) {
        if (word.isEmpty() || word.length() > 9) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
