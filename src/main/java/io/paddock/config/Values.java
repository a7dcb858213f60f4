package io.paddock.config;

/**
 * Parsing of numbers as users write them, shared by the settings ({@link ConfigResolver}) and
 * the fields of ensemble members ({@link EnsembleResolver}), so that both word their errors alike:
 * {@code <origin>: '<text>' <problem>}, one line.
 *
 * <p>Stateless; every method reports its problem to the {@link Diagnostics} it is given and
 * returns null instead of throwing.
 */
final class Values {
    private Values() { }

    /**
     * Parses {@code value} as a whole number, scales it by the value's multiplier and checks that
     * it lies in {@code min..max}; reports and returns null when it does not. {@code wide} selects
     * the wording for long settings ("a whole number", "must be at least"), whose upper bound is
     * never worth printing.
     */
    static Long number(RawValue value, boolean wide, long min, long max, Diagnostics diagnostics) {
        long parsed;
        try {
            parsed = Math.multiplyExact(parseNumber(value.text().trim()), value.multiplier());
        } catch (NumberFormatException e) {
            report(value, "is not " + (wide ? "a whole number" : "an integer"), diagnostics);
            return null;
        } catch (ArithmeticException e) {
            report(value, "is too large", diagnostics);
            return null;
        }
        if (parsed >= min && parsed <= max) return parsed;
        report(value, wide ? "must be at least " + min : "is not in " + min + ".." + max, diagnostics);
        return null;
    }

    /** As {@link #number} for an int in {@code min..max}. */
    static Integer integer(RawValue value, int min, int max, Diagnostics diagnostics) {
        Long parsed = number(value, false, min, max, diagnostics);
        return parsed == null ? null : parsed.intValue();
    }

    /** Reports one bad value, quoting the text as written. */
    static void report(RawValue value, String problem, Diagnostics diagnostics) {
        diagnostics.error(value.origin() + ": '" + value.text() + "' " + problem);
    }

    /**
     * Decimal, or hexadecimal after {@code 0x} (ZooKeeper reads jute.maxbuffer with
     * {@code Integer.decode}, so {@code 0xfffff} appears in real files). Unlike
     * {@code Long.decode}, a leading zero does not mean octal: {@code 02181} is 2181.
     */
    private static long parseNumber(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) return Long.parseUnsignedLong(text.substring(2), 16);
        return Long.parseLong(text);
    }
}
