package io.paddock.wire.jute;

/**
 * Recognises four-letter-word commands (zk-protocol.md 2.5, 13) in the first four bytes of a
 * new connection, read as a big-endian int in place of a frame length. Stateless.
 */
public final class FourLetterWords {
    /** The telnet "interrupt process" + "do timing mark" bytes ZooKeeper also accepts: just close. */
    public static final int TELNET_CLOSE = 0xfff4fffd;
    public static final String TELNET_CLOSE_COMMAND = "telnet-close";

    public static final int RUOK = code("ruok");
    public static final int SRVR = code("srvr");
    public static final int STAT = code("stat");
    public static final int MNTR = code("mntr");
    public static final int CONF = code("conf");
    public static final int CONS = code("cons");
    public static final int CRST = code("crst");
    public static final int SRST = code("srst");
    public static final int ENVI = code("envi");
    public static final int WCHS = code("wchs");
    public static final int WCHC = code("wchc");
    public static final int WCHP = code("wchp");
    public static final int DUMP = code("dump");
    public static final int ISRO = code("isro");
    public static final int DIRS = code("dirs");
    public static final int GTMK = code("gtmk");
    public static final int STMK = code("stmk");
    public static final int HASH = code("hash");

    private static final int[] CODES = {RUOK, SRVR, STAT, MNTR, CONF, CONS, CRST, SRST, ENVI, WCHS, WCHC, WCHP,
        DUMP, ISRO, DIRS, GTMK, STMK, HASH};
    private static final String[] NAMES = {"ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "srst", "envi",
        "wchs", "wchc", "wchp", "dump", "isro", "dirs", "gtmk", "stmk", "hash"};

    private FourLetterWords() {}

    /** The int whose big-endian bytes are the four ASCII letters of {@code word}. */
    public static int code(String word) {
        if (word.length() != 4) {
            throw new IllegalStateException("not a four-letter word: " + word);
        }
        return word.charAt(0) << 24 | word.charAt(1) << 16 | word.charAt(2) << 8 | word.charAt(3);
    }

    /**
     * The command named by a connection's first four bytes, {@link #TELNET_CLOSE_COMMAND} for the
     * telnet close sequence, or null when they are an ordinary frame length. Every command
     * code is larger than {@code jute.maxbuffer} or negative, so no valid frame is mistaken
     * for one.
     */
    public static String commandOf(int firstFourBytes) {
        if (firstFourBytes == TELNET_CLOSE) {
            return TELNET_CLOSE_COMMAND;
        }
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == firstFourBytes) {
                return NAMES[i];
            }
        }
        return null;
    }
}
