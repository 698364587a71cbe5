package io.kafkaconnect.metronome.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test kit end to end: a real Apicurio Registry, a real broker and worker with Apicurio's AvroConverter,
 * a source connector writing Structs of a {@code schemas/} file, and an independent Avro decoder reading
 * the topic back with the schema fetched from the registry by id.
 */
class RegistryConverterIT {

    private static final int RECORDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AvroConnectCluster AVRO = new AvroConnectCluster("registry-converter-it");

    private final ApicurioRegistryServer registry = AVRO.registry();
    private final EmbeddedConnectCluster cluster = AVRO.cluster();
    private final RegistryAvroDecoder decoder = AVRO.decoder();

    @Test
    void writesConfluentWireFormatThatPlainAvroReadsBack() throws Exception {
        String topic = "probe-avro";
        cluster.configureConnector("probe-avro", probeConfig(topic));
        ConnectTestClusters.awaitRunning(cluster, "probe-avro", 1);

        List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readRecords(cluster, topic, RECORDS);

        assertThat(records).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            GenericRecord key = decoder.decodeRecord(records.get(i).key());
            GenericRecord value = decoder.decodeRecord(records.get(i).value());
            assertThat(key.get("id")).hasToString(ProbeSourceTask.expectedId(i));
            assertThat(value.get("id")).hasToString(ProbeSourceTask.expectedId(i));
            assertThat(value.get("sequence")).isEqualTo((long) i);
            assertThat(value.get("amount")).isEqualTo(i * 1.5);
            assertThat(value.get("active")).isEqualTo(i % 2 == 0);
            assertThat(value.get("note") == null ? null : value.get("note").toString())
                    .isEqualTo(i % 2 == 0 ? "even " + i : null);
            assertThat((List<?>) value.get("tags")).map(Object::toString).containsExactly("t" + i, "all");
            assertThat(String.valueOf(value.get("labels"))).isEqualTo("{index=" + i + "}");
            assertThat(value.get("created_at"))
                    .isEqualTo(ProbeSourceTask.FIRST_CREATED_AT.plusSeconds(i).toEpochMilli());
            GenericRecord detail = (GenericRecord) value.get("detail");
            if (i % 2 == 1) {
                assertThat(detail.get("code")).hasToString("c" + i);
                assertThat(detail.get("level")).isEqualTo(i == 1 ? null : i);
            } else {
                assertThat(detail).isNull();
            }
        }

        int keyId = RegistryAvroDecoder.schemaId(records.get(0).key());
        int valueId = RegistryAvroDecoder.schemaId(records.get(0).value());
        assertThat(keyId).isNotEqualTo(valueId);
        // Every record of a run carries the one schema registered for its subject.
        assertThat(records).allSatisfy(r -> {
            assertThat(RegistryAvroDecoder.schemaId(r.key())).isEqualTo(keyId);
            assertThat(RegistryAvroDecoder.schemaId(r.value())).isEqualTo(valueId);
        });
        assertThat(subjects()).contains(topic + "-key", topic + "-value");
        // The project's contract reads what the converter registered.
        decoder.assertReaderCompatible(keyId, "testkit_probe_key");
        decoder.assertReaderCompatible(valueId, "testkit_probe");
    }

    @Test
    void readerCompatibilityCheckRejectsAMismatchedContract() throws Exception {
        String topic = "probe-mismatch";
        cluster.configureConnector("probe-mismatch", probeConfig(topic));
        ConnectTestClusters.awaitRunning(cluster, "probe-mismatch", 1);
        List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readRecords(cluster, topic, RECORDS);

        // The key schema lacks every required value field: a reader expecting the value contract must fail.
        int keyId = RegistryAvroDecoder.schemaId(records.get(0).key());
        assertThatThrownBy(() -> decoder.assertReaderCompatible(keyId, "testkit_probe"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("testkit_probe.avsc cannot read");
    }

    @Test
    void connectorLevelConverterOverridesReplaceTheWorkerDefaults() throws Exception {
        String topic = "probe-json";
        Map<String, String> config = probeConfig(topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        cluster.configureConnector("probe-json", config);
        ConnectTestClusters.awaitRunning(cluster, "probe-json", 1);

        List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readRecords(cluster, topic, RECORDS);

        JsonNode first = JSON.readTree(records.get(0).value());
        assertThat(first.path("id").asText()).isEqualTo(ProbeSourceTask.expectedId(0));
        assertThat(first.path("sequence").asLong()).isZero();
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).contains(ProbeSourceTask.expectedId(0));
        assertThat(subjects()).doesNotContain(topic + "-key", topic + "-value");
    }

    private static Map<String, String> probeConfig(String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ProbeSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ProbeSourceConnector.TOPIC_CONFIG, topic);
        config.put(ProbeSourceConnector.RECORDS_CONFIG, Integer.toString(RECORDS));
        return config;
    }

    private List<String> subjects() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readValue(response.body(), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
