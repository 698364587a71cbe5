package io.kafkaconnect.metronome.quickstart.records;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics from the beginning on its own thread and hands each decoded record to a listener. */
public final class TopicTail implements AutoCloseable {

    /** Receives every record; {@code value} is null for a tombstone. */
    public interface Listener {
        void onRecord(String topic, Object key, Object value);

        /** A record that could not be decoded; the tail goes on with the next one. */
        void onUndecodable(String topic, long offset, RuntimeException error);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;

    public TopicTail(String bootstrapServers, List<String> topics, ConfluentAvroCodec codec, Listener listener) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "metronome-quickstart-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // New topics (created by the connectors) are picked up within a second.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        thread = new Thread(() -> run(codec, listener), "quickstart-topic-tail");
        thread.setDaemon(true);
    }

    public TopicTail start() {
        thread.start();
        return this;
    }

    private void run(ConfluentAvroCodec codec, Listener listener) {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Object key;
                    Object value;
                    try {
                        key = codec.decode(record.key());
                        value = codec.decode(record.value());
                    } catch (RuntimeException e) {
                        listener.onUndecodable(record.topic(), record.offset(), e);
                        continue;
                    }
                    listener.onRecord(record.topic(), key, value);
                }
            }
        } catch (WakeupException e) {
            // close() interrupts a blocked poll
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
