package io.kafkaconnect.metronome.usage;

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
 * Sends usage events ({@code schemas/usage_event.avsc}, schemaless JSON or JSON text, or the company's own shape
 * through a field mapping) to Metronome's {@code POST /v1/ingest}: batched, many requests in flight, within the
 * connector's request budget, retried until acknowledged; offsets are committed only for events Metronome
 * acknowledged or the dead-letter queue holds. Events without a transaction_id get one derived from their record's
 * position, so redelivery never bills twice. See {@link MetronomeUsageSinkTask}.
 */
public class MetronomeUsageSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new MetronomeUsageSinkConfig(props); // fail fast on an invalid config
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MetronomeUsageSinkTask.class;
    }

    /** Every task gets the same settings plus its share of the connector's request budget. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return RequestBudget.taskConfigs(new MetronomeUsageSinkConfig(props), maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MetronomeUsageSinkConfig.CONFIG_DEF;
    }

    /** Field validation, then one cheap API call so a wrong URL or token is refused at creation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ApiAccessCheck.apply(NetworkSettings.check(super.validate(connectorConfigs)));
    }
}
