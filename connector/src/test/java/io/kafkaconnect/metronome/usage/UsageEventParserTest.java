package io.kafkaconnect.metronome.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageEventParserTest {

    private static final Schema USAGE_EVENT = AvroSchemaConverter.load("usage_event");
    private final UsageEventParser parser = new UsageEventParser(UsageFieldMapping.DEFAULT);

    private UsageEvent parse(Object value) {
        return parser.parse(value, "usage", 3, 42);
    }

    @Test
    void readsJsonTextWithExactNumbers() throws Exception {
        UsageEvent event = parse("{\"transaction_id\":\"t1\",\"customer_id\":\"acme\",\"event_type\":\"tokens\","
                + "\"timestamp\":\"2024-05-01T12:00:00.5+02:00\",\"properties\":{\"n\":0.1000000000000000055511151231257827,"
                + "\"big\":123456789012345678901234567890,\"s\":\"x\",\"nested\":{\"a\":[1,2]}},\"extra\":true}");
        assertThat(event.transactionId()).isEqualTo("t1");
        assertThat(event.customerId()).isEqualTo("acme");
        assertThat(event.eventType()).isEqualTo("tokens");
        assertThat(event.timestamp()).isEqualTo("2024-05-01T10:00:00.5Z");
        assertThat(MetronomeJson.MAPPER.writeValueAsString(event.properties())).isEqualTo(
                "{\"n\":0.1000000000000000055511151231257827,\"big\":123456789012345678901234567890,\"s\":\"x\","
                        + "\"nested\":{\"a\":[1,2]}}");
    }

    @Test
    void readsBytesSchemalessMapsAndAvroStructs() throws Exception {
        String json = "{\"customer_id\":\"acme\",\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\"}";
        assertThat(parse(json.getBytes(StandardCharsets.UTF_8)).customerId()).isEqualTo("acme");
        Map<String, Object> map = new LinkedHashMap<>(Map.of("customer_id", "acme", "event_type", "e",
                "timestamp", 1_714_521_600_000L, "properties", Map.of("gb", 1.5)));
        UsageEvent fromMap = parse(map);
        assertThat(fromMap.timestamp()).isEqualTo("2024-05-01T00:00:00Z");
        assertThat(fromMap.properties().get("gb").toString()).isEqualTo("1.5");

        Struct struct = new Struct(USAGE_EVENT).put("customer_id", "acme").put("event_type", "e")
                .put("timestamp", "2024-05-01T00:00:00Z").put("properties", Map.of("tokens", "1500"));
        UsageEvent fromAvro = parse(struct);
        assertThat(fromAvro.transactionId()).isEqualTo("kafka:usage:3:42");
        assertThat(MetronomeJson.MAPPER.writeValueAsString(fromAvro.properties())).isEqualTo("{\"tokens\":\"1500\"}");
    }

    @Test
    void plainPropertiesAreSentAsTheyAreWithoutATreeRoundTrip() throws Exception {
        UsageEvent event = parse("{\"customer_id\":\"acme\",\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\","
                + "\"properties\":{\"tokens\":123456789012345678901.234567891,\"big\":123456789012345678901234567890,"
                + "\"list\":[1,\"a\",null,{\"x\":1.0}]}}");
        assertThat(event.properties().get("tokens")).isEqualTo(new BigDecimal("123456789012345678901.234567891"));
        assertThat(event.properties().get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(MetronomeJson.MAPPER.writeValueAsString(event.properties())).isEqualTo(
                "{\"tokens\":123456789012345678901.234567891,\"big\":123456789012345678901234567890,"
                        + "\"list\":[1,\"a\",null,{\"x\":1.0}]}");
    }

    @Test
    void propertiesThatAreNotPlainJsonAreWrittenAsJacksonWouldWriteThem() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>(Map.of("customer_id", "acme", "event_type", "e",
                "timestamp", "2024-05-01T00:00:00Z"));
        value.put("properties", new LinkedHashMap<>(Map.of("raw", new byte[] {1, 2, 3})));
        UsageEvent event = parse(value);
        assertThat(MetronomeJson.MAPPER.writeValueAsString(event.properties())).isEqualTo("{\"raw\":\"AQID\"}");
    }

    @Test
    void readsAConnectTimestampAndPropertiesAsJsonText() {
        Schema schema = SchemaBuilder.struct().field("customer_id", Schema.STRING_SCHEMA)
                .field("event_type", Schema.STRING_SCHEMA).field("timestamp", Timestamp.SCHEMA)
                .field("properties", Schema.STRING_SCHEMA).build();
        Struct struct = new Struct(schema).put("customer_id", "acme").put("event_type", "e")
                .put("timestamp", new Date(1_714_521_600_123L)).put("properties", "{\"n\": 2.50}");
        UsageEvent event = parse(struct);
        assertThat(event.timestamp()).isEqualTo("2024-05-01T00:00:00.123Z");
        assertThat(event.properties().get("n").toString()).isEqualTo("2.50");
    }

    /** What the emulator's ingest takes, as RFC 3339 says (seconds required), written UTC. */
    private static final java.util.regex.Pattern SENT_FORM =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    static List<Object[]> timestamps() {
        return List.of(
                new Object[] {"2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z"},
                new Object[] {"2024-05-01T12:00Z", "2024-05-01T12:00:00Z"}, // no seconds: the API refuses it as is
                new Object[] {"2024-05-01T12:00+02:00", "2024-05-01T10:00:00Z"},
                new Object[] {"2024-05-01t12:00:00.25z", "2024-05-01T12:00:00.25Z"},
                new Object[] {"2024-05-01T12:00:00.500-01:30", "2024-05-01T13:30:00.5Z"},
                new Object[] {"2024-05-01T12:00:00.123456789+00:00", "2024-05-01T12:00:00.123456789Z"},
                new Object[] {"2024-05-01T00:00:00.000000001+00:00:30", "2024-04-30T23:59:30.000000001Z"},
                new Object[] {1_714_521_600_000L, "2024-05-01T00:00:00Z"},
                new Object[] {1_714_521_600_120L, "2024-05-01T00:00:00.12Z"},
                new Object[] {0, "1970-01-01T00:00:00Z"},
                new Object[] {new Date(1_714_521_600_123L), "2024-05-01T00:00:00.123Z"});
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("timestamps")
    void sendsEveryTimestampAsUtcWithSecondsAndTheExactFraction(Object given, String sent) {
        Map<String, Object> value = new LinkedHashMap<>(Map.of("customer_id", "acme", "event_type", "e"));
        value.put("timestamp", given);
        assertThat(parse(value).timestamp()).isEqualTo(sent).matches(SENT_FORM);
    }

    @Test
    void refusesInstantsRfc3339CannotWrite() {
        Map<String, Object> micros = Map.of("customer_id", "acme", "event_type", "e",
                "timestamp", 1_714_521_600_000_000L); // epoch microseconds: the year 56303
        assertThatThrownBy(() -> parse(micros)).isInstanceOf(UsageRejection.class).hasMessage(
                "timestamp 1714521600000000 is outside the years 0000 to 9999 that RFC 3339 can write (epoch "
                        + "milliseconds expected)");
        Map<String, Object> before = Map.of("customer_id", "acme", "event_type", "e", "timestamp", -62_167_219_200_001L);
        assertThatThrownBy(() -> parse(before)).isInstanceOf(UsageRejection.class)
                .hasMessageContaining("outside the years 0000 to 9999");
    }

    @Test
    void mapsTheCompanysOwnShape() {
        UsageEventParser mapped = new UsageEventParser(new UsageFieldMapping("meta.id", "account.alias", "kind",
                "at", "data", null));
        UsageEvent event = mapped.parse(Map.of("meta", Map.of("id", 991L), "account", Map.of("alias", "acme"),
                "kind", "api_call", "at", "2024-05-01T00:00:00Z", "data", Map.of("route", "/x")), "t", 0, 1);
        assertThat(event).isEqualTo(new UsageEvent("991", "acme", "api_call", "2024-05-01T00:00:00Z",
                Map.of("route", "/x")));

        UsageEventParser withDefault = new UsageEventParser(new UsageFieldMapping("transaction_id", "customer_id",
                "event_type", "timestamp", "properties", "page_view"));
        assertThat(withDefault.parse(Map.of("customer_id", "acme", "timestamp", "2024-05-01T00:00:00Z"), "t", 0, 1)
                .eventType()).isEqualTo("page_view");
        assertThatThrownBy(() -> mapped.parse(Map.of("account", "acme"), "t", 0, 1))
                .hasMessage("account.alias is required");
    }

    @Test
    void derivedIdsAreStableDistinctAndShortEnough() {
        assertThat(TransactionIds.derived("usage", 3, 42)).isEqualTo("kafka:usage:3:42")
                .isEqualTo(TransactionIds.derived("usage", 3, 42));
        assertThat(TransactionIds.derived("usage", 3, 43)).isNotEqualTo(TransactionIds.derived("usage", 3, 42));
        assertThat(TransactionIds.derived("usage", 4, 42)).isNotEqualTo(TransactionIds.derived("usage", 3, 42));
        String longTopic = "t".repeat(249);
        String id = TransactionIds.derived(longTopic, 2147483647, Long.MAX_VALUE);
        assertThat(id).hasSizeLessThanOrEqualTo(128).startsWith("kafka:sha256-")
                .isEqualTo(TransactionIds.derived(longTopic, 2147483647, Long.MAX_VALUE))
                .isNotEqualTo(TransactionIds.derived("u" + longTopic.substring(1), 2147483647, Long.MAX_VALUE));
        assertThat(parse(Map.of("customer_id", "a", "event_type", "e", "timestamp", "2024-05-01T00:00:00Z"))
                .transactionId()).isEqualTo("kafka:usage:3:42");
    }

    static List<Object[]> badInputs() {
        return BadUsageEvents.all().stream().map(b -> new Object[] {b.label(), b.value(), b.reason()}).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusesBadInputWithItsReason(String label, Object value, String reason) {
        assertThatThrownBy(() -> parse(value)).as(label).isInstanceOf(UsageRejection.class)
                .hasMessageContaining(reason);
    }

    @Test
    void acceptsTheLimitsExactly() {
        String emoji128 = "\uD83D\uDE00".repeat(128);
        UsageEvent event = parse(Map.of("transaction_id", emoji128, "customer_id", "c".repeat(128),
                "event_type", "e".repeat(128), "timestamp", "2024-05-01T00:00:00Z"));
        assertThat(event.transactionId()).isEqualTo(emoji128);
    }
}
