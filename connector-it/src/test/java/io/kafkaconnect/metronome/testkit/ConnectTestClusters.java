package io.kafkaconnect.metronome.testkit;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Our standard in-process Kafka + Connect cluster ({@link EmbeddedConnectCluster} from Kafka's test kit:
 * a real KRaft broker and real distributed workers with the real REST API), and the waits the ITs share.
 *
 * <pre>{@code
 * cluster = ConnectTestClusters.builder().name("customers-it").avroConverters(registry).start();
 * cluster.configureConnector("src", config);
 * ConnectTestClusters.awaitRunning(cluster, "src", 1);
 * List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readRecords(cluster, "topic", 10);
 * ...
 * cluster.stop();
 * }</pre>
 * Start one cluster per test class ({@code @BeforeAll}); a start costs 4-8 s and ~400 MB.
 */
public final class ConnectTestClusters {

    /** Deadline for connectors, tasks and records to show up on a loaded 2-core machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private ConnectTestClusters() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a cluster to start; every setter returns the builder. */
    public static final class Builder {
        private String name = "metronome-it";
        private int workers = 1;
        private final Map<String, String> workerProps = new HashMap<>();
        private final Properties brokerProps = new Properties();

        private Builder() {
            // Connectors and converters come from META-INF/services files on the test classpath; the
            // default reflective scan (hybrid_fail) costs seconds and hundreds of MB per worker.
            workerProps.put("plugin.discovery", "service_load");
            // Source offsets reach the offsets topic quickly, so restart tests wait for seconds, not a minute.
            workerProps.put("offset.flush.interval.ms", "500");
            workerProps.put("scheduled.rebalance.max.delay.ms", "5000");
            jsonConverters();
            // Exactly-once source support and read_committed consumers need the transaction log on one broker.
            brokerProps.put("transaction.state.log.replication.factor", "1");
            brokerProps.put("transaction.state.log.min.isr", "1");
            brokerProps.put("offsets.topic.replication.factor", "1");
            brokerProps.put("group.initial.rebalance.delay.ms", "0");
            brokerProps.put("auto.create.topics.enable", "true");
        }

        /** Cluster name, also the prefix of the internal topics and the worker group id. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** The default: Kafka's JsonConverter with schemas embedded, for keys and values. */
        public Builder jsonConverters() {
            workerProps.keySet().removeIf(k -> k.startsWith("key.converter") || k.startsWith("value.converter"));
            workerProps.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            workerProps.put("key.converter.schemas.enable", "true");
            workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            workerProps.put("value.converter.schemas.enable", "true");
            return this;
        }

        /** Apicurio's AvroConverter (Confluent wire format) against {@code registry}, for keys and values. */
        public Builder avroConverters(ApicurioRegistryServer registry) {
            workerProps.keySet().removeIf(k -> k.startsWith("key.converter") || k.startsWith("value.converter"));
            workerProps.putAll(registry.avroConverterProps(true));
            workerProps.putAll(registry.avroConverterProps(false));
            return this;
        }

        /** Workers run source tasks in transactions ({@code exactly.once.source.support=enabled}). */
        public Builder exactlyOnceSource() {
            workerProps.put("exactly.once.source.support", "enabled");
            return this;
        }

        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        public Builder brokerProp(String key, String value) {
            brokerProps.put(key, value);
            return this;
        }

        /** Builds the cluster without starting it. */
        public EmbeddedConnectCluster build() {
            return new EmbeddedConnectCluster.Builder()
                    .name(name)
                    .numWorkers(workers)
                    .numBrokers(1)
                    .workerProps(new HashMap<>(workerProps))
                    .brokerProps(brokerProps)
                    .build();
        }

        /** Starts the broker and the workers, and returns once every worker answers REST. */
        public EmbeddedConnectCluster start() {
            EmbeddedConnectCluster cluster = build();
            cluster.start();
            try {
                cluster.assertions().assertExactlyNumWorkersAreUp(workers, "Connect workers did not start in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cluster.stop();
                throw new IllegalStateException("interrupted while starting " + name, e);
            } catch (RuntimeException | Error e) {
                cluster.stop();
                throw e;
            }
            return cluster;
        }
    }

