package io.paddock.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * EntryLog behaves like a plain list of the entries after a base, whatever mix of appends,
 * compactions (with and without a hold), truncations and resets it sees: compaction moves a head
 * over its array and cuts the array only now and then, and none of that may show.
 */
class EntryLogProperties {

    /** One step: kind 0-4 append 1-40 entries, 5-6 compact, 7 truncate, 8 reset; {@code arg} sizes it. */
    record Op(int kind, int arg, int hold) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 100)).as(Op::new);
        return op.list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeAListAfterItsBase(@ForAll("ops") List<Op> ops) {
        EntryLog log = new EntryLog(0, List.of());
        List<TxnEntry> model = new ArrayList<>();
        long base = 0;
        long next = 1;
        for (Op op : ops) {
            long last = model.isEmpty() ? base : model.get(model.size() - 1).zxid();
            if (op.kind() <= 4) {
                for (int i = 0; i <= op.arg() % 40; i++) {
                    next += 1 + op.hold() % 3; // gaps, as across epochs
                    TxnEntry entry = entry(next);
                    log.append(entry);
                    model.add(entry);
                }
            } else if (op.kind() <= 6) {
                long applied = base + (last - base) * (op.arg() % 101) / 100;
                long neededAfter = op.kind() == 5 ? Long.MAX_VALUE : base + (last - base) * op.hold() / 100;
                int txnsMax = op.arg() % 50;
                long bytesMax = op.hold() % 4 == 0 ? 10L * EntryLog.approximateBytes(entry(0)) : Long.MAX_VALUE;
                long baseBefore = base;
                int sizeBefore = model.size();
                log.compact(applied, txnsMax, bytesMax, neededAfter);
                base = log.baseZxid();
                long cut = base;
                model.removeIf(e -> e.zxid() <= cut);
                // only applied entries go; without a byte bound, only those at or below the hold,
                // and never below the txn count
                assertThat(base).isBetween(baseBefore, Math.max(baseBefore, applied));
                if (bytesMax == Long.MAX_VALUE) {
                    assertThat(base).isLessThanOrEqualTo(Math.max(baseBefore, neededAfter));
                    assertThat(model.size()).isGreaterThanOrEqualTo(Math.min(txnsMax, sizeBefore));
                }
            } else if (op.kind() == 7) {
                long at = base + (last - base) * (op.arg() % 101) / 100;
                log.truncateAfter(at);
                model.removeIf(e -> e.zxid() > at);
            } else {
                base = last + op.arg() % 5;
                next = base;
                log.reset(base);
                model.clear();
            }
            check(log, model, base);
        }
    }

    private static void check(EntryLog log, List<TxnEntry> model, long base) {
        assertThat(log.baseZxid()).isEqualTo(base);
        assertThat(log.size()).isEqualTo(model.size());
        long last = model.isEmpty() ? base : model.get(model.size() - 1).zxid();
        assertThat(log.lastZxid()).isEqualTo(last);
        long bytes = 0;
        for (TxnEntry e : model) {
            bytes += EntryLog.approximateBytes(e);
        }
        assertThat(log.bytes()).isEqualTo(bytes);
        assertThat(log.holds(base)).isTrue();
        assertThat(log.after(base, Long.MAX_VALUE)).isEqualTo(model);
        assertThat(log.between(base - 1, last)).isEqualTo(model);
        assertThat(log.lastAtOrBefore(base - 1)).isEqualTo(-1);
        for (int i = 0; i < model.size(); i++) {
            long zxid = model.get(i).zxid();
            assertThat(log.holds(zxid)).isTrue();
            assertThat(log.holds(zxid + 1)).isEqualTo(i + 1 < model.size() && model.get(i + 1).zxid() == zxid + 1);
            assertThat(log.nextAfter(zxid)).isEqualTo(i + 1 < model.size() ? model.get(i + 1).zxid() : -1);
            assertThat(log.after(zxid, 1)).isEqualTo(model.subList(i + 1, Math.min(i + 2, model.size())));
            assertThat(log.lastAtOrBefore(zxid)).isEqualTo(zxid);
            if (i > 0 && model.get(i - 1).zxid() < zxid - 1) {
                assertThat(log.lastAtOrBefore(zxid - 1)).isEqualTo(model.get(i - 1).zxid());
            }
        }
        if (!model.isEmpty()) {
            assertThat(log.nextAfter(base)).isEqualTo(model.get(0).zxid());
            long first = model.get(0).zxid();
            if (first > base + 1) {
                assertThat(log.lastAtOrBefore(first - 1)).isEqualTo(base);
                assertThat(log.holds(first - 1)).isFalse();
            }
        }
    }

    private static TxnEntry entry(long zxid) {
        return new TxnEntry(zxid, 1, (int) zxid, 0, new Txn.Check("/x"));
    }
}
