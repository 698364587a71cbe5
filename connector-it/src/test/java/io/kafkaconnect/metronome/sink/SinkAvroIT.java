package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.PreviewResponseForm;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlan;
import java.math.BigDecimal;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.testkit.ApicurioRegistryServer;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Commands published as Avro (Confluent wire format, schema registered in a real Apicurio registry) and as
 * schemaless JSON both apply; a preview's result holds every invoice Metronome returned; a CREATE that Metronome
 * refuses (an unregistered custom field key) is rejected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkAvroIT {

    private static final Schema COMMAND = AvroSchemaConverter.load("customer_command");
    private static final Schema EVENT = COMMAND.field("preview_events").schema().valueSchema();

    private ApicurioRegistryServer registry;
    private SinkTestRig rig;

    @BeforeAll
    void start() {
        registry = ApicurioRegistryServer.start();
        rig = new SinkTestRig("sink-avro-it", ConnectTestClusters.builder());
        rig.createTopics("avro-commands", 2, "avro-results", "avro-dlq");
        rig.createTopics("json-commands", 2, "json-results", "json-dlq");
        rig.emulator.addCustomFieldKey("customer", "tier", false); // Metronome refuses unregistered keys
    }

    @AfterAll
    void stop() {
        try {
            rig.close();
        } finally {
            registry.close();
        }
    }

    private static Struct command(String id, String action, String alias) {
        return new Struct(COMMAND).put("command_id", id).put("action", action).put("ingest_alias", alias);
    }

    @Test
    void avroCommandsApply() {
        // previews answered in the SDKs' form; one customer's plan prices in two credit types: two invoices
        rig.emulator.setPreviewResponseForm(PreviewResponseForm.ARRAY);
        String twoUnits = twoCreditTypeCustomer();
        List<Struct> commands = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            String alias = "avro-" + c;
            commands.add(command(alias + "#0", "CREATE", alias).put("name", "Avro " + c)
                    .put("custom_fields", Map.of("tier", "tier-" + c)).put("billing_config",
                            "{\"billing_provider_type\":\"stripe\",\"billing_provider_customer_id\":\"cus_" + c + "\"}"));
            commands.add(command(alias + "#1", "SET_NAME", alias).put("name", "Avro renamed " + c));
            commands.add(command(alias + "#2", "SET_INGEST_ALIASES", alias).put("ingest_aliases", List.of(alias, alias + "-b")));
            commands.add(command(alias + "#3", "UPDATE_CONFIG", alias).put("salesforce_account_id", "sf-" + c)
                    .put("leave_stripe_invoices_in_draft", true));
            commands.add(command(alias + "#4", "PREVIEW_EVENTS", alias).put("preview_mode", "replace")
                    .put("preview_events", List.of(new Struct(EVENT).put("event_type", "api_call")
                            .put("properties", "{\"units\": 3}"))));
        }
        commands.add(command("two-units#0", "PREVIEW_EVENTS", "two-units-0").put("preview_events", List.of(
                new Struct(EVENT).put("event_type", "api_call").put("properties", "{\"tokens\": 7}"))));
        AvroConverter converter = new AvroConverter();
        converter.configure(registry.converterConfig(), false);
        List<Map.Entry<String, byte[]>> records = commands.stream()
                .map(s -> Map.entry(s.getString("ingest_alias"), converter.fromConnectData("avro-commands", COMMAND, s)))
                .toList();
        assertThat(records.get(0).getValue()[0]).as("Confluent wire format magic byte").isZero();
        rig.produce("avro-commands", records);

        Map<String, String> config = rig.connectorConfig("avro-commands", "avro-results", "avro-dlq", 1);
        config.putAll(registry.avroConverterProps(false));
        rig.cluster.configureConnector("avro-sink", config);
        ConnectTestClusters.awaitRunning(rig.cluster, "avro-sink", 1);

        List<JsonNode> results = rig.awaitResults("avro-results", commands.size());
        assertThat(results).allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("APPLIED"));
        assertThat(results.stream().filter(r -> r.path("action").asText().equals("PREVIEW_EVENTS")))
                .hasSize(6).allSatisfy(r -> {
                    assertThat(SinkTestRig.parse(r.path("invoice").asText().getBytes())
                            .path("customer_id").asText()).isEqualTo(r.path("customer_id").asText());
                    JsonNode invoices = SinkTestRig.parse(r.path("invoices").asText().getBytes());
                    assertThat(invoices.isArray()).as(r.toString()).isTrue();
                    assertThat(invoices.get(0)).isEqualTo(SinkTestRig.parse(r.path("invoice").asText().getBytes()));
                });
        JsonNode twoUnitsResult = results.stream()
                .filter(r -> r.path("command_id").asText().equals("two-units#0")).findFirst().orElseThrow();
        assertThat(twoUnitsResult.path("customer_id").asText()).isEqualTo(twoUnits);
        JsonNode invoices = SinkTestRig.parse(twoUnitsResult.path("invoices").asText().getBytes());
        assertThat(invoices).extracting(invoice -> invoice.path("credit_type").path("name").asText())
                .containsExactly("USD (cents)", "credits");
        assertThat(invoices.get(0).path("total").decimalValue()).isEqualByComparingTo("2");
        assertThat(invoices.get(1).path("total").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(invoices).allSatisfy(invoice -> assertThat(invoice.path("line_items")).hasSize(1));
        Map<String, CustomerSnapshot> customers = byFirstAlias("avro-");
        assertThat(customers).hasSize(5);
        customers.forEach((alias, c) -> {
            String n = alias.substring("avro-".length());
            assertThat(c.name()).isEqualTo("Avro renamed " + n);
            assertThat(c.ingestAliases()).containsExactly(alias, alias + "-b");
            assertThat(c.salesforceAccountId()).isEqualTo("sf-" + n);
            assertThat(c.leaveStripeInvoicesInDraft()).isTrue();
            assertThat(c.billingConfig().path("billing_provider_customer_id").asText()).isEqualTo("cus_" + n);
            assertThat(c.customFields()).isEqualTo(Map.of("tier", "tier-" + n));
        });
    }

    /** Schemaless JSON commands apply; a CREATE with a custom field key Metronome does not know is dead-lettered. */
    @Test
    void schemalessJsonCommandsApply() {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            String alias = "json-" + c;
            records.add(Map.entry(alias, SinkTestRig.json(Map.of("command_id", alias + "#0", "action", "CREATE",
                    "ingest_alias", alias, "name", "Json " + c,
                    "billing_config", Map.of("billing_provider_type", "stripe", "billing_provider_customer_id", "cus_" + c)))));
            records.add(Map.entry(alias, SinkTestRig.json(Map.of("command_id", alias + "#1", "action", "SET_NAME",
                    "ingest_alias", alias, "name", "Json renamed " + c))));
            records.add(Map.entry(alias, SinkTestRig.json(Map.of("command_id", alias + "#2", "action", "UPDATE_CONFIG",
                    "ingest_alias", alias, "leave_stripe_invoices_in_draft", false))));
        }
        records.add(Map.entry("unregistered", SinkTestRig.json(Map.of("command_id", "unregistered#0",
                "action", "CREATE", "ingest_alias", "unregistered", "name", "Unregistered key",
                "custom_fields", Map.of("color", "red")))));
        rig.produce("json-commands", records);

        Map<String, String> config = rig.connectorConfig("json-commands", "json-results", "json-dlq", 1);
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        rig.cluster.configureConnector("json-sink", config);
        ConnectTestClusters.awaitRunning(rig.cluster, "json-sink", 1);

        String refusal = "Metronome refused CREATE with HTTP 400: Invalid custom field keys: color";
        List<JsonNode> results = rig.awaitResults("json-results", records.size());
        assertThat(results).filteredOn(r -> !r.path("command_id").asText().equals("unregistered#0"))
                .hasSize(records.size() - 1)
                .allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("APPLIED"));
        assertThat(results).filteredOn(r -> r.path("command_id").asText().equals("unregistered#0")).singleElement()
                .satisfies(r -> {
                    assertThat(r.path("status").asText()).isEqualTo("REJECTED");
                    assertThat(r.path("message").asText()).isEqualTo(refusal);
                });
        assertThat(ConnectTestClusters.readRecords(rig.cluster, "json-dlq", 1)).singleElement()
                .satisfies(dead -> assertThat(new String(dead.headers()
                        .lastHeader("__connect.errors.exception.message").value(), StandardCharsets.UTF_8))
                        .contains(refusal));
        Map<String, CustomerSnapshot> customers = byFirstAlias("json-");
        assertThat(customers).hasSize(5);
        customers.forEach((alias, c) -> {
            assertThat(c.name()).isEqualTo("Json renamed " + alias.substring("json-".length()));
            assertThat(c.leaveStripeInvoicesInDraft()).isFalse();
        });
        assertThat(rig.emulator.customers()).noneMatch(c -> c.ingestAliases().contains("unregistered"));
    }

    /**
     * A customer with the ingest alias two-units-0 (created here, not by a command) on a plan pricing calls in USD
     * (cents), 2 each, and tokens in "credits", 0.1 each.
     */
    private String twoCreditTypeCustomer() {
        String id = rig.emulator.bulkCreateCustomers(1, "Two units ", "two-units-").get(0);
        String alias = "two-units";
        try (MetronomeClient client = new MetronomeClient(
                MetronomeClientSettings.of(rig.emulator.baseUrl(), rig.emulator.token()))) {
            String calls = client.execute(createBillableMetric(new CreateBillableMetricRequest("calls", "COUNT",
                    null, new BillableMetric.EventTypeFilter(List.of("api_call"), null), null, null, null),
                    alias + "-calls"));
            String tokens = client.execute(createBillableMetric(new CreateBillableMetricRequest("tokens", "SUM",
                    "tokens", null, null, null, null), alias + "-tokens"));
            Map<String, Rate> rates = new LinkedHashMap<>();
            rates.put(calls, Rate.flat(new BigDecimal("2")));
            rates.put(tokens, Rate.flat(new BigDecimal("0.1"), CreditType.named("credits")));
            rig.emulator.setRatePlan(id, RatePlan.of("Two units", rates, null));
        }
        return id;
    }

    private Map<String, CustomerSnapshot> byFirstAlias(String prefix) {
        return rig.emulator.customers().stream()
                .filter(c -> c.ingestAliases().get(0).startsWith(prefix))
                .collect(Collectors.toMap(c -> c.ingestAliases().get(0), Function.identity()));
    }
}
