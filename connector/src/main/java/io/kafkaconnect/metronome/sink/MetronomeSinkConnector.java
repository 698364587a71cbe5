package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.sinkcommon.MetronomeSinkConnectorBase;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Applies customer commands ({@code schemas/customer_command.avsc}) to Metronome idempotently: in topic order per
 * customer, concurrently across customers, one result per command on the results topic, rejected commands also
 * in the dead-letter queue. Key command records by customer reference so one customer's commands share a
 * partition. See {@link MetronomeSinkTask}.
 */
public class MetronomeSinkConnector extends MetronomeSinkConnectorBase<MetronomeSinkConfig> {

    @Override
    protected MetronomeSinkConfig parse(Map<String, String> props) {
        return new MetronomeSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MetronomeSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return MetronomeSinkConfig.CONFIG_DEF;
    }
}
