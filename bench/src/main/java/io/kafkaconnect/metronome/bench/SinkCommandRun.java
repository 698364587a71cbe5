package io.kafkaconnect.metronome.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.sink.MetronomeSinkTask;
import io.kafkaconnect.metronome.testkit.FakeSinkTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * One real {@link MetronomeSinkTask} applying a list of commands the way a worker hands them over (put() batches of
 * up to 500, the consumer's default max.poll.records), writing results to a real broker. A command's latency is
 * from the put() that handed it over to its result's processed_at; a run ends when every result is in Kafka.
 */
final class SinkCommandRun {

    static final String COMMANDS_TOPIC = "bench-commands";
    static final String RESULTS_TOPIC = "bench-command-results";
    private static final int PUT_BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TopicPartition PARTITION = new TopicPartition(COMMANDS_TOPIC, 0);

    /** What one run measured. */
    record Outcome(int commands, double seconds, List<Long> latenciesMs) {
        double commandsPerSecond() {
            return commands / seconds;
        }

        double percentile(double p) {
            List<Long> sorted = latenciesMs.stream().sorted().toList();
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        }
    }

    private SinkCommandRun() {
    }

    /**
     * Commands for {@code customers} new customers: each is created, then renamed {@code perCustomer - 1} times;
     * customers interleave, each one's commands in order, as keyed records in one partition would arrive.
     */
    static List<String> commands(String prefix, int customers, int perCustomer) {
        List<String> commands = new ArrayList<>();
        for (int round = 0; round < perCustomer; round++) {
            for (int c = 0; c < customers; c++) {
                Map<String, Object> command = new LinkedHashMap<>();
                command.put("command_id", prefix + c + "#" + round);
                command.put("action", round == 0 ? "CREATE" : "SET_NAME");
                command.put("ingest_alias", prefix + c);
                command.put("name", "Customer " + prefix + c + " v" + round);
                try {
                    commands.add(JSON.writeValueAsString(command));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return commands;
    }

    /**
     * Applies {@code commands} with a fresh task; {@code perSecond} paces the hand-over (0: all at once, a backlog).
     */
    static Outcome apply(String baseUrl, String bootstrapServers, int maxInFlight, List<String> commands,
                         double perSecond) throws InterruptedException {
        MetronomeSinkTask task = new MetronomeSinkTask();
        Map<String, String> config = taskConfig(baseUrl, bootstrapServers, maxInFlight);
        // the bench's commands are all valid: no dead-letter queue
        FakeSinkTaskContext context = new FakeSinkTaskContext(config, Set.of(PARTITION));
        PutClock clock = new PutClock(context);
        task.initialize(context);
        task.start(config);
        try (KafkaConsumer<byte[], byte[]> results = resultsConsumer(bootstrapServers)) {
            Map<String, Long> handedOver = new HashMap<>();
            long start = System.currentTimeMillis();
            long offset = 0;
            int next = 0;
            List<SinkRecord> batch = new ArrayList<>();
            while (next < commands.size()) {
                long due = perSecond <= 0 ? commands.size()
                        : Math.min(commands.size(), (long) ((System.currentTimeMillis() - start) * perSecond / 1000) + 1);
                long now = System.currentTimeMillis();
                while (next < due && batch.size() < PUT_BATCH) {
                    String command = commands.get(next++);
                    JsonNode parsed = parse(command);
                    handedOver.put(parsed.path("command_id").asText(), now);
                    batch.add(new SinkRecord(COMMANDS_TOPIC, 0, Schema.STRING_SCHEMA,
                            parsed.path("ingest_alias").asText(), null, command, offset++));
                }
                if (!batch.isEmpty()) {
                    task.put(new ArrayList<>(batch));
                    clock.putCalled();
                    batch.clear();
                } else {
                    Thread.sleep(5); // pacing: the next command is not due yet
                    clock.putEmptyWhenDue(task);
                }
            }
            List<Long> latencies = new ArrayList<>();
            long lastProcessed = start;
            long nextCommit = System.nanoTime();
            while (latencies.size() < commands.size()) {
                clock.putEmptyWhenDue(task);
                for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(5))) {
                    JsonNode result = parse(new String(record.value(), StandardCharsets.UTF_8));
                    Long put = handedOver.remove(result.path("command_id").asText());
                    if (put == null) {
                        continue;
                    }
                    if ("REJECTED".equals(result.path("status").asText())) {
                        throw new IllegalStateException("the bench's command was rejected: " + result);
                    }
                    long processed = result.path("processed_at").asLong();
                    latencies.add(processed - put);
                    lastProcessed = Math.max(lastProcessed, processed);
                }
                if (System.nanoTime() >= nextCommit) {
                    task.preCommit(Map.of());
                    nextCommit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                }
            }
            return new Outcome(commands.size(), (lastProcessed - start) / 1000.0, latencies);
        } finally {
            task.stop();
        }
    }

    private static Map<String, String> taskConfig(String baseUrl, String bootstrapServers, int maxInFlight) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "bench-sink");
        config.put("topics", COMMANDS_TOPIC);
        config.put("metronome.api.url", baseUrl);
        config.put("metronome.api.token", EmulatorProcess.TOKEN);
        config.put("metronome.requests.per.second", "0");
        config.put("commands.max.in.flight", String.valueOf(maxInFlight));
        config.put("results.topic", RESULTS_TOPIC);
        config.put("results.bootstrap.servers", bootstrapServers);
        config.put("results.converter.schemas.enable", "false");
        MetronomeSinkConnector connector = new MetronomeSinkConnector();
        connector.start(config);
        return connector.taskConfigs(1).get(0);
    }

    /** Reads results written from now on. */
    private static KafkaConsumer<byte[], byte[]> resultsConsumer(String bootstrapServers) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        TopicPartition results = new TopicPartition(RESULTS_TOPIC, 0);
        consumer.assign(List.of(results));
        consumer.seekToEnd(List.of(results));
        consumer.position(results);
        return consumer;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A worker calls put() again, with whatever arrived (maybe nothing), once the poll timeout the task asked for
     * through {@link SinkTaskContext#timeout} ends: the sink writes finished results from put().
     */
    private static final class PutClock {
        private final FakeSinkTaskContext context;
        private long lastPutNanos = System.nanoTime();

        PutClock(FakeSinkTaskContext context) {
            this.context = context;
        }

        void putCalled() {
            lastPutNanos = System.nanoTime();
        }

        void putEmptyWhenDue(MetronomeSinkTask task) {
            long timeoutMs = context.requestedTimeoutMs();
            if (timeoutMs >= 0 && System.nanoTime() - lastPutNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                context.clearRequestedTimeout();
                task.put(List.of());
                putCalled();
            }
        }
    }
}
