package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.Page;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page of list billable metrics as the seed documents it (with the deprecated aggregate, aggregate_keys, filter
 * and group_by) and as the SDK's list-metric shapes have it (without them): both read, absence is null.
 */
class BillableMetricParsingTest {

    @Test
    void readsTheDeprecatedFieldsOfTheSeedShape() throws IOException {
        BillableMetric metric = single("""
                {"data": [{"id": "m1", "name": "storage", "aggregate": "sum", "aggregate_keys": ["gb"],
                  "aggregation_key": "gb", "aggregation_type": "SUM",
                  "filter": {"properties": {"region": ["eu"]}, "event_type": "storage", "weight": 2.50},
                  "group_by": ["region", "tier"], "group_keys": [["region"], ["region", "tier"]],
                  "property_filters": [{"name": "gb", "exists": true}], "custom_fields": {}}],
                 "next_page": null}""");

        assertThat(metric.aggregate()).isEqualTo("sum");
        assertThat(metric.aggregateKeys()).containsExactly("gb");
        assertThat(metric.groupBy()).containsExactly("region", "tier");
        assertThat(metric.filter().get("event_type").asText()).isEqualTo("storage");
        assertThat(MetronomeJson.canonicalText(metric.filter())).as("keys sorted, numbers as sent")
                .isEqualTo("{\"event_type\":\"storage\",\"properties\":{\"region\":[\"eu\"]},\"weight\":2.50}");
        assertThat(metric.aggregationType()).isEqualTo("SUM");
        assertThat(metric.groupKeys()).containsExactly(List.of("region"), List.of("region", "tier"));
    }

    @Test
    void theSdkShapeWithoutThemReadsAsNull() throws IOException {
        BillableMetric metric = single("""
                {"data": [{"id": "m2", "name": "calls", "aggregation_type": "COUNT"}], "next_page": null}""");

        assertThat(metric.aggregate()).isNull();
        assertThat(metric.aggregateKeys()).isNull();
        assertThat(metric.filter()).isNull();
        assertThat(metric.groupBy()).isNull();
        assertThat(metric.aggregationType()).isEqualTo("COUNT");
    }

    @Test
    void explicitNullsAndEmptyValuesAreAccepted() throws IOException {
        BillableMetric metric = single("""
                {"data": [{"id": "m3", "name": "x", "aggregate": null, "aggregate_keys": [], "filter": {},
                  "group_by": null}], "next_page": null}""");

        assertThat(metric.aggregate()).isNull();
        assertThat(metric.aggregateKeys()).isEmpty();
        assertThat(MetronomeJson.canonicalText(metric.filter())).isEqualTo("{}");
        assertThat(metric.groupBy()).isNull();
    }

    private static BillableMetric single(String json) throws IOException {
        Page<BillableMetric> page = MetronomeJson.readPage(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), BillableMetric.class);
        assertThat(page.data()).hasSize(1);
        return page.data().get(0);
    }
}
