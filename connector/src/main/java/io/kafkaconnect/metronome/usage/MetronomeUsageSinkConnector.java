package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.sinkcommon.MetronomeSinkConnectorBase;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Sends usage events ({@code schemas/usage_event.avsc}, schemaless JSON or JSON text, or the company's own shape
 * through a field mapping) to Metronome's {@code POST /v1/ingest}: batched, many requests in flight, within the
 * connector's request budget, retried until acknowledged; offsets are committed only for events Metronome
 * acknowledged or the dead-letter queue holds. Events without a transaction_id get one derived from their record's
 * position, so redelivery never bills twice. See {@link MetronomeUsageSinkTask}.
 */
public class MetronomeUsageSinkConnector extends MetronomeSinkConnectorBase<MetronomeUsageSinkConfig> {

    @Override
    protected MetronomeUsageSinkConfig parse(Map<String, String> props) {
        return new MetronomeUsageSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MetronomeUsageSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return MetronomeUsageSinkConfig.CONFIG_DEF;
    }
}
