package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;

/**
 * Writes one result record per command ({@code schemas/command_result.avsc}, keyed by command id) to the results
 * topic through a producer the task owns: Connect gives sink tasks no producer. The producer is idempotent, so its
 * own retries write no duplicates. Results are read back with the same converter after a partition changes owner
 * ({@link ResultsTopicLookback}).
 */
final class CommandResults implements AutoCloseable {

    static final Schema SCHEMA = AvroSchemaConverter.load("command_result");

    private final String topic;
    private final Converter converter;
    private final Producer<byte[], byte[]> producer;

    CommandResults(MetronomeSinkConfig config, String clientId) {
        this.topic = config.resultsTopic();
        this.converter = Utils.newInstance(config.getClass(MetronomeSinkConfig.RESULTS_CONVERTER), Converter.class);
        withConverterLoader(() -> {
            converter.configure(config.originalsWithPrefix(MetronomeSinkConfig.RESULTS_CONVERTER_PREFIX), false);
            return null;
        });
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getList(MetronomeSinkConfig.RESULTS_BOOTSTRAP_SERVERS));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(config.originalsWithPrefix(MetronomeSinkConfig.RESULTS_PRODUCER_PREFIX));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes through the given producer (tests pass a {@code MockProducer}). */
    CommandResults(String topic, Converter converter, Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.converter = converter;
        this.producer = producer;
    }

    /** Sends the result of the command read from {@code source}; completes when the broker has it. */
    CompletableFuture<Void> publish(SinkRecord source, String commandId, CustomerAction action, CommandOutcome outcome) {
        Struct result = new Struct(SCHEMA)
                .put("command_id", commandId)
                .put("action", action == null ? null : action.name())
                .put("status", outcome.status().name())
                .put("customer_id", outcome.customerId())
                .put("message", outcome.message())
                .put("invoice", outcome.invoice() == null ? null : MetronomeJson.text(outcome.invoice()))
                .put("invoices", invoicesText(outcome))
                .put("source_topic", source.topic())
                .put("source_partition", source.kafkaPartition())
                .put("source_offset", source.kafkaOffset())
                .put("processed_at", new Date());
        byte[] key = commandId == null ? null : commandId.getBytes(StandardCharsets.UTF_8);
        byte[] value = withConverterLoader(() -> converter.fromConnectData(topic, SCHEMA, result));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(error);
            }
        });
        return sent;
    }

    /**
     * The command a result record of the results topic answers, read with the results converter; empty for a
     * record that is not a result.
     */
    Optional<ResultsTopicLookback.WrittenResult> answered(ConsumerRecord<byte[], byte[]> record) {
        Object value;
        try {
            value = withConverterLoader(() -> converter.toConnectData(topic, record.value())).value();
        } catch (RuntimeException notAResult) {
            return Optional.empty();
        }
        Object sourceTopic = field(value, "source_topic");
        Object partition = field(value, "source_partition");
        Object offset = field(value, "source_offset");
        if (!(sourceTopic instanceof String t) || !(partition instanceof Number p) || !(offset instanceof Number o)) {
            return Optional.empty();
        }
        return Optional.of(new ResultsTopicLookback.WrittenResult(new TopicPartition(t, p.intValue()), o.longValue(),
                record.timestamp()));
    }

    private static Object field(Object value, String name) {
        if (value instanceof Struct struct) {
            return struct.schema().field(name) == null ? null : struct.get(name);
        }
        return value instanceof Map<?, ?> map ? map.get(name) : null;
    }

    /**
     * Every invoice of a preview as one JSON array text (the {@code invoices} field; {@code invoice} keeps the first for
     * readers of the first schema); null for other commands.
     */
    static String invoicesText(CommandOutcome outcome) {
        if (outcome.invoices() == null) {
            return null;
        }
        ArrayNode array = MetronomeJson.MAPPER.createArrayNode();
        outcome.invoices().forEach(array::add);
        return MetronomeJson.text(array);
    }

    /**
     * Runs {@code action} with the converter's own class loader as the thread's context loader, as Connect does for
     * the converters it creates. The converter may come from another plugin on the worker (Apicurio's or
     * Confluent's Avro converter), whose dependencies only its loader sees, and may load classes by name through
     * the context loader: Apicurio's does for its class-valued settings, which then failed under this plugin's
     * loader ("Class io.apicurio.registry.serde.avro.DefaultAvroDatumProvider could not be found").
     */
    private <T> T withConverterLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(converter.getClass().getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
