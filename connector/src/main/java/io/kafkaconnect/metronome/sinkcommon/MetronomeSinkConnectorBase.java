package io.kafkaconnect.metronome.sinkcommon;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.config.ApiAccessCheck;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.config.NetworkSettings;
import io.kafkaconnect.metronome.config.RequestBudget;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * What both sink connectors do alike: check the config at start, give every task the same settings plus its share
 * of the connector's request budget, and validate with the network settings and one cheap API call.
 *
 * @param <C> the connector's typed config
 */
public abstract class MetronomeSinkConnectorBase<C extends MetronomeConnectionConfig> extends SinkConnector {

    private Map<String, String> props;

    /** The typed config of these properties; throws on an invalid one. */
    protected abstract C parse(Map<String, String> props);

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        parse(props); // fail fast on an invalid config
    }

    /** Every task gets the same settings plus its share of the connector's request budget. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return RequestBudget.taskConfigs(parse(props), maxTasks);
    }

    @Override
    public void stop() {
    }

    /** Field validation, then one cheap API call so a wrong URL or token is refused at creation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ApiAccessCheck.apply(NetworkSettings.check(super.validate(connectorConfigs)));
    }
}
