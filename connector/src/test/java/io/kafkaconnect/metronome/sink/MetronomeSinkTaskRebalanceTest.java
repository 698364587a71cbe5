package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.FakeSinkTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task's side of a rebalance, called as Connect calls it (preCommit, then close of the revoked partitions),
 * against the emulator over HTTP and a mock results producer: commands of a revoked partition write no result,
 * queued ones never start, and a result handed to the producer before close is committed by that preCommit.
 */
class MetronomeSinkTaskRebalanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TopicPartition P0 = new TopicPartition("commands", 0);
    private static final TopicPartition P1 = new TopicPartition("commands", 1);
    private static final String SET_NAME = "POST /v1/customers/{customer_id}/setName";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private MetronomeSinkTask task;
    private MockProducer<byte[], byte[]> producer;

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
    }

    private void startTask(boolean acknowledgeAtOnce) {
        startTask(acknowledgeAtOnce, PriorResults.NONE);
    }

    private void startTask(boolean acknowledgeAtOnce, PriorResults prior) {
        producer = new MockProducer<>(acknowledgeAtOnce, null, new ByteArraySerializer(), new ByteArraySerializer());
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        task = new MetronomeSinkTask(config -> new CommandResults("results", converter, producer), prior);
        task.initialize(new FakeSinkTaskContext(Map.of(), Set.of(P0, P1)));
        Map<String, String> props = new HashMap<>();
        props.put("name", "rebalance-test");
        props.put(MetronomeConnectionConfig.API_URL, emulator.baseUrl());
        props.put(MetronomeConnectionConfig.API_TOKEN, emulator.token());
        props.put(MetronomeConnectionConfig.REQUESTS_PER_SECOND, "0");
        props.put(MetronomeSinkConfig.RESULTS_BOOTSTRAP_SERVERS, "localhost:9");
        props.put(MetronomeSinkConfig.MAX_IN_FLIGHT, "1"); // one command at a time: the others wait in their lanes
        task.start(props);
    }

    @Test
    void aRevokedPartitionWritesNothingAndItsNewOwnerWritesTheOneResult() {
        startTask(true);
        emulator.setFaults(FaultSpec.builder().latencyMs(200).build());
        task.put(List.of(
                record(P0, 0, "{\"command_id\":\"a#0\",\"action\":\"CREATE\",\"ingest_alias\":\"a\",\"name\":\"A\"}"),
                record(P0, 1, "{\"command_id\":\"a#1\",\"action\":\"SET_NAME\",\"ingest_alias\":\"a\",\"name\":\"A2\"}"),
                record(P1, 0, "{\"command_id\":\"b#0\",\"action\":\"CREATE\",\"ingest_alias\":\"b\",\"name\":\"B\"}")));
        await("a#0 on the wire").atMost(Duration.ofSeconds(30))
                .until(() -> emulator.requestCounts().getOrDefault("POST /v1/customers", 0L) > 0);

        // P0 is revoked while a#0 runs and a#1 waits behind it in customer a's lane.
        assertThat(task.preCommit(offsets(P0, 2, P1, 1))).as("nothing finished yet").isEmpty();
        task.close(List.of(P0));

        await("b#0's result").atMost(Duration.ofSeconds(30)).until(() -> {
            task.put(List.of());
            return !producer.history().isEmpty();
        });
        assertThat(task.preCommit(offsets(P1, 1))).isEqualTo(Map.of(P1, new OffsetAndMetadata(1)));
        assertThat(results()).extracting(r -> r.path("command_id").asText()).containsExactly("b#0");
        assertThat(emulator.requestCounts()).as("a#1 never started").doesNotContainKey(SET_NAME);

        // P0 comes back (to this task, as after an eager rebalance) from its committed offset: 0.
        emulator.clearFaults();
        task.put(List.of(
                record(P0, 0, "{\"command_id\":\"a#0\",\"action\":\"CREATE\",\"ingest_alias\":\"a\",\"name\":\"A\"}"),
                record(P0, 1, "{\"command_id\":\"a#1\",\"action\":\"SET_NAME\",\"ingest_alias\":\"a\",\"name\":\"A2\"}")));
        await("a's results").atMost(Duration.ofSeconds(30)).until(() -> {
            task.put(List.of());
            return producer.history().size() == 3;
        });
        assertThat(task.preCommit(offsets(P0, 2, P1, 1)))
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(1)));
        Map<String, String> statuses = new HashMap<>();
        results().forEach(r -> statuses.put(r.path("command_id").asText(), r.path("status").asText()));
        assertThat(statuses).as("one result per command; a#0's revoked copy created the customer").isEqualTo(Map.of(
                "b#0", "APPLIED", "a#0", "ALREADY_APPLIED", "a#1", "APPLIED"));
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).containsExactlyInAnyOrder("A2", "B");
    }

    @Test
    void aResultHandedToTheProducerBeforeCloseIsCommittedByThatPreCommit() {
        startTask(false);
        task.put(List.of(
                record(P0, 0, "{\"command_id\":\"c#0\",\"action\":\"CREATE\",\"ingest_alias\":\"c\",\"name\":\"C\"}")));
        await("c#0's result sent").atMost(Duration.ofSeconds(30)).until(() -> {
            task.put(List.of());
            return producer.history().size() == 1;
        });

        // The broker acknowledges only while the revocation's preCommit is waiting.
        CompletableFuture.runAsync(producer::completeNext, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        assertThat(task.preCommit(offsets(P0, 1))).as("the new owner starts after c#0")
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
        task.close(List.of(P0));
        assertThat(results()).extracting(r -> r.path("command_id").asText()).containsExactly("c#0");
    }

    @Test
    void aCommandWhoseResultItsDeadOwnerWroteGetsNoSecondOne() {
        // The earlier owner of P0 committed offset 0 at t=1000, then wrote d#0's result and died.
        ResultsTopicLookback.Source resultsTopic = new ResultsTopicLookback.Source() {
            @Override
            public Map<TopicPartition, OffsetAndMetadata> committed(java.util.Collection<TopicPartition> partitions) {
                return Map.of(P0, new CommitMark(0, 1_000).offsetAndMetadata());
            }

            @Override
            public void resultsSince(long sinceMs, java.util.function.Consumer<ResultsTopicLookback.WrittenResult> each) {
                each.accept(new ResultsTopicLookback.WrittenResult(P0, 0, 1_200));
            }
        };
        startTask(true, new ResultsTopicLookback(resultsTopic));
        task.open(List.of(P0));

        long before = System.currentTimeMillis();
        task.put(List.of(
                record(P0, 0, "{\"command_id\":\"d#0\",\"action\":\"CREATE\",\"ingest_alias\":\"d\",\"name\":\"D\"}"),
                record(P0, 1, "{\"command_id\":\"d#1\",\"action\":\"SET_NAME\",\"ingest_alias\":\"d\",\"name\":\"D2\"}")));
        await("d#1's result").atMost(Duration.ofSeconds(30)).until(() -> {
            task.put(List.of());
            return !producer.history().isEmpty();
        });
        OffsetAndMetadata committed = task.preCommit(offsets(P0, 2)).get(P0);

        assertThat(results()).extracting(r -> r.path("command_id").asText()).as("d#0's result is there already")
                .containsExactly("d#1");
        assertThat(committed.offset()).isEqualTo(2);
        assertThat(CommitMark.of(committed)).as("marked for the next owner")
                .hasValueSatisfying(mark -> assertThat(mark.resultsSinceMs()).isGreaterThanOrEqualTo(before));
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).as("d#0 applied again, idempotently")
                .containsExactly("D2");
    }

    private List<JsonNode> results() {
        return producer.history().stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static SinkRecord record(TopicPartition partition, long offset, String json) {
        return new SinkRecord(partition.topic(), partition.partition(), null, null, null, json, offset);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Object... partitionsAndOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int i = 0; i < partitionsAndOffsets.length; i += 2) {
            offsets.put((TopicPartition) partitionsAndOffsets[i],
                    new OffsetAndMetadata(((Number) partitionsAndOffsets[i + 1]).longValue()));
        }
        return offsets;
    }
}
