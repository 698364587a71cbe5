package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * group_keys as Metronome has it (array of arrays) and as group_key_sets (array of records), which BigQuery loads;
 * the deprecated fields as Metronome sent them.
 */
class BillableMetricRecordsTest {

    private final BillableMetricRecords records = new BillableMetricRecords();

    private static BillableMetric metric(List<List<String>> groupKeys) {
        return new BillableMetric("m1", "calls", "SUM", "n", null, List.of(), groupKeys, Map.of(), null, null,
                null, null, null, null);
    }

    @Test
    void groupKeySetsHoldEachGroupAsARecordOfItsKeysInOrder() {
        Struct value = records.value("c1", metric(List.of(List.of("region", "zone"), List.of("tier"))));
        value.validate();

        assertThat(value.getArray("group_keys")).isEqualTo(List.of(List.of("region", "zone"), List.of("tier")));
        List<Struct> sets = value.getArray("group_key_sets");
        assertThat(sets).extracting(s -> s.getArray("keys"))
                .containsExactly(List.of("region", "zone"), List.of("tier"));
    }

    @Test
    void groupKeySetsHaveNoArrayDirectlyInsideAnArray() {
        Schema sets = records.valueSchema().field("group_key_sets").schema();
        assertThat(sets.type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(sets.valueSchema().type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(sets.valueSchema().name()).isEqualTo("io.kafkaconnect.metronome.avro.GroupKeySet");
        assertThat(sets.valueSchema().field("keys").schema().valueSchema().type()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void theDeprecatedFieldsAreCarriedAsMetronomeSentThem() throws Exception {
        JsonNode filter = MetronomeJson.MAPPER.readTree(
                "{\"property_filters\":[{\"name\":\"gb\"}],\"event_type\":\"x\"}");
        BillableMetric metric = new BillableMetric("m1", "storage", "SUM", "gb", null, List.of(),
                List.of(List.of("region")), Map.of(), null, null, "SUM", List.of("gb"), filter, List.of("region"));

        Struct value = records.value("c1", metric);
        value.validate();

        assertThat(value.getString("aggregate")).isEqualTo("SUM");
        assertThat(value.getArray("aggregate_keys")).containsExactly("gb");
        assertThat(value.getString("filter")).as("JSON text, keys sorted")
                .isEqualTo("{\"event_type\":\"x\",\"property_filters\":[{\"name\":\"gb\"}]}");
        assertThat(value.getArray("group_by")).containsExactly("region");
    }

    @Test
    void deprecatedFieldsMetronomeLeftOutAreNull() {
        Struct value = records.value("c1", metric(List.of()));
        value.validate();
        assertThat(value.get("aggregate")).isNull();
        assertThat(value.get("aggregate_keys")).isNull();
        assertThat(value.get("filter")).isNull();
        assertThat(value.get("group_by")).isNull();

        BillableMetric jsonNull = new BillableMetric("m1", "calls", "COUNT", null, null, List.of(), List.of(),
                Map.of(), null, null, null, null, NullNode.getInstance(), null);
        assertThat(records.value("c1", jsonNull).get("filter")).as("filter: null").isNull();
    }

    @Test
    void noGroupKeysIsAnEmptyList() {
        Struct value = records.value("c1", metric(null));
        value.validate();
        assertThat(value.getArray("group_keys")).isEmpty();
        assertThat(value.getArray("group_key_sets")).isEmpty();
    }
}
