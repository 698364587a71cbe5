package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.config.ApiAccessCheck;
import io.kafkaconnect.metronome.config.NetworkSettings;
import io.kafkaconnect.metronome.config.RequestBudget;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Applies customer commands ({@code schemas/customer_command.avsc}) to Metronome idempotently: in topic order per
 * customer, concurrently across customers, one result per command on the results topic, rejected commands also
 * in the dead-letter queue. Key command records by customer reference so one customer's commands share a
 * partition. See {@link MetronomeSinkTask}.
 */
public class MetronomeSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new MetronomeSinkConfig(props); // fail fast on an invalid config
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MetronomeSinkTask.class;
    }

    /** Every task gets the same settings plus its share of the connector's request budget. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return RequestBudget.taskConfigs(new MetronomeSinkConfig(props), maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MetronomeSinkConfig.CONFIG_DEF;
    }

    /** Field validation, then one cheap API call so a wrong URL or token is refused at creation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ApiAccessCheck.apply(NetworkSettings.check(super.validate(connectorConfigs)));
    }
}
