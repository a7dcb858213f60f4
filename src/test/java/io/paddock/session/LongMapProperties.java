package io.paddock.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** LongMap behaves like HashMap&lt;Long, V&gt; under random puts and removes (colliding keys included). */
class LongMapProperties {
    @Provide
    Arbitrary<List<Long>> keyOps() {
        // A small key space forces collisions, long probe runs and backward shifts; the sign
        // of each value says put (>= 0) or remove (< 0).
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-40, 40),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L << 56, (1L << 56) + 1)
        ).list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void behavesLikeHashMap(@ForAll("keyOps") List<Long> ops) {
        LongMap<String> real = new LongMap<>();
        Map<Long, String> model = new HashMap<>();
        int step = 0;
        for (long op : ops) {
            long key = op * 0x10000L;   // keys that share low bits, to stress the hash mixing
            if ((step++ & 3) != 3) {
                String value = "v" + step;
                assertThat(real.put(key, value)).isEqualTo(model.put(key, value));
            } else {
                assertThat(real.remove(key)).isEqualTo(model.remove(key));
            }
            assertThat(real.size()).isEqualTo(model.size());
        }
        for (Map.Entry<Long, String> e : model.entrySet()) {
            assertThat(real.get(e.getKey())).isEqualTo(e.getValue());
        }
        int seen = 0;
        for (int slot = 0; slot < real.capacity(); slot++) {
            if (real.valueAt(slot) != null) {
                seen++;
                assertThat(model.get(real.keyAt(slot))).isEqualTo(real.valueAt(slot));
            }
        }
        assertThat(seen).isEqualTo(model.size());
    }
}
