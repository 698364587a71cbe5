package io.kafkaconnect.metronome.emulator.state;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UsageStoreTest {
    private static final Instant T0 = Instant.parse("2024-06-15T12:00:00Z");
    private static final StoredUsageEvent EVENT = new StoredUsageEvent("api_call", T0, Map.of());

    private final UsageStore store = new UsageStore(Duration.ofDays(34));

    @Test
    void expiredTransactionIdsAreForgottenSoMemoryStaysBounded() {
        for (int i = 0; i < 1000; i++) {
            store.record("old-" + i, "c1", EVENT, T0);
        }
        store.record("recent", "c1", EVENT, T0.plus(Duration.ofDays(30)));
        assertThat(store.rememberedTransactionIds()).isEqualTo(1001);

        store.record("later", "c1", EVENT, T0.plus(Duration.ofDays(34)));
        assertThat(store.rememberedTransactionIds()).as("the 1000 expired ids are swept").isEqualTo(2);
        assertThat(store.counts().total()).as("the events themselves stay billed").isEqualTo(1002);
        assertThat(store.record("recent", "c1", EVENT, T0.plus(Duration.ofDays(34)))).isEqualTo(UsageStore.Outcome.DUPLICATE);
        assertThat(store.record("old-1", "c1", EVENT, T0.plus(Duration.ofDays(34)))).isEqualTo(UsageStore.Outcome.ACCEPTED);
    }

    @Test
    void sweepsRunAtMostOnceAnEmulatorHour() {
        store.record("a", null, EVENT, T0);
        store.record("b", null, EVENT, T0.plus(Duration.ofDays(34)).minusSeconds(1)); // sweeps; nothing expired yet
        store.record("c", null, EVENT, T0.plus(Duration.ofDays(34)).plusSeconds(1)); // within the hour: no sweep
        assertThat(store.rememberedTransactionIds()).isEqualTo(3);
        assertThat(store.record("a", null, EVENT, T0.plus(Duration.ofDays(34)).plusSeconds(2)))
                .as("an expired id counts as new even before it is swept").isEqualTo(UsageStore.Outcome.ACCEPTED);
        assertThat(store.counts().unmatched()).isEqualTo(4);
    }
}
