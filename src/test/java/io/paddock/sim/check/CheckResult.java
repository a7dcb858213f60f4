package io.paddock.sim.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The verdict for a whole history: one {@link KeyResult} per key, in key order.
 *
 * <p>Immutable value, usable from any thread. The history's verdict is VIOLATION if any key has one, else UNKNOWN if any
 * key's search ran out of budget, else OK; an UNKNOWN key is never counted as passing.
 *
 * @param keys    the per-key results, sorted by key
 * @param opCount operations in the history, including ignored ones (FAILED, reads without a reply)
 */
public record CheckResult(List<KeyResult> keys, int opCount) {
    /** Copies the list so the record stays immutable. */
    public CheckResult {
        keys = List.copyOf(keys);
    }

    /** The worst verdict over the keys. */
    public Verdict verdict() {
        if (keys.stream().anyMatch(k -> k.verdict() == Verdict.VIOLATION)) {
            return Verdict.VIOLATION;
        }
        return keys.stream().anyMatch(k -> k.verdict() == Verdict.UNKNOWN) ? Verdict.UNKNOWN : Verdict.OK;
    }

    /** Whether every key is linearizable (false for UNKNOWN). */
    public boolean isOk() {
        return verdict() == Verdict.OK;
    }

    /** The explanations of the keys that are not linearizable. */
    public List<Violation> violations() {
        return keys.stream().map(KeyResult::violation).filter(v -> v != null).collect(Collectors.toList());
    }

    /** The keys whose search ran out of budget. */
    public List<String> unknownKeys() {
        return keys.stream().filter(k -> k.verdict() == Verdict.UNKNOWN).map(KeyResult::key)
                .collect(Collectors.toList());
    }

    /** Total search steps over the keys. */
    public long steps() {
        return keys.stream().mapToLong(KeyResult::steps).sum();
    }

    /** A summary line, the unknown keys, then each violation's explanation. */
    public String report() {
        long violated = keys.stream().filter(k -> k.verdict() == Verdict.VIOLATION).count();
        List<String> unknown = unknownKeys();
        StringBuilder text = new StringBuilder();
        text.append("linearizability: ").append(verdict()).append(" (").append(opCount).append(" ops on ")
                .append(keys.size()).append(" keys: ").append(keys.size() - violated - unknown.size())
                .append(" OK, ").append(violated).append(" VIOLATION, ").append(unknown.size()).append(" UNKNOWN)\n");
        if (!unknown.isEmpty()) {
            text.append("UNKNOWN (search budget exhausted, not a pass): ").append(String.join(", ", unknown))
                    .append('\n');
        }
        for (Violation violation : violations()) {
            text.append(violation.text());
        }
        return text.toString();
    }
}
