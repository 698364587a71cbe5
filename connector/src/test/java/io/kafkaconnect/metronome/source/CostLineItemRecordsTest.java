package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CostBucket.CreditTypeCost;
import io.kafkaconnect.metronome.client.model.CostBucket.LineItemCost;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The flat cost line item records made from a day's breakdown: key, columns, exact money. */
class CostLineItemRecordsTest {

    private static final Instant DAY = Instant.parse("2024-05-09T00:00:00Z");
    private static final String USD = "usd-cents";

    private static CostBucket bucket(CreditTypeCost cost) {
        return new CostBucket(DAY, DAY.plusSeconds(86_400), Map.of(USD, cost));
    }

    @Test
    void oneRecordPerLineItemAndGroupWithAKeyWithoutNulls() {
        CreditTypeCost cost = new CreditTypeCost("USD (cents)", new BigDecimal("7.30000000000000003"), List.of(
                new LineItemCost("api calls", new BigDecimal("0.30000000000000003"), null, null),
                new LineItemCost("storage", new BigDecimal("4"), "region", "eu"),
                new LineItemCost("storage", new BigDecimal("3"), "region", "us")));

        List<CostRecords.LineItem> items = new CostRecords().lineItems("c1", bucket(cost), USD, cost, false);

        assertThat(items).hasSize(3);
        items.forEach(item -> {
            item.key().validate();
            item.value().validate();
        });
        Struct key = items.get(0).key();
        assertThat(key.schema().name()).isEqualTo("io.kafkaconnect.metronome.avro.CostLineItemKey");
        assertThat(Arrays.asList(key.get("customer_id"), key.get("start_timestamp"), key.get("credit_type_id"),
                key.get("name"), key.get("group_key"), key.get("group_value")))
                .containsExactly("c1", Date.from(DAY), USD, "api calls", "", "");
        assertThat(items).extracting(i -> i.key().getString("name") + "/" + i.key().getString("group_key") + "="
                + i.key().getString("group_value")).containsExactly("api calls/=", "storage/region=eu",
                "storage/region=us");
        Struct value = items.get(1).value();
        assertThat(value.schema().name()).isEqualTo("io.kafkaconnect.metronome.avro.CostLineItem");
        assertThat(value.getString("customer_id")).isEqualTo("c1");
        assertThat(value.get("start_timestamp")).isEqualTo(Date.from(DAY));
        assertThat(value.get("end_timestamp")).isEqualTo(Date.from(DAY.plusSeconds(86_400)));
        assertThat(value.getString("credit_type_id")).isEqualTo(USD);
        assertThat(value.getString("credit_type_name")).isEqualTo("USD (cents)");
        assertThat(value.getString("name")).isEqualTo("storage");
        assertThat(value.getString("group_key")).isEqualTo("region");
        assertThat(value.getString("group_value")).isEqualTo("eu");
        assertThat(value.getBoolean("pending")).isFalse();
        assertThat((BigDecimal) items.get(0).value().get("cost"))
                .isEqualTo(new BigDecimal("0.300000000000000030")); // exact, scale 18
    }

    @Test
    void theSameLineItemAndGroupListedTwiceIsOneRecordWithTheExactSum() {
        CreditTypeCost cost = new CreditTypeCost(null, new BigDecimal("1"), List.of(
                new LineItemCost("calls", new BigDecimal("0.10000000000000001"), "k", "v"),
                new LineItemCost("calls", new BigDecimal("0.20000000000000002"), "k", "v")));

        List<CostRecords.LineItem> items = new CostRecords().lineItems("c1", bucket(cost), USD, cost, true);

        assertThat(items).singleElement().satisfies(item -> {
            assertThat((BigDecimal) item.value().get("cost")).isEqualTo(new BigDecimal("0.300000000000000030"));
            assertThat(item.value().getBoolean("pending")).isTrue();
            assertThat(item.value().getString("credit_type_name")).isNull();
        });
    }

    @Test
    void stringModeWritesTheDigitsAsSentAndNoBreakdownMeansNoRecords() {
        CreditTypeCost cost = new CreditTypeCost("USD", new BigDecimal("0.30000000000000003"), List.of(
                new LineItemCost(null, new BigDecimal("0.30000000000000003"), null, null)));
        CostRecords records = new CostRecords(DecimalHandlingMode.STRING);

        Struct value = records.lineItems("c1", bucket(cost), USD, cost, false).get(0).value();

        assertThat(value.getString("cost")).isEqualTo("0.30000000000000003");
        assertThat(value.getString("name")).isEmpty();
        CreditTypeCost none = new CreditTypeCost("USD", BigDecimal.ZERO, null);
        assertThat(records.lineItems("c1", bucket(none), USD, none, false)).isEmpty();
    }
}
