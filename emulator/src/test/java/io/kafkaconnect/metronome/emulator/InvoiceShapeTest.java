package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview invoice has every field of seed 004's {@code Invoice}: the test walks the seed's response example
 * (copied to {@code seeds/004-preview-events-200-example.json}) and requires each of its field paths in the
 * emulator's answer, in both answer forms. Values may differ, and be null where the SDK allows; a value that is
 * there has the seed's JSON type. Objects the emulator has no part in are null (see {@link #ALWAYS_NULL}), so the
 * paths inside them are not required; every other path is, inside every array element, so the plan here has a
 * grouped metric, a tiered rate, a second credit type and a minimum to fill every array. The customer's monthly
 * invoices (listed and retrieved, draft and finalized) are checked the same way.
 */
class InvoiceShapeTest extends EmulatorTestBase {
    /** Objects a usage-only plan never fills: contract, commit, reseller, correction and external-invoice parts. */
    private static final Set<String> ALWAYS_NULL = Set.of(
            "data.line_items[].applied_commit_or_credit", "data.line_items[].list_price",
            "data.line_items[].postpaid_commit", "data.line_items[].tier",
            "data.correction_record", "data.external_invoice", "data.reseller_royalty");
    /** Null on some line items: flat charges have no tier period. */
    private static final Set<String> SOMETIMES_NULL = Set.of("data.line_items[].sub_line_items[].tier_period");
    /** Arrays the emulator always leaves empty. */
    private static final Set<String> ALWAYS_EMPTY = Set.of("data.line_items[].product_tags");
    /** Never null, as the SDK requires them. */
    private static final Set<String> REQUIRED = Set.of("data.id", "data.credit_type", "data.credit_type.id",
            "data.credit_type.name", "data.customer_id", "data.line_items", "data.status", "data.total", "data.type",
            "data.line_items[].credit_type", "data.line_items[].name", "data.line_items[].total",
            "data.line_items[].sub_line_items[].custom_fields", "data.line_items[].sub_line_items[].name",
            "data.line_items[].sub_line_items[].quantity", "data.line_items[].sub_line_items[].subtotal",
            "data.invoice_adjustments[].credit_type", "data.invoice_adjustments[].name",
            "data.invoice_adjustments[].total");

    private String customer;

