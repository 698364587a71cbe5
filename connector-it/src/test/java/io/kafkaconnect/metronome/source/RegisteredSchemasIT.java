package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.testkit.ApicurioRegistryServer;
import io.kafkaconnect.metronome.testkit.AvroConnectCluster;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.RegistryAvroDecoder;
import io.kafkaconnect.metronome.testkit.SampleValues;
import io.kafkaconnect.metronome.testkit.SchemaFiles;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import io.kafkaconnect.metronome.testkit.UtcMidnight;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10 end to end, with a real worker, Apicurio's AvroConverter and a consumer that decodes with plain Avro:
 * what the registry holds for every subject is the schema file; a cost with 17 significant digits arrives digit for
 * digit (also in the flat cost line item records, and as the total of the month's draft invoice and its line item:
 * issue 14); each record carries its timestamp and the metronome.* headers.
 */
class RegisteredSchemasIT {

    private static final String CONNECTOR = "schemas-source";
    private static final String PREFIX = "schemas";
    /** 17 significant digits: as a double this rate is 0.1. */
    private static final BigDecimal RATE = new BigDecimal("0.10000000000000001");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");
    @RegisterExtension
    static final AvroConnectCluster AVRO = new AvroConnectCluster("registered-schemas-it");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final ApicurioRegistryServer registry = AVRO.registry();
    private final EmbeddedConnectCluster cluster = AVRO.cluster();
    private final RegistryAvroDecoder decoder = AVRO.decoder();
    private String customerId;

    @BeforeEach
    void awayFromMidnight() {
        UtcMidnight.awaitClearOf(Duration.ofMinutes(3));
    }

