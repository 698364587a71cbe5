package io.kafkaconnect.metronome.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Source: time from a rename in Metronome to the customer's new record in Kafka, through a real Connect worker
 * and broker. A rename is picked up by the next read of its page, so it waits at most one scan plus the poll
 * interval; the run uses a short interval to take several samples, and the bound at the default interval is
 * derived from the measured scan time.
 */
final class Freshness {

    static final String SECTION = "source: freshness";
    static final long DEFAULT_POLL_INTERVAL_MS = 300_000;
    private static final String CONNECTOR = "bench-freshness";
    private static final String TOPIC = "metronome.customers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmulatorProcess emulator;
    private final int customers;
    private final long latencyMs;
    private final long pollIntervalMs;
    private final Random random = new Random(7);

    Freshness(EmulatorProcess emulator, int customers, long latencyMs, long pollIntervalMs) {
        this.emulator = emulator;
        this.customers = customers;
        this.latencyMs = latencyMs;
        this.pollIntervalMs = pollIntervalMs;
    }

    void run(ResultTable table, int runs, Figure scanSeconds) throws InterruptedException {
        String n = String.format("%,d", customers);
        Figure fresh = table.figure(SECTION, "rename → record in Kafka, poll.interval.ms=" + pollIntervalMs, "s",
                "one rename per run, of random customers, all at one random moment after the first scan; " + n
                        + " customers, " + latencyMs + " ms per request, other settings default, one Connect worker "
                        + "(JsonConverter) and broker in the bench JVM; rename time to the record's timestamp");
        Figure bound = table.figure(SECTION, "worst case at the default poll.interval.ms=" + DEFAULT_POLL_INTERVAL_MS,
                "s", "derived: default interval + one full scan as measured in the scan section (a rescan after "
                        + "the first emits only changed customers, so it costs about what that bare scan does); "
                        + "Metronome's own warehouse export: ~4 h");
        emulator.reset();
        emulator.seedCustomers(customers, "customer ", "alias-");
        emulator.latency(latencyMs);
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "true"); // Connect's producer creates the connector's topics
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name("bench-freshness").numWorkers(1).numBrokers(1).brokerProps(broker).workerProps(workerProps())
                .build();
        cluster.start();
        try (MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(),
                EmulatorProcess.TOKEN));
             KafkaConsumer<byte[], byte[]> consumer = cluster.kafka().createConsumer(Map.of(
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            cluster.configureConnector(CONNECTOR, connectorConfig());
            List<String> ids = firstScan(consumer);
            // the samples are renames of different customers at one moment: each waits for its own page to come
            // round again, so together they sample the scan's phase like renames at independent moments would
            Thread.sleep(random.nextInt((int) Math.min(pollIntervalMs, 5_000)));
            Map<String, Long> renamedAt = new HashMap<>();
            for (int run = 0; run < runs; run++) {
                String id = ids.get(random.nextInt(ids.size()));
                String name = "renamed " + run + " " + random.nextInt(1_000_000);
                renamedAt.put(name, System.currentTimeMillis());
                client.setName(id, name, null);
            }
            awaitNames(consumer, renamedAt.keySet()).forEach((name, seenAt) -> {
                double seconds = (seenAt - renamedAt.get(name)) / 1000.0;
                fresh.add(seconds);
                Progress.log("freshness of '%s': %.1f s", name, seconds);
            });
            if (scanSeconds != null) {
                scanSeconds.values().forEach(scan -> bound.add(DEFAULT_POLL_INTERVAL_MS / 1000.0 + scan));
            }
        } finally {
            cluster.stop();
        }
    }

    /** Waits for the first scan's records; returns the customer ids read. */
    private List<String> firstScan(KafkaConsumer<byte[], byte[]> consumer) {
        long start = System.nanoTime();
        Set<String> ids = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (ids.size() < customers) {
            if (consumer.assignment().isEmpty()) {
                List<TopicPartition> partitions = partitions(consumer);
                if (partitions.isEmpty()) {
                    sleepQuietly(200);
                    continue;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                ids.add(json(record.key()).path("id").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first scan did not finish in 5 minutes: " + ids.size());
            }
        }
        Progress.log("freshness: first scan of %,d customers into Kafka in %.1f s", ids.size(),
                (System.nanoTime() - start) / 1e9);
        return new ArrayList<>(ids);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            return consumer.partitionsFor(TOPIC, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
    }

    /** Reads on until customer records carry all {@code names}; returns each name's record timestamp. */
    private static Map<String, Long> awaitNames(KafkaConsumer<byte[], byte[]> consumer, Set<String> names) {
        Map<String, Long> seen = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (seen.size() < names.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("renames did not reach Kafka in 5 minutes: " + names);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String name = record.value() == null ? null : json(record.value()).path("name").asText();
                if (names.contains(name)) {
                    seen.putIfAbsent(name, record.timestamp());
                }
            }
        }
        return seen;
    }

    private Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", MetronomeSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("metronome.api.url", emulator.baseUrl());
        config.put("metronome.api.token", EmulatorProcess.TOKEN);
        config.put("streams", "customers");
        config.put("poll.interval.ms", String.valueOf(pollIntervalMs));
        return config;
    }

    private static Map<String, String> workerProps() {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "false");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        return props;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