    @BeforeEach
    void planWithEveryKindOfCharge() {
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
        customer = client.createCustomer("Acme", "acme");
        String calls = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        String bytes = client.createMetric(Map.of("name", "bytes", "aggregation_type", "SUM", "aggregation_key",
                "bytes", "group_keys", List.of(List.of("region"))));
        String tokens = client.createMetric(Map.of("name", "tokens", "aggregation_type", "SUM", "aggregation_key",
                "tokens"));
        assertThat(client.put("/_emulator/customers/" + customer + "/rates", Map.of(
                "plan_name", "Pro", "minimum", 1_000_000,
                "rates", Map.of(calls, 2, bytes, Map.of("price", 0.5),
                        tokens, Map.of("credit_type", "credits", "tiers",
                                List.of(Map.of("size", 100, "price", 1), Map.of("price", 0.5)))))).status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(PreviewResponseForm.class)
    void everyFieldPathOfSeed004sInvoiceIsInThePreview(PreviewResponseForm form) throws IOException {
        emulator.setPreviewResponseForm(form);
        EmulatorClient.Reply reply = client.post("/v1/customers/" + customer + "/previewEvents", Map.of("events",
                List.of(Map.of("event_type", "api_call", "properties", Map.of("bytes", 10, "region", "eu")),
                        Map.of("event_type", "api_call", "properties", Map.of("bytes", 4, "region", "us")),
                        Map.of("event_type", "llm", "properties", Map.of("tokens", 150)))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> invoices = new ArrayList<>();
        if (form == PreviewResponseForm.ARRAY) {
            assertThat(reply.data().isArray()).isTrue();
            reply.data().forEach(invoices::add);
            assertThat(invoices).as("one invoice per credit type").hasSize(2);
        } else {
            assertThat(reply.data().isObject()).isTrue();
            invoices.add(reply.data());
        }

        JsonNode seed = seedExample().get("data");
        List<String> problems = new ArrayList<>();
        Set<String> reached = new LinkedHashSet<>();
        for (JsonNode invoice : invoices) {
            walk("data", seed, invoice, problems, reached);
        }
        assertThat(problems).isEmpty();
        Set<String> expected = new LinkedHashSet<>();
        paths("data", seed, expected);
        expected.removeIf(path -> ALWAYS_NULL.stream().anyMatch(nullable -> path.startsWith(nullable + "."))
                || ALWAYS_EMPTY.stream().anyMatch(empty -> path.startsWith(empty + "[]")));
        if (form == PreviewResponseForm.OBJECT) {
            // the first invoice is the USD one, whose flat charges have no tiers
            expected.removeIf(path -> path.startsWith("data.line_items[].sub_line_items[].tier"));
        }
        assertThat(reached).as("field paths in the answer").containsAll(expected);
    }

    /**
     * The customer's monthly invoices, listed and retrieved, draft and finalized, have the same fields: the usage is
     * ingested rather than previewed.
     */
    @ParameterizedTest
    @EnumSource(value = InvoiceStatusCase.class)
    void everyFieldPathOfSeed004sInvoiceIsInTheListedAndRetrievedInvoices(InvoiceStatusCase status) throws IOException {
        EmulatorClient.Reply ingested = client.post("/v1/ingest", List.of(
                usage("s-1", "api_call", Map.of("bytes", 10, "region", "eu")),
                usage("s-2", "api_call", Map.of("bytes", 4, "region", "us")),
                usage("s-3", "llm", Map.of("tokens", 150))));
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        if (status == InvoiceStatusCase.FINALIZED) {
            emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        }
        EmulatorClient.Reply listed = client.get("/v1/customers/" + customer + "/invoices?status=" + status.name()
                + "&starting_on=2024-06-01T00:00:00Z&ending_before=2024-07-01T00:00:00Z");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        List<JsonNode> invoices = new ArrayList<>();
        listed.data().forEach(invoices::add);
        assertThat(invoices).as("one invoice per credit type").hasSize(2);
        for (JsonNode invoice : List.copyOf(invoices)) {
            EmulatorClient.Reply retrieved = client.get("/v1/customers/" + customer + "/invoices/"
                    + invoice.get("id").asText());
            assertThat(retrieved.status()).as(retrieved.body()).isEqualTo(200);
            invoices.add(retrieved.data());
        }

        JsonNode seed = seedExample().get("data");
        List<String> problems = new ArrayList<>();
        Set<String> reached = new LinkedHashSet<>();
        for (JsonNode invoice : invoices) {
            assertThat(invoice.get("status").asText()).isEqualTo(status.name());
            walk("data", seed, invoice, problems, reached);
        }
        assertThat(problems).isEmpty();
        Set<String> expected = new LinkedHashSet<>();
        paths("data", seed, expected);
        expected.removeIf(path -> ALWAYS_NULL.stream().anyMatch(nullable -> path.startsWith(nullable + "."))
                || ALWAYS_EMPTY.stream().anyMatch(empty -> path.startsWith(empty + "[]")));
        assertThat(reached).as("field paths in the answer").containsAll(expected);
    }

    enum InvoiceStatusCase { DRAFT, FINALIZED }

    private static Map<String, Object> usage(String transactionId, String eventType, Map<String, Object> properties) {
        return Map.of("transaction_id", transactionId, "customer_id", "acme", "event_type", eventType,
                "timestamp", "2024-06-10T00:00:00Z", "properties", properties);
    }

    /** Checks {@code actual} against the seed's {@code seed} at {@code path}, noting every path it has. */
    private static void walk(String path, JsonNode seed, JsonNode actual, List<String> problems, Set<String> reached) {
        reached.add(path);
        if (actual.isNull()) {
            if (REQUIRED.contains(path) || !(seed.isValueNode() || ALWAYS_NULL.contains(path)
                    || SOMETIMES_NULL.contains(path))) {
                problems.add(path + " is null");
            }
            return;
        }
        if (isFreeFormMap(seed)) {
            if (!actual.isObject()) {
                problems.add(path + " is not an object: " + actual);
            }
        } else if (seed.isObject()) {
            if (!actual.isObject()) {
                problems.add(path + " is not an object: " + actual);
                return;
            }
            seed.fieldNames().forEachRemaining(field -> {
                JsonNode value = actual.get(field);
                if (value == null) {
                    problems.add(path + "." + field + " is missing");
                } else {
                    walk(path + "." + field, seed.get(field), value, problems, reached);
                }
            });
        } else if (seed.isArray()) {
            if (!actual.isArray()) {
                problems.add(path + " is not an array: " + actual);
                return;
            }
            actual.forEach(element -> walk(path + "[]", seed.get(0), element, problems, reached));
        } else if (seed.getNodeType() != actual.getNodeType()) {
            problems.add(path + " is " + actual.getNodeType() + ", not " + seed.getNodeType() + " as in the seed");
        }
    }

    /** Every field path of the seed; a free-form map (the seed's {@code {"foo": ...}}) is one path. */
    private static void paths(String path, JsonNode seed, Set<String> into) {
        into.add(path);
        if (isFreeFormMap(seed)) {
            return;
        }
        if (seed.isObject()) {
            seed.fieldNames().forEachRemaining(field -> paths(path + "." + field, seed.get(field), into));
        } else if (seed.isArray()) {
            paths(path + "[]", seed.get(0), into);
        }
    }

    private static boolean isFreeFormMap(JsonNode seed) {
        return seed.isObject() && seed.size() == 1 && seed.has("foo");
    }

    private static JsonNode seedExample() throws IOException {
        try (InputStream in = InvoiceShapeTest.class.getResourceAsStream("/seeds/004-preview-events-200-example.json")) {
            assertThat(in).as("seed example resource").isNotNull();
            return JsonCodec.MAPPER.readTree(in);
        }
    }
}