    @Test
    void theSourceWritesExactMoneyTheFilesSchemasAndRecordMetadata() throws Exception {
        customerId = client.execute(createCustomer(CreateCustomerRequest.of("exact", List.of("exact")), null)).id();
        String metricId = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT",
                null, new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()),
                null));
        emulator.setExactRates(customerId, Map.of(metricId, RATE));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new UsageEvent(UUID.randomUUID().toString(), customerId, "api_call",
                    today.atStartOfDay(ZoneOffset.UTC).plusSeconds(i).toInstant().toString(), Map.of()));
        }
        client.execute(ingest(events, null));
        String wire = wireCost(today);
        assertThat(new BigDecimal(wire).precision()).as(wire).isEqualTo(17);

        Instant started = Instant.now();
        Map<String, String> config = TestConnectorConfigs.source(emulator, "customers,costs,billable_metrics,invoices",
                PREFIX);
        config.put("invoices.include.drafts", "true"); // the month of today's usage is open: its draft
        config.put("costs.start.date", today.toString());
        config.put("costs.lookback.days", "0");
        config.put("costs.line.items", "true");
        cluster.configureConnector(CONNECTOR, config);
        ConnectTestClusters.awaitRunning(cluster, CONNECTOR, 1);

        ConsumerRecord<byte[], byte[]> cost = ConnectTestClusters.readRecords(cluster, PREFIX + ".costs", 1).get(0);
        ConsumerRecord<byte[], byte[]> customer = ConnectTestClusters.readRecords(cluster, PREFIX + ".customers", 1).get(0);
        ConsumerRecord<byte[], byte[]> metric =
                ConnectTestClusters.readRecords(cluster, PREFIX + ".billable_metrics", 1).get(0);
        ConsumerRecord<byte[], byte[]> lineItem =
                ConnectTestClusters.readRecords(cluster, PREFIX + ".cost_line_items", 1).get(0);
        ConsumerRecord<byte[], byte[]> invoice = ConnectTestClusters.readRecords(cluster, PREFIX + ".invoices", 1).get(0);
        ConsumerRecord<byte[], byte[]> invoiceLine =
                ConnectTestClusters.readRecords(cluster, PREFIX + ".invoice_line_items", 1).get(0);

        // part 1: the digits Metronome sent, through a registry and a plain Avro reader
        GenericRecord costValue = decoder.decodeRecord(cost.value());
        BigDecimal decoded = decimal(costValue, "cost");
        assertThat(decoded.scale()).isEqualTo(18);
        assertThat(decoded.stripTrailingZeros().toPlainString()).isEqualTo(wire);
        GenericRecord line = (GenericRecord) ((List<?>) costValue.get("line_item_breakdown")).get(0);
        assertThat(decimal(line, "cost").stripTrailingZeros().toPlainString()).isEqualTo(wire);
        // the same line item as a flat record of its own, keyed by customer, day, credit type, name and group
        GenericRecord lineItemValue = decoder.decodeRecord(lineItem.value());
        assertThat(decimal(lineItemValue, "cost").stripTrailingZeros().toPlainString()).isEqualTo(wire);
        GenericRecord lineItemKey = decoder.decodeRecord(lineItem.key());
        GenericRecord costKey = decoder.decodeRecord(cost.key());
        for (String field : List.of("customer_id", "start_timestamp", "credit_type_id")) {
            assertThat(String.valueOf(lineItemKey.get(field))).as(field).isEqualTo(String.valueOf(costKey.get(field)));
        }
        assertThat(String.valueOf(lineItemKey.get("name"))).isEqualTo(String.valueOf(line.get("name")))
                .isEqualTo(String.valueOf(lineItemValue.get("name")));
        assertThat(String.valueOf(lineItemKey.get("group_key"))).isEmpty();
        // the draft invoice of the month holds the same usage: its total and its line's, digit for digit
        JsonNode wireInvoice = wireInvoice();
        GenericRecord invoiceValue = decoder.decodeRecord(invoice.value());
        assertThat(String.valueOf(invoiceValue.get("id"))).isEqualTo(wireInvoice.path("id").asText());
        assertThat(decimal(invoiceValue, "total").scale()).isEqualTo(18);
        assertThat(decimal(invoiceValue, "total")).isEqualByComparingTo(wireInvoice.path("total").decimalValue())
                .isEqualByComparingTo(wire);
        GenericRecord invoiceLineValue = decoder.decodeRecord(invoiceLine.value());
        assertThat(decimal(invoiceLineValue, "total"))
                .isEqualByComparingTo(wireInvoice.path("line_items").path(0).path("total").decimalValue())
                .isEqualByComparingTo(wire);
        GenericRecord invoiceLineKey = decoder.decodeRecord(invoiceLine.key());
        assertThat(String.valueOf(invoiceLineKey.get("invoice_id"))).isEqualTo(wireInvoice.path("id").asText());
        assertThat(invoiceLineKey.get("line_index")).isEqualTo(0);

        // part 2: the registry holds the files, for every subject the source wrote
        // by topic suffix: invoice line items are written by the invoices stream, on a topic of their own
        Map<String, ConsumerRecord<byte[], byte[]>> byStream = Map.of("customers", customer, "costs", cost,
                "billable_metrics", metric, "invoices", invoice, "invoice_line_items", invoiceLine);
        Map<String, String[]> files = Map.of("customers", new String[] {"customer_key", "customer"},
                "costs", new String[] {"daily_cost_key", "daily_cost"},
                "billable_metrics", new String[] {"billable_metric_key", "billable_metric"},
                "invoices", new String[] {"invoice_key", "invoice"},
                "invoice_line_items", new String[] {"invoice_line_item_key", "invoice_line_item"});
        Set<String> checked = new HashSet<>();
        for (Map.Entry<String, ConsumerRecord<byte[], byte[]>> entry : byStream.entrySet()) {
            String topic = PREFIX + "." + entry.getKey();
            String[] names = files.get(entry.getKey());
            SchemaFiles.assertSameAsFile(names[0], latest(topic + "-key"));
            SchemaFiles.assertSameAsFile(names[1], latest(topic + "-value"));
            SchemaFiles.assertSameAsFile(names[0],
                    decoder.schema(RegistryAvroDecoder.schemaId(entry.getValue().key())).toString());
            SchemaFiles.assertSameAsFile(names[1],
                    decoder.schema(RegistryAvroDecoder.schemaId(entry.getValue().value())).toString());
            checked.add(names[0]);
            checked.add(names[1]);
        }
        SchemaFiles.assertSameAsFile("cost_line_item_key", latest(PREFIX + ".cost_line_items-key"));
        SchemaFiles.assertSameAsFile("cost_line_item", latest(PREFIX + ".cost_line_items-value"));
        SchemaFiles.assertSameAsFile("cost_line_item_key",
                decoder.schema(RegistryAvroDecoder.schemaId(lineItem.key())).toString());
        SchemaFiles.assertSameAsFile("cost_line_item",
                decoder.schema(RegistryAvroDecoder.schemaId(lineItem.value())).toString());
        checked.add("cost_line_item_key");
        checked.add("cost_line_item");

        // part 3: timestamp and headers
        GenericRecord customerValue = decoder.decodeRecord(customer.value());
        assertThat(customer.timestamp()).isEqualTo((Long) customerValue.get("updated_at"));
        assertThat(cost.timestamp()).isBetween(started.toEpochMilli(), Instant.now().toEpochMilli());
        assertThat(metric.timestamp()).isBetween(started.toEpochMilli(), Instant.now().toEpochMilli());
        byStream.forEach((topic, record) -> {
            String stream = topic.equals("invoice_line_items") ? "invoices" : topic;
            assertThat(header(record, "metronome.stream")).isEqualTo(stream);
            assertThat(UUID.fromString(header(record, "metronome.scan.id"))).isNotNull();
            assertThat(header(record, "metronome.connector.version")).isEqualTo(PluginVersion.get());
        });
        assertThat(header(cost, "metronome.scan.id")).isEqualTo(header(metric, "metronome.scan.id"))
                .isEqualTo(header(invoice, "metronome.scan.id"));
        assertThat(invoice.timestamp()).isBetween(started.toEpochMilli(), Instant.now().toEpochMilli());
        // an invoice's line items carry its timestamp and headers
        assertThat(invoiceLine.timestamp()).isEqualTo(invoice.timestamp());
        for (String name : List.of("metronome.scan.id", "metronome.connector.version")) {
            assertThat(header(invoiceLine, name)).as(name).isEqualTo(header(invoice, name));
        }
        // a line item carries the timestamp and headers of its day's costs record
        assertThat(lineItem.timestamp()).isEqualTo(cost.timestamp());
        for (String name : List.of("metronome.stream", "metronome.scan.id", "metronome.connector.version")) {
            assertThat(header(lineItem, name)).as(name).isEqualTo(header(cost, name));
        }

        // the sink's schemas (command_result written by the results converter, customer_command by the producers
        // of commands) go through the same converter here, registered under subjects of their own
        for (String name : SchemaFiles.names()) {
            if (checked.contains(name)) {
                continue;
            }
            // customer_command is the users' producers' schema: a Connect-based one keeps its enum with
            // enhanced.avro.schema.support (a plain Avro producer registers the file as it is)
            Map<String, Object> converterConfig = new java.util.HashMap<>(registry.converterConfig());
            converterConfig.put("enhanced.avro.schema.support", String.valueOf(SchemaFiles.WRITTEN_BY_USERS.contains(name)));
            AvroConverter converter = new AvroConverter();
            converter.configure(converterConfig, false);
            org.apache.kafka.connect.data.Schema schema = AvroSchemaConverter.load(name);
            converter.fromConnectData("files." + name, schema, SampleValues.of(schema));
            SchemaFiles.assertSameAsFile(name, latest("files." + name + "-value"));
            checked.add(name);
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(SchemaFiles.names());
    }

    private static BigDecimal decimal(GenericRecord record, String field) {
        Schema schema = record.getSchema().getField(field).schema();
        assertThat(schema.getLogicalType()).isNotNull();
        return new Conversions.DecimalConversion().fromBytes(((ByteBuffer) record.get(field)).duplicate(), schema,
                schema.getLogicalType());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The schema text the registry holds as the latest version of a subject (Confluent API). */
    private String latest(String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions/latest")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(subject + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("schema").asText();
    }

    /** The customer's one invoice (this month's draft) as the emulator answers it, numbers read digit for digit. */
    private JsonNode wireInvoice() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                emulator.baseUrl() + "/v1/customers/" + customerId + "/invoices"))
                .header("Authorization", "Bearer dev-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(response.body()).path("data");
        assertThat(data).as(response.body()).hasSize(1);
        return data.get(0);
    }

    /** The cost of today as the emulator writes it on the wire (the number's text, never through a double). */
    private String wireCost(LocalDate day) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                emulator.baseUrl() + "/v1/customers/" + customerId + "/costs?starting_on="
                        + day.atStartOfDay(ZoneOffset.UTC).toInstant() + "&ending_before="
                        + day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .header("Authorization", "Bearer dev-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int at = body.indexOf("\"cost\":") + "\"cost\":".length();
        int end = at;
        while (end < body.length() && "0123456789.-+eE".indexOf(body.charAt(end)) >= 0) {
            end++;
        }
        return body.substring(at, end);
    }

}
