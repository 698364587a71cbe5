package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/ingest}'s limits (api/IngestLimits) and de-duplication window, measured on the emulator's clock. */
class IngestLimitsTest extends EmulatorTestBase {
    private static final Instant NOW = Instant.parse("2024-06-15T12:00:00Z");
    /** 128 code points that are 256 UTF-16 chars: limits count characters, not chars. */
    private static final String EMOJI_128 = "\uD83D\uDE00".repeat(128);

    private String customer;

    @BeforeEach
    void freezeClock() {
        emulator.setNow(NOW);
        customer = client.createCustomer("Acme", "acme");
    }

    @Test
    void aRequestHoldsOneToOneHundredEvents() {
        assertRefused(List.of(), "Request body must be a JSON array of 1 to 100 usage events (got 0)");
        assertRefused(events(101), "Request body must be a JSON array of 1 to 100 usage events (got 101)");
        assertRefused(event("t1"), "Request body must be a JSON array of 1 to 100 usage events");
        assertThat(emulator.usageCounts().total()).isZero();

        assertAccepted(events(100));
        assertThat(emulator.usageCounts().total()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"transaction_id", "customer_id", "event_type"})
    void stringFieldsHoldOneTo128Characters(String field) {
        assertAccepted(List.of(event("ok"), with(event("long"), field, EMOJI_128)));
        assertRefused(List.of(event("a"), with(event("b"), field, EMOJI_128 + "x")),
                "[1]." + field + " must be 1 to 128 characters long");
        assertRefused(List.of(with(event("c"), field, "")), "[0]." + field + " must be 1 to 128 characters long");
        assertRefused(List.of(with(event("d"), field, 42)), "[0]." + field + " must be a string");
        assertRefused(List.of(without(event("e"), field)), "[0]." + field + " is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-15T11:00:00Z", "2024-06-15T11:00:00.123456Z", "2024-06-15T13:00:00+02:00",
            "2024-06-15t11:00:00z", "2024-06-15T06:30:00.5-04:30"})
    void rfc3339TimestampsAreAccepted(String timestamp) {
        assertAccepted(List.of(with(event("t"), "timestamp", timestamp)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-15T11:00Z", "2024-06-15 11:00:00Z", "2024-06-15T11:00:00", "2024-06-15",
            "2024-06-15T11:00:00+0200", "2024-06-15T11:00:00+02:00:00", "1718449200", "yesterday"})
    void timestampsThatAreNotRfc3339AreRefused(String timestamp) {
        assertRefused(List.of(event("a"), with(event("b"), "timestamp", timestamp)),
                "[1].timestamp must be an RFC 3339 timestamp, got \"" + timestamp + "\"");
    }

    @Test
    void timestampsReachBack34DaysAndAheadOneDayFromTheEmulatorsNow() {
        assertAccepted(List.of(with(event("oldest"), "timestamp", "2024-05-12T12:00:00Z"),
                with(event("newest"), "timestamp", "2024-06-16T12:00:00Z")));
        assertRefused(List.of(with(event("too-old"), "timestamp", "2024-05-12T11:59:59.999Z")),
                "[0].timestamp 2024-05-12T11:59:59.999Z is more than 34 days before now (2024-06-15T12:00:00Z): "
                        + "usage can be backdated up to 34 days");
        assertRefused(List.of(with(event("too-new"), "timestamp", "2024-06-16T12:00:00.001Z")),
                "[0].timestamp 2024-06-16T12:00:00.001Z is more than 1 day after now (2024-06-15T12:00:00Z)");

        emulator.setNow(NOW.plus(Duration.ofDays(30))); // the window moves with the emulator's clock
        assertRefused(List.of(with(event("now-old"), "timestamp", "2024-06-01T00:00:00Z")), "[0].timestamp");
        assertAccepted(List.of(with(event("now-fine"), "timestamp", "2024-07-16T12:00:00Z")));
    }

    @Test
    void propertiesMustBeAnObjectOfAnyValues() {
        for (Object notAnObject : List.of(List.of(1), "text", 5, true)) {
            assertRefused(List.of(event("a"), with(event("b"), "properties", notAnObject)),
                    "[1].properties must be an object");
        }
        Map<String, Object> anyValues = new HashMap<>();
        anyValues.put("n", 1.5);
        anyValues.put("list", List.of(1, "a"));
        anyValues.put("nested", Map.of("k", "v"));
        anyValues.put("none", null);
        Map<String, Object> nullProperties = new HashMap<>(event("null"));
        nullProperties.put("properties", null);
        assertAccepted(List.of(with(event("any"), "properties", anyValues), nullProperties));
    }

    @Test
    void oneInvalidEventRefusesTheWholeRequest() {
        assertRefused(List.of(event("a"), event("b"), with(event("c"), "timestamp", "2020-01-01T00:00:00Z")),
                "[2].timestamp");
        assertThat(emulator.usageCounts()).satisfies(counts -> {
            assertThat(counts.total()).isZero();
            assertThat(counts.duplicatesIgnored()).isZero();
            assertThat(counts.customers()).isEmpty();
        });
        assertAccepted(List.of(event("a"), event("b")));
        assertThat(emulator.usageCounts().duplicatesIgnored()).as("nothing of the refused request was kept").isZero();
    }

    @Test
    void aTransactionIdIsADuplicateFor34DaysOfEmulatorTimeSinceItsFirstAcceptance() {
        assertAccepted(List.of(event("tx"), event("tx"))); // within one request too
        assertThat(emulator.usageCounts(customer).customers()).containsEntry(customer, 1L);

        emulator.setNow(NOW.plus(Duration.ofDays(20)));
        assertAccepted(List.of(with(event("tx"), "timestamp", "2024-07-05T00:00:00Z"))); // ignored; does not extend
        emulator.setNow(NOW.plus(Duration.ofDays(34)).minusMillis(1));
        assertAccepted(List.of(with(event("tx"), "timestamp", "2024-07-19T00:00:00Z")));
        assertThat(emulator.usageCounts()).satisfies(counts -> {
            assertThat(counts.total()).isEqualTo(1);
            assertThat(counts.duplicatesIgnored()).isEqualTo(3);
        });

        emulator.setNow(NOW.plus(Duration.ofDays(34)));
        assertAccepted(List.of(with(event("tx"), "timestamp", "2024-07-19T00:00:00Z")));
        assertThat(emulator.usageCounts()).satisfies(counts -> {
            assertThat(counts.total()).as("accepted again once the window passed").isEqualTo(2);
            assertThat(counts.duplicatesIgnored()).isEqualTo(3);
            assertThat(counts.customers()).containsEntry(customer, 2L);
        });
        assertAccepted(List.of(with(event("tx"), "timestamp", "2024-07-19T00:00:00Z")));
        assertThat(emulator.usageCounts().duplicatesIgnored()).as("and ignored again from then on").isEqualTo(4);
    }

    @Test
    void theClockGoingBackKeepsDuplicatesIgnored() {
        assertAccepted(List.of(event("tx")));
        emulator.setNow(NOW.minus(Duration.ofDays(1)));
        assertAccepted(List.of(with(event("tx"), "timestamp", "2024-06-14T00:00:00Z")));
        assertThat(emulator.usageCounts().total()).isEqualTo(1);
    }

    @Test
    void eventsNamingNoCustomerAreAcceptedAndCountedAsUnmatched() {
        assertAccepted(List.of(with(event("u1"), "customer_id", "later"), event("m1")));
        String later = client.createCustomer("Later", "later"); // resolved at ingest time: u1 stays unmatched
        assertAccepted(List.of(with(event("u1"), "customer_id", "later"), with(event("u2"), "customer_id", "later")));
        assertThat(emulator.usageCounts()).satisfies(counts -> {
            assertThat(counts.total()).isEqualTo(3);
            assertThat(counts.unmatched()).isEqualTo(1);
            assertThat(counts.duplicatesIgnored()).isEqualTo(1);
            assertThat(counts.customers()).containsOnly(Map.entry(customer, 1L), Map.entry(later, 1L));
            assertThat(new ArrayList<>(counts.customers().keySet())).as("sorted by id").isSorted();
        });
    }

    @Test
    void theUsageControlCallCountsPerCustomerAndResetClearsIt() {
        String other = client.createCustomer("Other", "other");
        assertAccepted(List.of(event("a"), event("b"), event("a"), with(event("c"), "customer_id", other),
                with(event("d"), "customer_id", "nobody")));

        JsonNode all = client.get("/_emulator/usage").json();
        assertThat(all.get("total").asLong()).isEqualTo(4);
        assertThat(all.get("duplicates_ignored").asLong()).isEqualTo(1);
        assertThat(all.get("unmatched").asLong()).isEqualTo(1);
        assertThat(all.get("customers").get(customer).asLong()).isEqualTo(2);
        assertThat(all.get("customers").get(other).asLong()).isEqualTo(1);
        assertThat(all.get("customers").size()).isEqualTo(2);

        JsonNode one = client.get("/_emulator/usage?customer_id=" + other).json();
        assertThat(one.get("total").asLong()).isEqualTo(4);
        assertThat(one.get("customers").size()).isEqualTo(1);
        assertThat(one.get("customers").get(other).asLong()).isEqualTo(1);
        assertThat(client.get("/_emulator/usage?customer_id=acme").json().get("customers").get(customer).asLong())
                .as("an ingest alias names its customer").isEqualTo(2);
        assertThat(client.get("/_emulator/usage?customer_id=unknown").json().get("customers").get("unknown").asLong())
                .isZero();
        assertThat(client.get("/_emulator/usage").header("Content-Type")).contains("application/json");

        assertThat(client.post("/_emulator/reset", "").status()).isEqualTo(200);
        JsonNode cleared = client.get("/_emulator/usage").json();
        assertThat(cleared.get("total").asLong()).isZero();
        assertThat(cleared.get("duplicates_ignored").asLong()).isZero();
        assertThat(cleared.get("unmatched").asLong()).isZero();
        assertThat(cleared.get("customers").isEmpty()).isTrue();
        emulator.setNow(NOW);
        String again = client.createCustomer("Acme", "acme");
        assertAccepted(List.of(with(event("a"), "customer_id", again)));
        assertThat(emulator.usageCounts().total()).as("reset forgot the transaction ids too").isEqualTo(1);
    }

    /** What the connector's reliability test sends: 100,000 events over 1,000 customers, each counted once. */
    @Test
    void aHundredThousandEventsOverAThousandCustomersAreEachCountedOnce() {
        List<String> ids = emulator.bulkCreateCustomers(1000, "Customer ", "c-");
        for (int request = 0; request < 1000; request++) {
            List<Map<String, Object>> batch = new ArrayList<>(100);
            for (int i = 0; i < 100; i++) {
                int n = request * 100 + i;
                batch.add(with(with(event("tx-" + n), "customer_id", "c-" + (n % 1000)),
                        "timestamp", NOW.minusSeconds(n % 86_400).toString()));
            }
            assertAccepted(batch);
            if (request % 10 == 0) {
                assertAccepted(batch.subList(0, 50)); // redelivered: ignored
            }
        }
        assertThat(emulator.usageCounts()).satisfies(counts -> {
            assertThat(counts.total()).isEqualTo(100_000);
            assertThat(counts.duplicatesIgnored()).isEqualTo(100 * 50);
            assertThat(counts.unmatched()).isZero();
            assertThat(counts.customers()).hasSize(1000).allSatisfy((id, count) -> assertThat(count).isEqualTo(100));
            assertThat(counts.customers().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        });
    }

    private void assertAccepted(Object body) {
        EmulatorClient.Reply reply = client.post("/v1/ingest", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    private void assertRefused(Object body, String messageStart) {
        EmulatorClient.Reply reply = client.post("/v1/ingest", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.message()).startsWith(messageStart);
    }

    private List<Map<String, Object>> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> event("t" + i)).toList();
    }

    private static Map<String, Object> event(String transactionId) {
        return Map.of("transaction_id", transactionId, "customer_id", "acme", "event_type", "api_call",
                "timestamp", "2024-06-15T11:00:00Z", "properties", Map.of("bytes", 1));
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> event, String field) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.remove(field);
        return copy;
    }
}
