package io.paddock.tree;

/**
 * ZooKeeper's znode path syntax (zk-protocol.md 8.1, {@code PathUtils.validatePath}): a path is
 * valid when it starts with {@code /}, does not end with {@code /} (the root excepted), has no
 * empty segment, no segment that is exactly {@code .} or {@code ..}, and no forbidden character
 * (U+0000, U+0001-U+001F, U+007F-U+009F, U+D800-U+F8FF, U+FFF0-U+FFFF).
 *
 * <p>Stateless and allocation free; safe from any thread.
 */
public final class PathValidator {
    private PathValidator() {}

    /** True when {@code path} is a valid znode path. */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int length = path.length();
        if (length == 1) {
            return true;
        }
        if (path.charAt(length - 1) == '/') {
            return false;
        }
        return segmentsValid(path, length);
    }

    /**
     * True when {@code prefix} is valid as the requested path of a sequential create: the
     * server appends ten digits, so a trailing {@code /} is fine ({@code /q/} gives
     * {@code /q/0000000000}). Validated as if one digit were appended, as ZooKeeper does.
     */
    public static boolean isValidSequentialPrefix(String prefix) {
        return prefix != null && isValid(prefix + '1');
    }

    /** Scans from index 1 on; the caller has checked the first and last characters. */
    private static boolean segmentsValid(String path, int length) {
        char previous = '/';
        for (int i = 1; i < length; previous = path.charAt(i), i++) {
            char c = path.charAt(i);
            if (c == '/' && previous == '/') {
                return false;
            }
            if (c == '.' && isDotSegment(path, i, length)) {
                return false;
            }
            if (isForbidden(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the '.' at {@code i} ends a segment that is exactly "." or "..". */
    private static boolean isDotSegment(String path, int i, int length) {
        boolean segmentEnds = i + 1 == length || path.charAt(i + 1) == '/';
        if (!segmentEnds) {
            return false;
        }
        char before = path.charAt(i - 1);
        if (before == '/') {
            return true;
        }
        return before == '.' && path.charAt(i - 2) == '/';
    }

    /** The characters ZooKeeper rejects anywhere in a path. */
    static boolean isForbidden(char c) {
        return c <= '\u001f'
                || (c >= '\u007f' && c <= '\u009f')
                || (c >= '\ud800' && c <= '\uf8ff')
                || c >= '\ufff0';
    }
}
