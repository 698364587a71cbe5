package io.kafkaconnect.metronome.reliability;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.Page;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.emulator.state.UsageCounts;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorAndCluster;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import io.kafkaconnect.metronome.usage.UsageScript;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage sink's delivery guarantee under stress (issue 13): 100,000 usage events (JSON text) over 1,000 customers
 * go through a six-task usage sink on three workers (two in the test JVM, one in a JVM of its own) while Metronome
 * fails 20 % of requests, cycling through 429 (with Retry-After), 500 and 503 (the 503 applied first: a lost response),
 * with a 400 ms latency spike every other half second; mid-run the separate worker, holding usage tasks, is killed with
 * SIGKILL and started again. Metronome ends holding every event exactly once by transaction_id (whether the event
 * carried one or the connector derived it from topic, partition and offset), with each customer's count as sent, and
 * the costs API answers, day by day and customer by customer, exactly the costs computed from the sent events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageWorkerLossIT {

    private static final Logger log = LoggerFactory.getLogger(UsageWorkerLossIT.class);
    private static final String CLUSTER = "usage-worker-loss-it";
    private static final String CONNECTOR = "usage-sink";
    private static final String TOPIC = "usage.events";
    private static final String DLQ_TOPIC = "usage.dlq";
    private static final String ALIAS_PREFIX = "usage-alias-";
    private static final int CUSTOMERS = 1_000;
    private static final int EVENTS = 100_000;
    private static final int PARTITIONS = 12;
    private static final int TASKS = 6;
    private static final int DAYS = 3;
    /** Events Metronome holds when the worker is killed: well into the run, far from its end. */
    private static final int KILL_AT = 25_000;
    /**
     * How soon the group notices the killed worker's consumers are gone and gives their partitions to live tasks: the
     * consumers' default 45 s would hold those partitions idle for most of the run.
     */
    private static final String CONSUMER_SESSION_TIMEOUT_MS = "10000";

    @TempDir
    static Path workDir;

    private EmulatorAndCluster started;
    private MetronomeEmulator emulator;
    private EmbeddedConnectCluster cluster;
    private ExternalWorker external;
    private MetronomeClient client;
    private FaultCycle faults;

    @BeforeAll
    void start() {
        Map<String, String> group = ExternalWorker.groupProps(CLUSTER);
        group.put("consumer.session.timeout.ms", CONSUMER_SESSION_TIMEOUT_MS);
        ConnectTestClusters.Builder builder = ConnectTestClusters.builder().name(CLUSTER).workers(2);
        group.forEach(builder::workerProp);
        started = new EmulatorAndCluster(builder);
        emulator = started.emulator();
        cluster = started.cluster();
        cluster.kafka().createTopic(TOPIC, PARTITIONS);
        cluster.kafka().createTopic(DLQ_TOPIC, 1);
        external = ExternalWorker.joining(group, cluster.kafka().bootstrapServers(), Map.of(), workDir);
        external.start();
        client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()));
        faults = new FaultCycle(emulator);
    }

    @AfterAll
    void stop() {
        if (faults != null) {
            faults.close();
        }
        if (client != null) {
            client.close();
        }
        if (external != null) {
            external.close();
        }
        if (started != null) {
            started.close();
        }
    }

    @Test
    void everyEventIsBilledExactlyOnceThroughFaultsAndAKilledWorker() {
        long begin = System.nanoTime();
        List<String> ids = emulator.bulkCreateCustomers(CUSTOMERS, "usage customer ", ALIAS_PREFIX);
        List<String> aliases = IntStream.range(0, CUSTOMERS).mapToObj(i -> ALIAS_PREFIX + i).toList();
        String compute = metric("compute units", "SUM", UsageScript.UNITS, UsageScript.COMPUTE);
        String apiCalls = metric("api calls", "COUNT", null, UsageScript.API_CALL);
        for (int i = 0; i < CUSTOMERS; i++) {
            emulator.setExactRates(ids.get(i), Map.of(compute, UsageScript.computePrice(i),
                    apiCalls, UsageScript.apiCallPrice(i)));
        }
        Instant firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        UsageScript script = new UsageScript(ids, aliases, EVENTS, firstDay, DAYS, 13);

        cluster.configureConnector(CONNECTOR, sinkConfig());
        ConnectTestClusters.awaitRunning(cluster, CONNECTOR, TASKS);
        await("the separate worker runs usage tasks").atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> tasksOnExternalWorker() > 0);
        ConnectTestClusters.awaitStableSinkGroup(cluster, CONNECTOR, TASKS, ReliabilityRig.LONG_WAIT);

        faults.start();
        long sending = System.nanoTime();
        // Produced while the sink runs, so that the kill comes while records are still arriving.
        CompletableFuture<Long> producing = CompletableFuture.supplyAsync(() -> {
            ConnectTestClusters.produce(cluster, TOPIC, script.jsonRecords());
            return System.nanoTime();
        });

        await("Metronome holds " + KILL_AT + " events").atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> emulator.usageCounts().total() >= KILL_AT);
        int killedTasks = tasksOnExternalWorker();
        long atKill = emulator.usageCounts().total();
        external.kill();
        long killed = System.nanoTime();
        external.start();
        long produced = producing.join();

        // The sink commits an offset only once Metronome acknowledged the event: with every offset committed,
        // Metronome must hold every event, and no request can follow (its counts are final).
        await("every event's offset committed").atMost(ReliabilityRig.LONG_WAIT).pollInterval(Duration.ofMillis(500))
                .ignoreException(ConnectRestException.class) // 409 while the workers rebalance
                .until(() -> committedEvents() == EVENTS);
        long delivered = System.nanoTime();
        faults.close();
        long requests = emulator.requestCounts().getOrDefault("POST /v1/ingest", 0L);
        UsageCounts usage = emulator.usageCounts();
        log.info("usage reliability: {} events ({} by alias, {} with derived transaction ids) over {} customers;"
                        + " produced in {} ms; {} held at the kill of the worker with {} usage task(s) after {} ms;"
                        + " all committed {} ms after the first was sent; {} ingest requests, faults included;"
                        + " duplicates ignored: {}; unmatched: {}; fault settings cycled {} times",
                EVENTS, script.byAlias(), script.derivedTransactionIds(), CUSTOMERS, millis(sending, produced), atKill,
                killedTasks, millis(sending, killed), millis(sending, delivered), requests, usage.duplicatesIgnored(),
                usage.unmatched(), faults.ticks());

        assertThat(killedTasks).as("usage tasks on the killed worker").isPositive();
        assertThat(atKill).as("events held when the worker was killed").isLessThan(EVENTS / 2);
        assertThat(usage.total()).as("distinct events Metronome holds").isEqualTo(EVENTS);
        assertThat(usage.unmatched()).as("events naming no customer").isZero();
        assertThat(usage.customers()).as("events per customer")
                .isEqualTo(script.eventsPerCustomer());
        assertThat(usage.duplicatesIgnored()).as("redeliveries Metronome absorbed by transaction_id").isPositive();
        assertThat(requests).as("ingest requests, retries included").isGreaterThanOrEqualTo(EVENTS / 100);
        assertThat(ConnectTestClusters.readAll(cluster, DLQ_TOPIC)).as("dead letters").isEmpty();
        assertThat(costs(ids, firstDay)).as("each customer's daily costs").isEqualTo(script.dailyCosts());
        log.info("usage reliability verified: Metronome holds {} distinct events (sent {}); the counts of all {} "
                + "customers equal what was sent; the daily costs of all {} customers equal the costs computed from the "
                + "sent events; {} dead letters", usage.total(), EVENTS, usage.customers().size(),
                script.dailyCosts().size(), 0);
        ConnectTestClusters.awaitRunning(cluster, CONNECTOR, TASKS);
        log.info("usage reliability: test took {} ms", millis(begin, System.nanoTime()));
    }

    /**
     * Events as JSON text, six tasks, short backoffs, failures to a dead-letter queue (which must stay empty). Two
     * attempts per request in the client, so that the sink's own batch retries carry part of the faults too (about
     * 4 % of the batches, against 0.03 % with the client's five).
     */
    private Map<String, String> sinkConfig() {
        Map<String, String> config = TestConnectorConfigs.withDeadLetterQueue(
                TestConnectorConfigs.usageSink(emulator, TOPIC), DLQ_TOPIC);
        config.put("tasks.max", String.valueOf(TASKS));
        config.put(MetronomeConnectionConfig.MAX_ATTEMPTS, "2");
        return config;
    }

    private String metric(String name, String aggregation, String key, String eventType) {
        return client.execute(createBillableMetric(new CreateBillableMetricRequest(name, aggregation, key,
                new BillableMetric.EventTypeFilter(List.of(eventType), null), List.of(), List.of(), Map.of()), null));
    }

    /** Metronome id → the USD-cents cost of each day, read from the costs API. */
    private Map<String, List<BigDecimal>> costs(List<String> ids, Instant firstDay) {
        Map<String, List<BigDecimal>> costs = new LinkedHashMap<>();
        Instant end = firstDay.plus(Duration.ofDays(DAYS));
        for (String id : ids) {
            List<BigDecimal> days = new ArrayList<>();
            String next = null;
            do {
                Page<CostBucket> page = client.listCosts(id, firstDay, end, null, next);
                page.data().forEach(bucket -> days.add(bucket.creditTypes().values().stream()
                        .map(CostBucket.CreditTypeCost::cost).reduce(BigDecimal.ZERO, BigDecimal::add)));
                next = page.nextPage();
            } while (next != null);
            costs.put(id, UsageScript.normalized(days));
        }
        return costs;
    }

    /** The sum of the sink's committed offsets: the events it is done with. */
    private long committedEvents() {
        return cluster.connectorOffsets(CONNECTOR).offsets().stream()
                .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue())
                .sum();
    }

    private int tasksOnExternalWorker() {
        ConnectorStateInfo status = cluster.connectorStatus(CONNECTOR);
        return (int) status.tasks().stream()
                .filter(t -> "RUNNING".equals(t.state()) && external.workerId().equals(t.workerId())).count();
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
