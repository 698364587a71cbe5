package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task's fault handling: transient errors keep it polling, a rejected token fails it without leaking it. */
class MetronomeSourceTaskTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeSourceTask task = new MetronomeSourceTask();

    @BeforeEach
    void start() {
        emulator.bulkCreateCustomers(5, "customer ", "alias-");
        InMemoryOffsets offsets = new InMemoryOffsets();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return offsets;
            }
        });
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    @Test
    void keepsRetryingTransientErrorsAndDeliversOnceTheyStop() throws InterruptedException {
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).build());
        task.start(props("dev-token"));

        assertThat(task.poll()).isNull();
        assertThat(emulator.requestCounts().get("GET /v1/customers")).isEqualTo(1L);

        emulator.clearFaults();
        List<SourceRecord> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<SourceRecord> polled = task.poll();
            if (polled != null) {
                records.addAll(polled);
            }
            return records.stream().filter(r -> r.topic().equals("metronome.customers")).count() == 5;
        });
    }

    @Test
    void aRejectedTokenFailsTheTaskWithAClearMessageWithoutTheToken() {
        task.start(props("wrong-secret-token"));

        assertThatThrownBy(task::poll)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("rejected the API token")
                .hasMessageContaining("metronome.api.token")
                .hasMessageNotContaining("wrong-secret-token");
    }

    private Map<String, String> props(String token) {
        Map<String, String> props = new HashMap<>();
        props.put("metronome.api.url", emulator.baseUrl());
        props.put("metronome.api.token", token);
        props.put("metronome.retry.max.attempts", "1");
        props.put("streams", "customers");
        props.put("task.connector.name", "task-test-" + token);
        return props;
    }
}
