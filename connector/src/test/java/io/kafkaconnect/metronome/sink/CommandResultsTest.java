package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.client.MetronomeJson;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The results converter runs with its own class loader as the context loader, as Connect runs the converters it
 * creates: on a worker the converter may be another plugin's (Apicurio's, Confluent's), and the task's context loader
 * (this plugin's) cannot see that plugin's classes.
 */
class CommandResultsTest {

    /** The task thread's context loader on a worker: this plugin's loader, not the converter's. */
    private final ClassLoader pluginLoader = new URLClassLoader(new URL[0], CommandResultsTest.class.getClassLoader());
    private ClassLoader before;

    @BeforeEach
    void runOnAPluginThread() {
        before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(pluginLoader);
        ContextLoaderProbe.seen.clear();
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(before);
    }

    @Test
    void theConverterIsConfiguredUnderItsOwnClassLoader() {
        MetronomeSinkConfig config = new MetronomeSinkConfig(Map.of(
                "metronome.api.token", "token",
                "results.bootstrap.servers", "localhost:9092",
                "results.converter", ContextLoaderProbe.class.getName()));

        try (CommandResults ignored = new CommandResults(config, "test")) {
            assertThat(ContextLoaderProbe.seen).containsEntry("configure", ContextLoaderProbe.class.getClassLoader());
            assertThat(Thread.currentThread().getContextClassLoader()).as("restored afterwards").isSameAs(pluginLoader);
        }
    }

    @Test
    void resultsAreConvertedUnderTheConvertersClassLoader() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
        CommandResults results = new CommandResults("results", new ContextLoaderProbe(), producer);

        results.publish(new SinkRecord("commands", 0, null, "key", null, "value", 7), "c-1", CustomerAction.CREATE,
                CommandOutcome.applied("cust-1"));

        assertThat(ContextLoaderProbe.seen).containsEntry("fromConnectData", ContextLoaderProbe.class.getClassLoader());
        assertThat(Thread.currentThread().getContextClassLoader()).as("restored afterwards").isSameAs(pluginLoader);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void aPreviewResultHoldsEveryInvoiceAndTheFirstAsInvoice() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        CommandResults results = new CommandResults("results", converter, producer);
        ObjectMapper json = new ObjectMapper();
        // read as the client reads them: decimals exact
        List<JsonNode> invoices = List.of(MetronomeJson.MAPPER.readTree("{\"id\": \"usd\", \"total\": 0.30000000000000003}"),
                MetronomeJson.MAPPER.readTree("{\"id\": \"credits\", \"total\": 15.50}"));
        SinkRecord source = new SinkRecord("commands", 0, null, "key", null, "value", 8);

        results.publish(source, "p-1", CustomerAction.PREVIEW_EVENTS,
                new CommandOutcome(CommandStatus.APPLIED, "cust-1", null, invoices));
        results.publish(source, "c-1", CustomerAction.CREATE, CommandOutcome.applied("cust-1"));

        JsonNode preview = json.readTree(producer.history().get(0).value());
        assertThat(json.readTree(preview.path("invoices").asText())).extracting(invoice -> invoice.path("id").asText())
                .containsExactly("usd", "credits");
        assertThat(preview.path("invoices").asText()).contains("0.30000000000000003", "15.50");
        assertThat(json.readTree(preview.path("invoice").asText()).path("id").asText()).isEqualTo("usd");
        JsonNode create = json.readTree(producer.history().get(1).value());
        assertThat(create.path("invoices").isNull()).isTrue();
        assertThat(create.path("invoice").isNull()).isTrue();
    }

    /** Records the context class loader each call ran under. */
    public static final class ContextLoaderProbe implements Converter {
        static final Map<String, ClassLoader> seen = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            seen.put("configure", Thread.currentThread().getContextClassLoader());
        }

        @Override
        public byte[] fromConnectData(String topic, Schema schema, Object value) {
            seen.put("fromConnectData", Thread.currentThread().getContextClassLoader());
            return new byte[] {1};
        }

        @Override
        public SchemaAndValue toConnectData(String topic, byte[] value) {
            throw new UnsupportedOperationException();
        }
    }
}
