package io.kafkaconnect.metronome.emulator.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestCounterTest {

    @Test
    void keepsOnlyTheLastTenThousandRecentRequestsButCountsAll() {
        RequestCounter counter = new RequestCounter();
        for (int i = 0; i < 10_050; i++) {
            counter.count("GET /v1/customers");
            counter.completed(new RequestCounter.RecentRequest("GET", "/v1/customers", "i=" + i, 200));
        }
        assertThat(counter.recent()).hasSize(10_000);
        assertThat(counter.recent().get(0).query()).isEqualTo("i=50");
        assertThat(counter.recent().get(9_999).query()).isEqualTo("i=10049");
        assertThat(counter.counts()).containsEntry("GET /v1/customers", 10_050L);
    }
}
