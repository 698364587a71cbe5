package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Money end to end: the digits of a cost as the emulator writes them on the wire (more than a double holds) reach
 * the costs record unchanged, in each {@code decimal.handling.mode}.
 */
class CostRecordsMoneyTest {

    /** 17 significant digits: as a double this is 0.1. */
    private static final BigDecimal RATE = new BigDecimal("0.10000000000000001");
    /** 3 calls at RATE: 17 significant digits; as a double 0.30000000000000004. */
    private static final String EXPECTED_COST = "0.30000000000000003";
    private static final String DAY = "2024-05-09";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private String customerId;

    @BeforeEach
    void start() {
        emulator.setNow(Instant.parse("2024-05-10T12:00:00Z"));
        ApiCallsCustomer customer = ApiCallsCustomer.create(client, "exact");
        customerId = customer.id();
        emulator.setExactRates(customerId, Map.of(customer.metricId(), RATE));
        customer.usage(DAY + "T10:00:00Z", 3);
    }

    @Test
    void theWireCarriesMoreDigitsThanADoubleHolds() throws Exception {
        String wire = wireCost();
        assertThat(wire).isEqualTo(EXPECTED_COST);
        assertThat(new BigDecimal(wire).precision()).isEqualTo(17);
        assertThat(BigDecimal.valueOf(Double.parseDouble(wire)).toPlainString()).isNotEqualTo(wire);
    }

    @Test
    void preciseModeKeepsEveryDigitAsADecimalOfScale18() throws Exception {
        Struct value = costValue(DecimalHandlingMode.PRECISE);
        Schema schema = value.schema().field("cost").schema();
        assertThat(schema.name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(schema.parameters()).containsEntry(Decimal.SCALE_FIELD, "18")
                .containsEntry(DecimalHandlingMode.PRECISION_PARAMETER, "38");
        BigDecimal cost = (BigDecimal) value.get("cost");
        assertThat(cost.scale()).isEqualTo(18);
        assertThat(cost.toPlainString()).isEqualTo(wireCost() + "0"); // padded to 18 decimals, nothing else
        assertThat(cost.stripTrailingZeros().toPlainString()).isEqualTo(wireCost());
        Struct line = (Struct) value.getArray("line_item_breakdown").get(0);
        assertThat(((BigDecimal) line.get("cost")).stripTrailingZeros().toPlainString()).isEqualTo(wireCost());
    }

    @Test
    void stringModeWritesTheDigitsAsSent() throws Exception {
        Struct value = costValue(DecimalHandlingMode.STRING);
        assertThat(value.schema().field("cost").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(value.getString("cost")).isEqualTo(wireCost());
        assertThat(((Struct) value.getArray("line_item_breakdown").get(0)).getString("cost")).isEqualTo(wireCost());
    }

    @Test
    void doubleModeIsTheDocumentedLossyOne() throws Exception {
        Struct value = costValue(DecimalHandlingMode.DOUBLE);
        assertThat(value.schema().field("cost").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(value.getFloat64("cost")).isEqualTo(Double.parseDouble(wireCost()));
    }

    @Test
    void preciseModeRefusesRatherThanRoundsAValueBeyondScale18() {
        Schema cost = new CostRecords(DecimalHandlingMode.PRECISE).valueSchema().field("cost").schema();
        assertThat(DecimalHandlingMode.toConnect(cost, new BigDecimal("1.100000000000000000000")))
                .isEqualTo(new BigDecimal("1.100000000000000000"));
        assertThatThrownBy(() -> DecimalHandlingMode.toConnect(cost, new BigDecimal("0.1234567890123456789")))
                .isInstanceOf(DataException.class).hasMessageContaining("decimal.handling.mode=string");
        assertThatThrownBy(() -> DecimalHandlingMode.toConnect(cost, new BigDecimal("1E+20")))
                .isInstanceOf(DataException.class);
        assertThat(DecimalHandlingMode.toConnect(cost, new BigDecimal("99999999999999999999.999999999999999999")))
                .isEqualTo(new BigDecimal("99999999999999999999.999999999999999999"));
    }

    /** The cost of {@link #DAY} as the emulator writes it in its JSON (the text of the number). */
    private String wireCost() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/customers/" + customerId
                        + "/costs?starting_on=" + DAY + "T00:00:00Z&ending_before=2024-05-10T00:00:00Z"))
                .header("Authorization", "Bearer dev-token").GET().build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        JsonNode bucket = new ObjectMapper().readTree(body).path("data").get(0);
        String creditType = bucket.path("credit_types").fieldNames().next();
        // the raw text of the number, as it stands in the body (not through a double)
        int at = body.indexOf("\"cost\":", body.indexOf(creditType)) + "\"cost\":".length();
        int end = at;
        while (end < body.length() && "0123456789.-+eE".indexOf(body.charAt(end)) >= 0) {
            end++;
        }
        return body.substring(at, end);
    }

    private Struct costValue(DecimalHandlingMode mode) {
        Map<String, String> props = Map.of("metronome.api.token", "dev-token", "costs.start.date", DAY,
                "costs.lookback.days", "0", "decimal.handling.mode", mode.id());
        MetronomeSourceConfig config = new MetronomeSourceConfig(props);
        assertThat(config.decimalHandlingMode()).isEqualTo(mode);
        CostsStream stream = new CostsStream(config, client, new InMemoryOffsets(), new CostRecords(mode));
        List<SourceRecord> records = stream.process(List.of(customerId), emulator.now()).records();
        SourceRecord record = records.stream()
                .filter(r -> r.topic().equals("metronome.costs"))
                .filter(r -> ((java.util.Date) ((Struct) r.value()).get("start_timestamp")).toInstant()
                        .toString().startsWith(DAY))
                .findFirst().orElseThrow();
        ((Struct) record.value()).validate();
        return (Struct) record.value();
    }
}
