package io.kafkaconnect.metronome.quickstart.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import io.kafkaconnect.metronome.quickstart.records.CompatSchemaRegistry;
import io.kafkaconnect.metronome.quickstart.records.ConfluentAvroCodec;

/**
 * The demo's customer commands, one of each action plus one that must be rejected, written to the sink's
 * command topic as Confluent-wire-format Avro values ({@code schemas/customer_command.avsc}) with plain-string
 * keys (the customer's ingest alias), which is what config/metronome-sink.json expects.
 */
public final class DemoCommands {

    /** A command and the key it is written under. */
    public record Command(String key, GenericRecord value) {
        public String commandId() {
            return value.get("command_id").toString();
        }
    }

    private static final Schema SCHEMA = loadSchema();
    private final List<Command> commands;

    /** @param runId makes the command ids (and so the Idempotency-Keys derived from them) unique per run */
    public DemoCommands(String runId) {
        Schema previewEvent = SCHEMA.getField("preview_events").schema().getTypes().get(1).getElementType();
        GenericRecord apiCall = new GenericRecordBuilder(previewEvent)
                .set("event_type", "api_call")
                .set("timestamp", Instant.now().toString())
                .set("transaction_id", "preview-" + runId)
                .set("properties", "{\"endpoint\":\"/v1/preview\"}")
                .build();
        commands = List.of(
                command(runId, 1, "CREATE", "wayne", Map.of("name", "Wayne Enterprises")),
                command(runId, 2, "SET_NAME", "globex", Map.of("name", "Globex Corporation")),
                command(runId, 3, "SET_INGEST_ALIASES", "initech", Map.of("ingest_aliases", List.of("initech", "initech-eu"))),
                command(runId, 4, "UPDATE_CONFIG", "acme", Map.of("salesforce_account_id", "0015e00000AcMeXyZ")),
                command(runId, 5, "PREVIEW_EVENTS", "acme", Map.of("preview_events", List.of(apiCall))),
                command(runId, 6, "ARCHIVE", "hooli", Map.of()),
                // No customer owns this alias: the sink rejects the command and sends it to the DLQ.
                command(runId, 7, "SET_NAME", "no-such-customer", Map.of("name", "Nobody")));
    }

    public List<Command> commands() {
        return commands;
    }

    public List<String> commandIds() {
        return commands.stream().map(Command::commandId).toList();
    }

    /** Registers the command schema under {@code <topic>-value} and writes every command; returns once acked. */
    public void publish(String bootstrapServers, CompatSchemaRegistry registry, String topic)
            throws IOException, InterruptedException {
        publish(bootstrapServers, registry, topic, commands);
    }

    /** A CREATE of a customer with this ingest alias and name (not one of the demo's), keyed by the alias. */
    public static Command create(String commandId, String alias, String name) {
        GenericRecordBuilder builder = new GenericRecordBuilder(SCHEMA)
                .set("command_id", commandId)
                .set("action", new GenericData.EnumSymbol(SCHEMA.getField("action").schema(), "CREATE"))
                .set("ingest_alias", alias)
                .set("name", name);
        return new Command(alias, builder.build());
    }

    /** Registers the command schema under {@code <topic>-value} and writes these commands; returns once acked. */
    public static void publish(String bootstrapServers, CompatSchemaRegistry registry, String topic, List<Command> commands)
            throws IOException, InterruptedException {
        int schemaId = registry.register(topic + "-value", SCHEMA);
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (Command command : commands) {
                sends.add(producer.send(new ProducerRecord<>(topic, command.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        ConfluentAvroCodec.encode(schemaId, SCHEMA, command.value()))));
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Cannot write the demo commands to " + topic, e);
        }
    }

    private Command command(String runId, int n, String action, String alias, Map<String, Object> fields) {
        GenericRecordBuilder builder = new GenericRecordBuilder(SCHEMA)
                .set("command_id", "demo-" + runId + "-" + n)
                .set("action", new GenericData.EnumSymbol(SCHEMA.getField("action").schema(), action))
                .set("ingest_alias", alias);
        fields.forEach(builder::set);
        return new Command(alias, builder.build());
    }

    private static Schema loadSchema() {
        try (InputStream in = DemoCommands.class.getResourceAsStream("/schemas/customer_command.avsc")) {
            if (in == null) {
                throw new IllegalStateException("schemas/customer_command.avsc is missing from the quickstart jar");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
