package io.kafkaconnect.metronome.bench;

import static io.kafkaconnect.metronome.client.MetronomeRequests.setName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.source.MetronomeSourceConfig;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * and broker, at the connector's default {@code poll.interval.ms}. A rename is picked up by the next read of its
 * page, so it waits at most one scan cycle (the interval plus a rescan). The renames follow each other: each one
 * after a random pause of up to one cycle once the previous record arrived, so each lands at a random point of
 * the cycle. The scans' start and end are read from the connector's progress topic.
 */
final class Freshness {

    static final String SECTION = "source: freshness";
    /** The connector's own default: the section measures what a user gets without setting it. */
    static final long DEFAULT_POLL_INTERVAL_MS = (Long) MetronomeSourceConfig.CONFIG_DEF.defaultValues()
            .get(MetronomeSourceConfig.POLL_INTERVAL_MS);
    private static final String CONNECTOR = "bench-freshness";
    private static final String TOPIC = "metronome.customers";
    private static final String PROGRESS_TOPIC = "metronome.progress";
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmulatorProcess emulator;
    private final int customers;
    private final long latencyMs;
    private final int renames;
    private final Random random = new Random(7);
    private final Set<String> ids = new HashSet<>();
    private final ScanTimes scans = new ScanTimes();

    Freshness(EmulatorProcess emulator, int customers, long latencyMs, int renames) {
        this.emulator = emulator;
        this.customers = customers;
        this.latencyMs = latencyMs;
        this.renames = renames;
    }

    void run(ResultTable table) throws InterruptedException {
        String n = String.format("%,d", customers);
        Figure fresh = table.figure(SECTION, "rename → record in Kafka, poll.interval.ms=" + DEFAULT_POLL_INTERVAL_MS
                        + " (the default)", "s",
                renames + " renames of distinct random customers, each at its own uniformly random moment of "
                        + "one window of (interval + first scan time) after the first scan, so at a random point "
                        + "of the scan cycle; " + n + " customers, " + latencyMs + " ms per request, every other setting default "
                        + "(metronome.requests.per.second included), one Connect worker (JsonConverter) and broker in "
                        + "the bench JVM; from just before the rename request to the record's timestamp; "
                        + "Metronome's own warehouse export: ~4 h");
        Figure firstScan = table.figure(SECTION, "first scan of " + n + " customers into Kafka", "s",
                "connector start to the scan's completion on the progress topic; every customer emitted");
        Figure rescan = table.figure(SECTION, "rescan of " + n + " customers (only renamed ones emitted)", "s",
                "the scans that completed during the renames: first page to completion on the progress topic");
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
            long start = System.currentTimeMillis();
            cluster.configureConnector(CONNECTOR, connectorConfig());
            awaitFirstScan(consumer);
            firstScan.add((scans.lastCompletedAt - start) / 1000.0);
            Progress.log("freshness: first scan of %,d customers into Kafka in %.1f s", ids.size(),
                    (scans.lastCompletedAt - start) / 1000.0);
            List<String> customerIds = new ArrayList<>(ids);
            scans.recordDurationsIn(rescan);
            measureRenames(consumer, client, customerIds, fresh);
        } finally {
            cluster.stop();
        }
    }

    /**
     * Renames {@code renames} distinct random customers, each at its own uniformly random moment of one window of
     * (interval + first scan time) after the first scan, so each lands at a random point of the scan cycle; the
     * trials overlap in time, which keeps the section to about two cycles instead of one per rename.
     */
    private void measureRenames(KafkaConsumer<byte[], byte[]> consumer, MetronomeClient client,
                                List<String> customerIds, Figure fresh) {
        long window = DEFAULT_POLL_INTERVAL_MS + scans.lastDurationMs;
        long windowStart = System.currentTimeMillis();
        List<Long> renameAt = new ArrayList<>();
        for (int i = 0; i < renames; i++) {
            renameAt.add(windowStart + (long) (random.nextDouble() * window));
        }
        renameAt.sort(null);
        Map<String, Long> renamedAt = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        List<String> targets = new ArrayList<>(customerIds);
        Collections.shuffle(targets, random);
        long deadline = System.nanoTime() + WAIT.toNanos() + window * 1_000_000;
        int next = 0;
        while ((next < renames || !pending.isEmpty()) && System.nanoTime() < deadline) {
            while (next < renames && System.currentTimeMillis() >= renameAt.get(next)) {
                String name = "renamed " + next + " " + random.nextInt(1_000_000);
                long at = System.currentTimeMillis();
                client.execute(setName(targets.get(next), name, null));
                renamedAt.put(name, at);
                pending.put(name, at);
                Progress.log("freshness: rename %d at %.1f s of a %.1f s window", next + 1,
                        (at - windowStart) / 1000.0, window / 1000.0);
                next++;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(PROGRESS_TOPIC)) {
                    scans.read(record);
                } else if (record.value() != null) {
                    Long at = pending.remove(json(record.value()).path("name").asText());
                    if (at != null) {
                        double seconds = (record.timestamp() - at) / 1000.0;
                        fresh.add(seconds);
                        Progress.log("freshness: a rename reached Kafka after %.1f s", seconds);
                    }
                }
            }
        }
        if (next < renames || !pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " rename(s) did not reach Kafka in " + WAIT);
        }
    }

    /** Reads until the first scan's completion is on the progress topic and every customer's record was read. */
    private void awaitFirstScan(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (scans.lastCompletedAt == 0 || ids.size() < customers) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first scan did not finish in " + WAIT + ": " + ids.size()
                        + " customers read");
            }
            if (consumer.assignment().isEmpty()) {
                assignBothTopics(consumer);
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.topic().equals(TOPIC)) {
                    ids.add(json(record.key()).path("id").asText());
                } else {
                    scans.read(record);
                }
            }
        }
    }

    private void assignBothTopics(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(TOPIC, PROGRESS_TOPIC)) {
            try {
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                return; // not created yet: the connector's producer creates it with its first record
            }
        }
        if (partitions.stream().map(TopicPartition::topic).distinct().count() == 2) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } else {
            sleepQuietly(200);
        }
    }

    private Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", MetronomeSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("metronome.api.url", emulator.baseUrl());
        config.put("metronome.api.token", EmulatorProcess.TOKEN);
        config.put("streams", "customers");
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

    /**
     * Start and end of the connector's scans, from its progress records (one per page read, the last one says
     * "scan completed"), by the records' timestamps.
     */
    private static final class ScanTimes {
        private long startedAt;
        private long lastCompletedAt;
        private long lastDurationMs;
        private Figure durations;

        /** From now on, adds each completed scan's duration to {@code figure}. */
        void recordDurationsIn(Figure figure) {
            durations = figure;
        }

        void read(ConsumerRecord<byte[], byte[]> record) {
            boolean completed = json(record.value()).asText().startsWith("scan completed");
            if (!completed && startedAt == 0) {
                startedAt = record.timestamp();
            } else if (completed && startedAt != 0) {
                lastCompletedAt = record.timestamp();
                lastDurationMs = lastCompletedAt - startedAt;
                startedAt = 0;
                if (durations != null) {
                    durations.add(lastDurationMs / 1000.0);
                }
            }
        }
    }
}
