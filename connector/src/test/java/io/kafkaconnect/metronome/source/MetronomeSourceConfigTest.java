package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class MetronomeSourceConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("metronome.api.token", "secret-token");
        return props;
    }

    @Test
    void defaultsNameTheTopicsFromThePrefix() {
        MetronomeSourceConfig config = new MetronomeSourceConfig(minimal());

        assertThat(config.streams()).as("invoices only when named: an upgrade writes to no new topic")
                .containsExactlyInAnyOrder(SourceStreamName.CUSTOMERS, SourceStreamName.COSTS,
                        SourceStreamName.BILLABLE_METRICS);
        assertThat(config.topic(SourceStreamName.INVOICES)).isEqualTo("metronome.invoices");
        assertThat(config.invoiceLineItemsTopic()).isEqualTo("metronome.invoice_line_items");
        assertThat(config.invoicesIncludeDrafts()).isFalse();
        assertThat(config.invoicesStartDate()).isEmpty();
        assertThat(config.topic(SourceStreamName.BILLABLE_METRICS)).isEqualTo("metronome.billable_metrics");
        assertThat(config.progressTopic()).isEqualTo("metronome.progress");
        assertThat(config.costsStartDate()).isEmpty();
        assertThat(config.customersPageSize()).isEqualTo(100);
        assertThat(config.costLineItems()).as("off by default: an upgrade writes to no new topic").isFalse();
    }

    @Test
    void costLineItemsGoToTheirTopicUnderThePrefix() {
        Map<String, String> props = minimal();
        props.put("topic.prefix", "billing");
        props.put("costs.line.items", "true");

        MetronomeSourceConfig config = new MetronomeSourceConfig(props);

        assertThat(config.costLineItems()).isTrue();
        assertThat(config.costLineItemsTopic()).isEqualTo("billing.cost_line_items");
        props.put("costs.line.items", "maybe");
        assertThatThrownBy(() -> new MetronomeSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("costs.line.items");
    }

    @Test
    void parsesStreamsDateAndPrefix() {
        Map<String, String> props = minimal();
        props.put("streams", "customers, costs");
        props.put("topic.prefix", "billing");
        props.put("costs.start.date", "2024-02-29");

        MetronomeSourceConfig config = new MetronomeSourceConfig(props);

        assertThat(config.streams()).containsExactlyInAnyOrder(SourceStreamName.CUSTOMERS, SourceStreamName.COSTS);
        assertThat(config.topic(SourceStreamName.COSTS)).isEqualTo("billing.costs");
        assertThat(config.costsStartDate()).contains(LocalDate.of(2024, 2, 29));
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        Map<String, String> props = minimal();
        props.put("streams", "customers,invoice");
        assertThatThrownBy(() -> new MetronomeSourceConfig(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams").hasMessageContaining("invoice");

        props.put("streams", "customers");
        props.put("costs.start.date", "01/02/2024");
        assertThatThrownBy(() -> new MetronomeSourceConfig(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("costs.start.date");

        props.remove("costs.start.date");
        props.put("customers.page.size", "101");
        assertThatThrownBy(() -> new MetronomeSourceConfig(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("customers.page.size");

        props.put("customers.page.size", "10");
        props.put("topic.prefix", "bad prefix");
        assertThatThrownBy(() -> new MetronomeSourceConfig(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic.prefix");
    }

    @Test
    void recommendsTheKnownStreams() {
        Map<String, ConfigValue> values = new HashMap<>();
        MetronomeSourceConfig.CONFIG_DEF.validate(minimal()).forEach(v -> values.put(v.name(), v));
        assertThat(values.get("streams").recommendedValues())
                .isEqualTo(List.of("customers", "costs", "billable_metrics", "invoices"));
    }

    @Test
    void splitsPerCustomerWorkOverTasksButNotTheCustomersStreamAlone() {
        MetronomeSourceConnector connector = new MetronomeSourceConnector();
        Map<String, String> props = minimal();
        props.put("name", "src");
        connector.start(props);
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).hasSize(3);
        assertThat(tasks).extracting(t -> t.get("task.index")).containsExactly("0", "1", "2");
        assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("task.count", "3"));

        props.put("streams", "customers");
        connector.start(props);
        assertThat(connector.taskConfigs(3)).hasSize(1);
    }
}
