package io.kafkaconnect.metronome.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka side of {@link ResultsTopicLookback}: the committed offsets of the sink's consumer group (an admin
 * client) and the results written since a given time (a consumer without a group, from the first result at or after
 * that time to the end of each partition of the results topic). Both use {@code results.bootstrap.servers} and the
 * client settings among {@code results.producer.*} (security etc.); clients live for one lookup only.
 */
final class ResultsTopicReader implements ResultsTopicLookback.Source {

    /** Reaching the cluster: short, as it holds up open() (a wrong results address must not stall the sink). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Reading the results written since the mark, once the cluster answered. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MetronomeSinkConfig config;
    private final String groupId;
    private final CommandResults results;
    private final String clientId;

    /** @param groupId the sink's consumer group: {@code connect-<connector name>} unless overridden */
    ResultsTopicReader(MetronomeSinkConfig config, String groupId, CommandResults results, String clientId) {
        this.config = config;
        this.groupId = groupId;
        this.results = results;
        this.clientId = clientId;
    }

    /** The sink's consumer group, as Connect names it unless {@code consumer.override.group.id} is set. */
    static String groupId(Map<String, String> taskProps) {
        return taskProps.getOrDefault("consumer.override.group.id", "connect-" + taskProps.getOrDefault("name", ""));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) throws Exception {
        Admin admin = Admin.create(clientProps(AdminClientConfig.configNames()));
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
                    .partitionsToOffsetAndMetadata(groupId).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> found = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    found.put(partition, offset);
                }
            });
            return found;
        } finally {
            admin.close(Duration.ZERO); // a call still waiting for an unreachable cluster is abandoned, not awaited
        }
    }

    @Override
    public void resultsSince(long sinceMs, Consumer<ResultsTopicLookback.WrittenResult> each) throws Exception {
        Map<String, Object> props = clientProps(ConsumerConfig.configNames());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String topic = config.resultsTopic();
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, CONNECT_TIMEOUT).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(partition -> since.put(partition, sinceMs));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!readToEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " up to " + ends + " took over " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        results.answered(record).ifPresent(each);
                    }
                }
            }
        }
    }

    private static boolean readToEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
    }

    /** Bootstrap servers plus the results producer's settings that this kind of client also knows. */
    private Map<String, Object> clientProps(Set<String> known) {
        Map<String, Object> props = new HashMap<>();
        config.originalsWithPrefix(MetronomeSinkConfig.RESULTS_PRODUCER_PREFIX).forEach((name, value) -> {
            if (known.contains(name)) {
                props.put(name, value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getList(MetronomeSinkConfig.RESULTS_BOOTSTRAP_SERVERS));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
        return props;
    }
}