    /**
     * Waits until the connector and exactly {@code tasks} tasks are RUNNING. Fails at once, with the
     * worker's stack trace, when the connector or a task is FAILED: a failed task does not recover by itself.
     */
    public static void awaitRunning(EmbeddedConnectCluster cluster, String connector, int tasks) {
        await("connector " + connector + " and " + tasks + " task(s) RUNNING")
                .atMost(DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreException(ConnectRestException.class)
                .until(() -> isRunning(cluster, connector, tasks));
    }

    /** Whether the connector and exactly {@code tasks} tasks are RUNNING now; fails at once if one has FAILED. */
    public static boolean isRunning(EmbeddedConnectCluster cluster, String connector, int tasks) {
        ConnectorStateInfo status = cluster.connectorStatus(connector);
        failIfFailed(connector, status);
        return "RUNNING".equals(status.connector().state())
                && status.tasks().size() == tasks
                && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    /**
     * Waits until the consumer group of sink {@code connector} is stable with {@code members} members, each with
     * partitions, so that a test starts from a settled assignment.
     */
    public static void awaitStableSinkGroup(EmbeddedConnectCluster cluster, String connector, int members,
                                            Duration timeout) {
        String group = "connect-" + connector;
        try (Admin admin = cluster.kafka().createAdminClient()) {
            await("consumer group " + group + " stable with " + members + " members").atMost(timeout)
                    .until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                                .all().get().get(group);
                        return description.groupState() == GroupState.STABLE && description.members().size() == members
                                && description.members().stream()
                                        .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    /** Sends {@code key → value} records to {@code topic} in order (idempotent producer: no reordering on retry). */
    public static void produce(EmbeddedConnectCluster cluster, String topic, List<Map.Entry<String, byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = cluster.kafka().createProducer(Map.of("linger.ms", 10,
                "enable.idempotence", true, "max.in.flight.requests.per.connection", 1))) {
            for (Map.Entry<String, byte[]> record : records) {
                producer.send(new ProducerRecord<>(topic, record.getKey() == null ? null
                        : record.getKey().getBytes(StandardCharsets.UTF_8), record.getValue()));
            }
            producer.flush();
        }
    }

    /**
     * Stops {@code connector} (PUT /connectors/{name}/stop) and waits until its tasks are gone from every worker.
     * Connect reports the connector STOPPED, with no tasks, as soon as the stop is recorded, while the old tasks may
     * still be finishing and committing their final offsets (up to task.shutdown.graceful.timeout.ms): offsets read
     * or altered in between could be overwritten. A task is gone once the worker removed its metrics.
     */
    public static void stopAndAwaitTasksGone(EmbeddedConnectCluster cluster, String connector) {
        cluster.stopConnector(connector);
        await("connector " + connector + " STOPPED and its tasks gone")
                .atMost(DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(ConnectRestException.class)
                .until(() -> {
                    ConnectorStateInfo status = cluster.connectorStatus(connector);
                    return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty()
                            && taskMetrics(connector).isEmpty();
                });
    }

    /** The JMX names of the worker's task metrics of {@code connector}: one per task alive in this JVM. */
    public static Set<ObjectName> taskMetrics(String connector) {
        try {
            return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
                    "kafka.connect:type=connector-task-metrics,connector=" + connector + ",*"), null);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("connector name " + connector + " is not JMX-safe", e);
        }
    }

    private static void failIfFailed(String connector, ConnectorStateInfo status) {
        if ("FAILED".equals(status.connector().state())) {
            throw new AssertionError("connector " + connector + " FAILED:\n" + status.connector().trace());
        }
        status.tasks().stream()
                .filter(t -> "FAILED".equals(t.state()))
                .findFirst()
                .ifPresent(t -> {
                    throw new AssertionError("task " + connector + "-" + t.id() + " FAILED:\n" + t.trace());
                });
    }

    /** Reads {@code topic} from the beginning until at least {@code count} records arrived. */
    public static List<ConsumerRecord<byte[], byte[]>> readRecords(EmbeddedConnectCluster cluster, String topic,
                                                                   int count) {
        return readUntil(cluster, topic, Map.of(), records -> records.size() >= count, DEFAULT_TIMEOUT);
    }

    /**
     * Reads {@code topic} (all partitions, from the beginning) until the records read so far satisfy
     * {@code done}, and returns them in the order polled (per-partition order holds). Fails with the records
     * seen if the deadline passes first. {@code consumerProps} overrides consumer settings, e.g.
     * {@code isolation.level=read_committed} for exactly-once tests.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUntil(EmbeddedConnectCluster cluster, String topic,
                                                                 Map<String, Object> consumerProps,
                                                                 Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                                 Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Waiting for a topic must not create it with the broker's defaults before the connector does.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putAll(consumerProps);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.kafka().createConsumer(props)) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("gave up reading " + topic + " after " + timeout + ": condition not met"
                            + " by the " + records.size() + " record(s) read");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Every record currently in {@code topic}: reads up to the end offsets taken when called. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedConnectCluster cluster, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try {
            cluster.kafka().consumeAll(DEFAULT_TIMEOUT.toMillis(), topic).records(topic).forEach(records::add);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read all of " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return records;
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> consumer, String topic,
                                                        long deadline) {
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
        List<PartitionInfo> infos = await("topic " + topic + " to exist")
                .atMost(left.plusMillis(1))
                .pollInterval(Duration.ofMillis(200))
                .ignoreException(org.apache.kafka.common.errors.TimeoutException.class)
                .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)),
                        found -> found != null && !found.isEmpty());
        return infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toList());
    }
}
