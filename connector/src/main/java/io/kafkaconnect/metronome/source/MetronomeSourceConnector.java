package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.config.ApiAccessCheck;
import io.kafkaconnect.metronome.config.NetworkSettings;
import io.kafkaconnect.metronome.config.RequestBudget;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Copies Metronome customers, daily costs, billable metrics and invoices into Kafka topics
 * ({@code <topic.prefix>.customers}, {@code .costs}, {@code .billable_metrics}, {@code .invoices}), change-aware and
 * resumable from Connect offsets.
 *
 * <p>Task 0 runs the customers stream; the per-customer streams are split over all tasks by a stable hash of the
 * customer id ({@link CustomerShard}). Exactly-once delivery works with the worker's
 * {@code exactly.once.source.support=enabled}: every record's offset is committed in the same transaction.
 */
public class MetronomeSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new MetronomeSourceConfig(props); // fail fast on an invalid config
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MetronomeSourceTask.class;
    }

    /** Every task gets the same settings plus its share of the connector's request budget. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        MetronomeSourceConfig config = new MetronomeSourceConfig(props);
        boolean perCustomerWork = config.streams().stream().anyMatch(s -> s != SourceStreamName.CUSTOMERS);
        return RequestBudget.taskConfigs(config, perCustomerWork ? maxTasks : 1); // customers alone cannot be split
    }

    @Override
    public void stop() {
        // tasks own every resource
    }

    @Override
    public ConfigDef config() {
        return MetronomeSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ApiAccessCheck.apply(NetworkSettings.check(super.validate(connectorConfigs)));
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /** Accepts resets (null) and well-formed offsets of every partition shape in {@link SourceOffsets}. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            try {
                SourceOffsets.validate(entry.getKey(), entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new ConnectException("cannot alter offsets: " + e.getMessage());
            }
        }
        return true;
    }
}
