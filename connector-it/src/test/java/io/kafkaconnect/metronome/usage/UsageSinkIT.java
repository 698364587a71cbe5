package io.kafkaconnect.metronome.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.kafkaconnect.metronome.emulator.state.UsageCounts;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.testkit.AvroConnectCluster;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The usage sink on real Connect workers, configured through the REST API, in each input shape: JSON text,
 * schemaless JSON in the company's own shape (a field mapping), and Avro through a schema registry. What Metronome
 * holds is checked through the costs it computes: a customer's cost counts its api_call events one cent each and
 * its tokens at a tenth of a cent, so any event lost or billed twice shows. Records delivered again (offsets reset)
 * leave the costs as they were: their transaction ids, given or derived, are the same. The emulator's counts
 * ({@code GET /_emulator/usage}) prove the same event by event: exactly the events sent per customer, none
 * unmatched, and the ones delivered again ignored as duplicates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageSinkIT {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token").keepingStateBetweenTests();
    @RegisterExtension
    static final AvroConnectCluster AVRO = new AvroConnectCluster("usage-sink-it");

    private UsageTestRig rig;

    @BeforeAll
    void start() {
        rig = new UsageTestRig(EMULATOR.emulator(), AVRO.cluster());
    }

    @AfterAll
    void stop() {
        rig.close();
    }

    private void produce(String topic, List<Map.Entry<String, byte[]>> records) {
        ConnectTestClusters.produce(rig.cluster, topic, records);
    }

    private static Map.Entry<String, byte[]> text(String key, String json) {
        return new AbstractMap.SimpleEntry<>(key, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonTextIsBilledExactlyOnceEvenWhenEveryRecordIsDeliveredAgain() throws Exception {
        List<String> customers = rig.customers(3, "json-");
        rig.cluster.kafka().createTopic("usage-json", 3);
        rig.cluster.kafka().createTopic("usage-json-dlq", 1);
        String time = rig.eventTime();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        Map<String, long[]> calls = new HashMap<>();
        Map<String, BigDecimal> tokens = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            int c = i % 3;
            String alias = "json-" + c;
            if (i % 4 == 0) { // tokens with a transaction id of their own, in exact decimals
                BigDecimal amount = new BigDecimal("1000.5").add(BigDecimal.valueOf(i));
                records.add(text(alias, "{\"transaction_id\":\"json-tokens-" + i + "\",\"customer_id\":\"" + alias
                        + "\",\"event_type\":\"tokens\",\"timestamp\":\"" + time + "\",\"properties\":{\"tokens\":"
                        + amount.toPlainString() + "}}"));
                tokens.merge(customers.get(c), amount, BigDecimal::add);
            } else { // api calls without one: derived from topic, partition and offset
                records.add(text(alias, "{\"customer_id\":\"" + alias + "\",\"event_type\":\"api_call\",\"timestamp\":\""
                        + time + "\",\"properties\":\"{\\\"route\\\":\\\"/v1/x\\\"}\"}"));
                calls.computeIfAbsent(customers.get(c), id -> new long[1])[0]++;
            }
        }
        UsageCounts before = rig.usage();
        produce("usage-json", records);
        Map<String, String> config = rig.connectorConfig("usage-json", "usage-json-dlq");
        config.put("tasks.max", "2");
        config.put(MetronomeUsageSinkConfig.BATCH_MAX_EVENTS, "50");
        rig.cluster.configureConnector("usage-json", config);
        Map<String, BigDecimal> expected = new HashMap<>();
        customers.forEach(id -> expected.put(id, UsageTestRig.expected(calls.get(id)[0],
                tokens.getOrDefault(id, BigDecimal.ZERO))));
        rig.awaitCosts(expected);
        rig.awaitCommitted("usage-json", 600);
        Map<String, Long> perCustomer = Map.of(customers.get(0), 200L, customers.get(1), 200L, customers.get(2), 200L);
        rig.assertIngested(before, perCustomer, 0);
        long requests = rig.emulator.requestCounts().get("POST /v1/ingest");

        rig.resetOffsetsAndResume("usage-json"); // every record comes again
        rig.awaitCommitted("usage-json", 600);
        assertThat(rig.emulator.requestCounts().get("POST /v1/ingest")).as("sent again").isGreaterThan(requests);
        expected.forEach((id, cost) -> assertThat(rig.cost(id)).as(id).isEqualByComparingTo(cost));
        rig.assertIngested(before, perCustomer, 600); // every event sent again was ignored
        assertThat(ConnectTestClusters.readAll(rig.cluster, "usage-json-dlq")).isEmpty();
    }

    @Test
    void schemalessJsonInTheCompanysOwnShapeIsReadThroughTheFieldMapping() {
        List<String> customers = rig.customers(2, "mapped-");
        rig.cluster.kafka().createTopic("usage-mapped", 1);
        rig.cluster.kafka().createTopic("usage-mapped-dlq", 1);
        long at = Instant.parse(rig.eventTime()).toEpochMilli();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String alias = "mapped-" + (i % 2);
            // the company's events: an id of its own, the account nested, no event type, epoch millis
            records.add(text(alias, "{\"id\":" + (9000 + i) + ",\"account\":{\"alias\":\"" + alias
                    + "\"},\"at\":" + at + ",\"data\":{\"route\":\"/v1/y\"}}"));
        }
        records.add(records.get(0)); // the same event sent twice: one id, billed once
        UsageCounts before = rig.usage();
        produce("usage-mapped", records);
        Map<String, String> config = rig.connectorConfig("usage-mapped", "usage-mapped-dlq");
        config.put("value.converter", JsonConverter.class.getName());
        config.put("value.converter.schemas.enable", "false");
        config.put(MetronomeUsageSinkConfig.FIELD_TRANSACTION_ID, "id");
        config.put(MetronomeUsageSinkConfig.FIELD_CUSTOMER_ID, "account.alias");
        config.put(MetronomeUsageSinkConfig.FIELD_TIMESTAMP, "at");
        config.put(MetronomeUsageSinkConfig.FIELD_PROPERTIES, "data");
        config.put(MetronomeUsageSinkConfig.EVENT_TYPE, "api_call");
        rig.cluster.configureConnector("usage-mapped", config);
        rig.awaitCommitted("usage-mapped", 41);
        rig.awaitCosts(Map.of(customers.get(0), UsageTestRig.expected(20, BigDecimal.ZERO),
                customers.get(1), UsageTestRig.expected(20, BigDecimal.ZERO)));
        rig.assertIngested(before, Map.of(customers.get(0), 20L, customers.get(1), 20L), 1);
        assertThat(ConnectTestClusters.readAll(rig.cluster, "usage-mapped-dlq")).isEmpty();
    }

    @Test
    void avroThroughTheSchemaRegistryIsBilled() {
        Schema schema = AvroSchemaConverter.load("usage_event");
        List<String> customers = rig.customers(2, "avro-");
        rig.cluster.kafka().createTopic("usage-avro", 2);
        rig.cluster.kafka().createTopic("usage-avro-dlq", 1);
        AvroConverter converter = new AvroConverter();
        converter.configure(AVRO.registry().converterConfig(), false);
        String time = rig.eventTime();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String alias = "avro-" + (i % 2);
            Struct event = new Struct(schema).put("customer_id", alias).put("timestamp", time);
            if (i % 3 == 0) {
                event.put("event_type", "tokens").put("transaction_id", "avro-" + i)
                        .put("properties", Map.of("tokens", "250.25"));
            } else {
                event.put("event_type", "api_call");
            }
            records.add(new AbstractMap.SimpleEntry<>(alias, converter.fromConnectData("usage-avro", schema, event)));
        }
        UsageCounts before = rig.usage();
        produce("usage-avro", records);
        Map<String, String> config = rig.connectorConfig("usage-avro", "usage-avro-dlq");
        config.putAll(AVRO.registry().avroConverterProps(false));
        rig.cluster.configureConnector("usage-avro", config);
        rig.awaitCommitted("usage-avro", 30);
        // i % 3 == 0: 10 token events (5 per customer, 250.25 each); the other 20 are 10 calls per customer
        BigDecimal tokens = new BigDecimal("250.25").multiply(BigDecimal.valueOf(5));
        rig.awaitCosts(Map.of(customers.get(0), UsageTestRig.expected(10, tokens),
                customers.get(1), UsageTestRig.expected(10, tokens)));
        rig.assertIngested(before, Map.of(customers.get(0), 15L, customers.get(1), 15L), 0);
        assertThat(ConnectTestClusters.readAll(rig.cluster, "usage-avro-dlq")).isEmpty();
    }
}
