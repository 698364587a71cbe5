package io.kafkaconnect.metronome.usage;

import static io.kafkaconnect.metronome.usage.UsageTestRecords.TIME;
import static io.kafkaconnect.metronome.usage.UsageTestRecords.good;
import static io.kafkaconnect.metronome.usage.UsageTestRecords.json;
import static io.kafkaconnect.metronome.usage.UsageTestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.RetryPolicy;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.metrics.UsageSinkTaskMetrics;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.FakeSinkTaskContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UsagePipelineTest {

    private static final String INGEST = "POST /v1/ingest";
    private static final TopicPartition P0 = new TopicPartition(UsageTestRecords.TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(UsageTestRecords.TOPIC, 1);

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(),
            emulator.token()).withRetryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1))));
    /** What reached the dead-letter queue: the record and its reason. */
    private final List<Map.Entry<SinkRecord, Throwable>> deadLetters = new CopyOnWriteArrayList<>();
    private final ErrantRecordReporter reporter = (record, error) -> {
        deadLetters.add(Map.entry(record, error));
        return CompletableFuture.completedFuture(null);
    };
    private volatile boolean running = true;
    private static final AtomicInteger PIPELINES = new AtomicInteger();
    private final String connector = "usage-pipeline-test-" + PIPELINES.incrementAndGet();
    private UsagePipeline pipeline;
    private final UsageSinkTaskMetrics metrics = new UsageSinkTaskMetrics(connector, 0, client.stats(),
            () -> pipeline.requestsInFlight(), () -> pipeline.pendingEvents());

    private UsagePipeline pipeline(ErrantRecordReporter dlq, int batchMaxEvents, int maxInFlight) {
        pipeline = new UsagePipeline(new FakeSinkTaskContext(Map.of(), Set.of(P0, P1)),
                new UsageEventParser(UsageFieldMapping.DEFAULT), dlq,
                outcomes -> new IngestSender(client, scheduler, new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)),
                        outcomes, () -> running),
                metrics, batchMaxEvents, maxInFlight, 10_000);
        return pipeline;
    }

    /** A metric of this test's pipeline, as JMX publishes it. */
    private double metric(String name) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
                "kafka.connect.metronome:type=usage-sink-task-metrics,connector=" + connector + ",task=0"), name))
                .doubleValue();
    }

    @AfterEach
    void close() {
        metrics.close();
        running = false;
        scheduler.shutdownNow();
        client.close();
    }

    private static Map<TopicPartition, OffsetAndMetadata> positions(long p0, long p1) {
        return Map.of(P0, new OffsetAndMetadata(p0), P1, new OffsetAndMetadata(p1));
    }

    private static long committed(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition partition) {
        OffsetAndMetadata offset = offsets.get(partition);
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void eventsGoInBatchesOfTheConfiguredSize() throws Exception {
        UsagePipeline pipeline = pipeline(reporter, 100, 4);
        pipeline.put(good(0, 0, 250));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(pipeline.commit(positions(250, 0)), P0) == 250);
        assertThat(emulator.requestCounts()).containsEntry(INGEST, 3L);
        assertThat(pipeline.pendingEvents()).isZero();
        assertThat(metric("events-ingested-total")).isEqualTo(250);
        assertThat(metric("events-rejected-total")).isZero();
        assertThat(metric("batch-size-max")).isEqualTo(100);
        assertThat(metric("batch-size-avg")).isEqualTo(250 / 3.0);
        assertThat(metric("ingest-requests-in-flight")).isZero();
        assertThat(metric("events-buffered")).isZero();
        assertThat(metric("api-requests-total")).isEqualTo(3);
    }

    @Test
    void offsetsStopBeforeTheFirstEventMetronomeHasNotAcknowledged() {
        UsagePipeline pipeline = pipeline(reporter, 10, 4);
        pipeline.put(good(0, 0, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(pipeline.commit(positions(10, 0)), P0) == 10);

        // the next batch of partition 0 fails again and again: the commit stays before it
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).pathPrefix("/v1/ingest").build());
        pipeline.put(good(0, 10, 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.requestCounts().getOrDefault(INGEST, 0L) >= 4);
        assertThat(committed(pipeline.commit(positions(20, 0)), P0)).as("nothing of the failing batch").isEqualTo(10);

        // once Metronome answers again, the retried batch and a later one of partition 1 are acknowledged
        emulator.clearFaults();
        pipeline.put(good(1, 0, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(pipeline.commit(positions(20, 5)), P0) == 20);
        assertThat(committed(pipeline.commit(positions(20, 5)), P1)).isEqualTo(5);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueOneByOneAndTheRestIsDelivered() throws Exception {
        UsagePipeline pipeline = pipeline(reporter, 100, 4);
        List<SinkRecord> records = new ArrayList<>(good(0, 0, 3));
        records.add(record(0, 3, "{\"event_type\":\"api_call\",\"timestamp\":\"" + TIME + "\"}"));
        records.add(record(0, 4, json("0-4", "acme", "last tuesday")));
        records.add(record(0, 5, null));
        records.addAll(good(0, 6, 9));
        pipeline.put(records);

        await().atMost(Duration.ofSeconds(10)).until(() -> committed(pipeline.commit(positions(9, 0)), P0) == 9);
        assertThat(deadLetters).extracting(e -> e.getKey().kafkaOffset()).containsExactly(3L, 4L, 5L);
        assertThat(deadLetters).extracting(e -> e.getValue().getMessage()).containsExactly(
                "customer_id is required",
                "timestamp must be an RFC 3339 timestamp such as 2024-05-01T12:00:00Z, not \"last tuesday\"",
                "the record has no value (a tombstone); a usage event is required");
        assertThat(emulator.requestCounts()).containsEntry(INGEST, 1L);
        assertThat(metric("events-rejected-total")).isEqualTo(3);
        assertThat(metric("events-ingested-total")).isEqualTo(6);
    }

    @Test
    void withoutADeadLetterQueueABadRecordFailsTheTaskAndNothingPastItIsCommitted() {
        UsagePipeline pipeline = pipeline(null, 100, 4);
        List<SinkRecord> records = new ArrayList<>(good(0, 0, 3));
        records.add(record(0, 3, "{\"customer_id\":\"acme\",\"event_type\":\"api_call\"}"));
        assertThatThrownBy(() -> pipeline.put(records)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("usage event at usage-0@3 cannot be ingested (timestamp is required)")
                .hasMessageContaining("errors.deadletterqueue.topic.name");
        assertThatThrownBy(() -> pipeline.commit(positions(4, 0))).isInstanceOf(ConnectException.class);
    }

    @Test
    void aRefusedTokenFailsTheTask() {
        emulator.setFaults(FaultSpec.builder().status(401).ratio(1.0).pathPrefix("/v1/ingest").build());
        UsagePipeline pipeline = pipeline(reporter, 100, 4);
        // The 401 may come back before this put() returns; then put() itself reports it.
        Throwable early = catchThrowable(() -> pipeline.put(good(0, 0, 3)));
        if (early != null) {
            assertThat(early).isInstanceOf(ConnectException.class).hasMessageContaining("metronome.api.token");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> pipeline.put(List.of()))
                .isInstanceOf(ConnectException.class).hasMessageContaining("metronome.api.token"));
        assertThatThrownBy(() -> pipeline.commit(positions(3, 0))).isInstanceOf(ConnectException.class);
    }
}
